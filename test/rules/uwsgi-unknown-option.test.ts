import { describe, expect, test } from 'vitest';
import { lintText } from '../../src/lint.js';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/unknown-option', () => {
  test("bad: underscore spelling, with the fix", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', "[uwsgi]\nmodule = app:application\nchmod_socket = 660\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:1-3:13", "error"]]);
    expect(found[0].message).toContain("Write `chmod-socket`");
  });
  test("good: options and a used placeholder", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', "[uwsgi]\nbase = /srv/app\nchdir = %(base)\nmodule = app:application\nend = \n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
  test("unused unknown name without a suggestion is a warning", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', "[uwsgi]\nproject = shop\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:1-2:8", "warning"]]);
    expect(found[0].message).toContain("strict = true");
  });
});

// gdamjan/uwsgi-deployments (docs/evaluation.md, fourth sample): php-index with `plugins = php`
// was an error with a rename to cgi-index while the php plugin's table was missing.
describe('uwsgi/unknown-option: plugins', () => {
  test('the php plugin\'s options are options (its table comes from the plugin, as the others)', async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', '[uwsgi]\nplugins = php\nphp-docroot = /srv/www\nphp-index = index.php\nphp-allowed-ext = .php\n');
    expect(found).toEqual([]);
  });

  test('a plugin the linter has no table for may define a near-miss key: a warning, no rename', async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', '[uwsgi]\nplugins = psgi\npsgi-index = index.pl\n');
    expect(found.map((f) => [f.at, f.severity, f.fix])).toEqual([['3:1-3:11', 'warning', undefined]]);
    expect(found[0].message).toContain('the config loads `psgi`, whose options it does not know');
  });
});

describe('uwsgi/unknown-option: renames and the value in force (issue 19)', () => {
  const lint = async (text: string) => (await lintText([{ path: 'app.ini', text, kind: 'uwsgi' }], { cwd: '/project' })).results[0].messages.filter((m) => m.ruleId === 'uwsgi/unknown-option');

  test('a rename is an unsafe fix: the ignored line would take effect', async () => {
    const [m] = await lint('[uwsgi]\nmodule = app\nchmod_socket = 660\n');
    expect(m.fix).toEqual({ range: [21, 33], text: 'chmod-socket', applicability: 'unsafe' });
  });

  test('a rename that would override an earlier value in force: said, with the line, and no fix', async () => {
    const [m] = await lint('[uwsgi]\nmodule = app\nchmod-socket = 660\nchmod_socket = 666\n');
    expect([m.line, m.column, m.endLine, m.endColumn]).toEqual([4, 1, 4, 13]);
    expect(m.message).toBe('`chmod_socket` is not a uWSGI option: uWSGI ignores unknown keys without a word (only `strict = true` makes them fatal), so this line has no effect. Renaming it to `chmod-socket` would override `chmod-socket = 660` on line 3, in force today, with 666: keep the value you want on one line and delete the other');
    expect(m.related.map((r) => [r.line, r.column, r.message])).toEqual([[3, 1, 'in force today; renaming `chmod_socket` would override it']]);
    expect(m.fix).toBeUndefined();
  });

  test('the same for a typo of a single-valued option', async () => {
    const [m] = await lint('[uwsgi]\nmodule = app\nprocesses = 2\nprocesess = 8\n');
    expect(m.message).toContain('Renaming it to `processes` would override `processes = 2` on line 3, in force today, with 8');
    expect(m.fix).toBeUndefined();
  });

  test('no override: the same value, a later line that wins anyway, or a list option', async () => {
    for (const text of [
      '[uwsgi]\nmodule = app\nchmod-socket = 660\nchmod_socket = 660\n',
      '[uwsgi]\nmodule = app\nchmod_socket = 666\nchmod-socket = 660\n',
      '[uwsgi]\nmodule = app\nsocket = /run/a.sock\nsokcet = /run/b.sock\n',
    ]) {
      const [m] = await lint(text);
      expect(m.message, text).not.toContain('would override');
      expect(m.fix?.applicability, text).toBe('unsafe');
    }
  });
});

// Real typos from the corpus and the issue: each gets the option that was meant.
test.each([
  ['vacum', 'vacuum'],
  ['vaccum', 'vacuum'],
  ['process', 'processes'],
  ['max-request', 'max-requests'],
  ['die-one-term', 'die-on-term'],
  ['uwsgi-file', 'wsgi-file'],
  ['logfile', 'logto'],
  ['chmod_socket', 'chmod-socket'],
  ['chmod-sockets', 'chmod-socket'],
])('did you mean: %s -> %s', async (typo, meant) => {
  const found = await uwsgiFindings('uwsgi/unknown-option', `[uwsgi]\nmodule = app\n${typo} = 1\n`);
  expect(found).toHaveLength(1);
  expect(found[0].at).toBe(`3:1-3:${typo.length + 1}`);
  expect(found[0].severity).toBe('error');
  expect(found[0].message).toContain(`\`${meant}\``);
  expect(found[0].message).toContain('strict = true');
});
