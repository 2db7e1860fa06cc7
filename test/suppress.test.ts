// Inline suppressions in nginx and uWSGI comments, and the finding for one that suppresses nothing.
import { describe, expect, test } from 'vitest';
import { lintText } from '../src/lint.js';

const site = (...lines: string[]) => ['server {', '    listen 80;', '    location / {', ...lines, '    }', '}', ''].join('\n');
const findings = async (files: { path: string; text: string }[]) => {
  const result = await lintText(files, { cwd: '/p' });
  return result.results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId}`));
};
const app = '[uwsgi]\nsocket = /run/app.sock\nchmod-socket = 660\nchown-socket = www-data:www-data\nuid = app\ngid = www-data\nmaster = true\nmodule = app:application\ndie-on-term = true\nvacuum = true\nbuffer-size = 32768\n';

describe('suppressions', () => {
  test('disable-next-line hides the named rule on the next line only', async () => {
    const bad = site('        uwsgi_pass unix:/run/other.sock;', '        include uwsgi_params;');
    expect(await findings([{ path: 'site.conf', text: bad }, { path: 'app.ini', text: app }])).toContain('site.conf:4:20 pair/socket-mismatch');
    const quiet = site('        # nginx-uwsgi-lint disable-next-line pair/socket-mismatch -- the socket comes from the image', '        uwsgi_pass unix:/run/other.sock;', '        include uwsgi_params;');
    const got = await findings([{ path: 'site.conf', text: quiet }, { path: 'app.ini', text: app }]);
    expect(got.filter((f) => f.includes('pair/socket-mismatch'))).toEqual([]);
    expect(got.filter((f) => f.includes('lint/unused-suppression'))).toEqual([]);
  });

  test('disable-line on an nginx end-of-line comment', async () => {
    const text = site('        uwsgi_pass unix:/run/other.sock; # nginx-uwsgi-lint disable-line pair/socket-mismatch', '        include uwsgi_params;');
    const got = await findings([{ path: 'site.conf', text }, { path: 'app.ini', text: app }]);
    expect(got.filter((f) => f.includes('pair/socket-mismatch') || f.includes('unused'))).toEqual([]);
  });

  test('disable-file in a uWSGI whole-line comment, with no rule ids: every rule', async () => {
    const ini = '; nginx-uwsgi-lint disable-file -- legacy box\n[uwsgi]\nsocket = :3031\nmodule = app\n';
    const got = await findings([{ path: 'app.ini', text: ini }]);
    expect(got).toEqual([]);
  });

  test('a suppression that suppresses nothing is reported where it is written', async () => {
    const text = site('        # nginx-uwsgi-lint disable-next-line nginx/syntax -- stale', '        uwsgi_pass unix:/run/app.sock;', '        include uwsgi_params;');
    expect(await findings([{ path: 'site.conf', text }, { path: 'app.ini', text: app }])).toEqual(['site.conf:4:9 lint/unused-suppression']);
  });

  test('only the listed rules are suppressed', async () => {
    const text = site('        # nginx-uwsgi-lint disable-next-line pair/missing-params', '        uwsgi_pass unix:/run/other.sock;');
    const got = await findings([{ path: 'site.conf', text }, { path: 'app.ini', text: app }]);
    expect(got).toContain('site.conf:5:20 pair/socket-mismatch');
    expect(got.filter((f) => f.includes('pair/missing-params') || f.includes('unused'))).toEqual([]);
  });

  test('a rule turned off in the configuration reports nothing', async () => {
    const text = site('        uwsgi_pass unix:/run/other.sock;', '        include uwsgi_params;');
    const result = await lintText([{ path: 'site.conf', text }, { path: 'app.ini', text: app }], { cwd: '/p', config: { rules: { 'pair/socket-mismatch': 'off' } } });
    expect(result.results.flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain('pair/socket-mismatch');
  });
});

describe('a rule that throws', () => {
  test('is reported as lint/internal-error and the other rules still report', async () => {
    const { runRules } = await import('../src/engine.js');
    const { projectFromTexts } = await import('../src/lint.js');
    const project = projectFromTexts([{ path: 'site.conf', text: 'server {\n' }], { cwd: '/p' });
    const broken = { meta: { id: 'nginx/broken', description: 'a rule with a bug in it', defaultSeverity: 'error' as const, tags: [], fixable: false }, check: () => { throw new Error('boom'); } };
    const working = { meta: { id: 'nginx/works', description: 'a rule that reports once', defaultSeverity: 'warning' as const, tags: [], fixable: false }, check: (c: { report: (r: never) => void; project: typeof project }) => c.report({ span: { source: c.project.nginx[0].root.source, start: 0, end: 1 }, message: 'found' } as never) };
    const found = runRules(project, [broken, working as never], []);
    expect(found.map((d) => `${d.ruleId}: ${d.message}`)).toEqual(['lint/internal-error: internal error in rule nginx/broken: boom; please report it', 'nginx/works: found']);
  });
});
