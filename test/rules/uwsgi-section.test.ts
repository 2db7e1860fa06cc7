import { describe, expect, test } from 'vitest';
import { byRule, lintFiles, uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/section', () => {
  test("near miss points at the header, with did-you-mean", async () => {
    const found = await uwsgiFindings('uwsgi/section', "[ uwsgi ]\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["1:1-1:10", "error"]]);
    expect(found[0].message).toContain("Write `[uwsgi]`");
  });
  test("case", async () => {
    const found = await uwsgiFindings('uwsgi/section', "[uWSGI]\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["1:1-1:8", "error"]]);
    expect(found[0].message).toContain("case-sensitively");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/section', "[uwsgi]\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });

  // savoirfairelinux/ansible-uwsgi-nginx (docs/evaluation.md, fourth sample): `{% include %}`d into [uwsgi].
  test('a template with no header at all may be a fragment: a warning that says when it fails', async () => {
    const fragment = 'module = wsgi:application\nwsgi-file = wsgi.py\nhome = {{ venv_path }}\n';
    const found = byRule(await lintFiles({ 'templates/uwsgi_plugins/python.ini.j2': fragment }, { kind: 'uwsgi' }), 'uwsgi/section');
    expect(found.map((f) => [f.line, f.column, f.severity])).toEqual([[1, 1, 'warning']]);
    expect(found[0].message).toContain('if it is a fragment another template includes into its [uwsgi] section, this is fine');
    // Not a template, or a template with another header: as before.
    expect((await uwsgiFindings('uwsgi/section', 'module = wsgi:application\n')).map((f) => f.severity)).toEqual(['error']);
    expect(byRule(await lintFiles({ 'app.ini.j2': '[app]\nmodule = {{ m }}\n' }, { kind: 'uwsgi' }), 'uwsgi/section').map((f) => f.severity)).toEqual(['error']);
  });

  test('a file too large to parse is reported as that (uwsgi/syntax), never as one without [uwsgi]', async () => {
    const text = '[uwsgi]\nmodule = app\n' + 'env = A=b\n'.repeat(420_000);
    expect(await uwsgiFindings('uwsgi/section', text)).toEqual([]);
    expect((await uwsgiFindings('uwsgi/syntax', text)).map((f) => f.message)).toEqual([expect.stringMatching(/over the 4194304 limit for a uWSGI ini; not parsed/)]);
  });
});
