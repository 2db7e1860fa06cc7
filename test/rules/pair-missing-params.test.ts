import { describe, expect, test } from 'vitest';
import { lintText } from '../../src/lint.js';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/missing-params';

describe(ID, () => {
  test('uwsgi_pass with no uwsgi_param: a warning on the target, with or without a uWSGI config', async () => {
    for (const files of [{ 'site.conf': site('uwsgi_pass 127.0.0.1:3031', '') }, { 'site.conf': site('uwsgi_pass 127.0.0.1:3031', ''), 'app.ini': ini('socket = 127.0.0.1:3031') }]) {
      const f = byRule(await lintPair(files), ID);
      expect(f.map((x) => [x.severity, x.line, x.column, x.endColumn])).toEqual([['warning', 5, 20, 34]]);
      expect(f[0].message).toContain('include uwsgi_params;');
    }
  });

  test('include of a uwsgi_params outside the tree (/app/uwsgi_params, copied there by a Dockerfile): read as the standard file, with an info', async () => {
    for (const path of ['/app/uwsgi_params', '/home/ec2-user/aws/uwsgi_params', '/ops/uwsgi_params.conf']) {
      const conf = site('uwsgi_pass 127.0.0.1:3031', `include ${path};`);
      expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = 127.0.0.1:3031') }), ID)).toEqual([]);
      const result = await lintText([{ path: 'site.conf', text: conf, kind: 'nginx' }], { cwd: '/project' });
      const info = result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'nginx/missing-include'));
      expect(info.map((m) => [m.severity, m.line, m.column, m.endLine, m.endColumn])).toEqual([['info', 4, 17, 4, 17 + path.length]]);
      expect(info[0].message).toContain('read as the standard uwsgi_params');
    }
    // Another name is not assumed to be anything: the pass still has no uwsgi_param.
    const other = site('uwsgi_pass 127.0.0.1:3031', 'include /app/my_params;');
    expect(byRule(await lintPair({ 'site.conf': other }), ID).map((x) => x.severity)).toEqual(['warning']);
  });

  test("a location's own uwsgi_param hides the server's include (all-or-nothing inheritance)", async () => {
    const conf = 'server {\n    include uwsgi_params;\n    location / {\n        uwsgi_param SCRIPT_NAME /app;\n        uwsgi_pass 127.0.0.1:3031;\n    }\n}\n';
    const f = byRule(await lintPair({ 'site.conf': conf }), ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 5, column: 20 });
    expect(f[0].message).toContain('all-or-nothing');
    expect(f[0].related[0]).toMatchObject({ filePath: 'site.conf', line: 4, column: 21 });
  });

  test('fastcgi_pass to a uWSGI fastcgi-socket without PATH_INFO; not for other FastCGI backends', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('fastcgi_pass 127.0.0.1:9000', 'include fastcgi_params;'), 'app.ini': ini('fastcgi-socket = 127.0.0.1:9000') }), ID);
    expect(f.map((x) => [x.severity, x.line, x.column])).toEqual([['warning', 5, 22]]);
    expect(byRule(await lintPair({ 'site.conf': site('fastcgi_pass 127.0.0.1:9000', 'include fastcgi_params;') }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': site('fastcgi_pass 127.0.0.1:9000', 'include fastcgi_params; fastcgi_param PATH_INFO $document_uri;'), 'app.ini': ini('fastcgi-socket = 127.0.0.1:9000') }), ID)).toEqual([]);
  });

  test('include uwsgi_params in a proxy_pass location: info on the include', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('proxy_pass http://127.0.0.1:8000') }), ID);
    expect(f.map((x) => [x.severity, x.line, x.column, x.endColumn])).toEqual([['info', 4, 17, 29]]);
  });

  test.each([
    ['include uwsgi_params (Debian 12 ends with HTTP_HOST $host)', site('uwsgi_pass 127.0.0.1:3031')],
    ['include at the server level only', 'server {\n    include uwsgi_params;\n    location / {\n        uwsgi_pass 127.0.0.1:3031;\n    }\n}\n'],
    ['include and an extra param in the location', site('uwsgi_pass 127.0.0.1:3031', 'include uwsgi_params; uwsgi_param SCRIPT_NAME /app;')],
  ])('no finding: %s', async (_, conf) => {
    expect(byRule(await lintPair({ 'site.conf': conf }), ID)).toEqual([]);
  });
});
