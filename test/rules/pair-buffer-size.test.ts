import { describe, expect, test } from 'vitest';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/buffer-size';

describe(ID, () => {
  test('default buffer-size behind the default large_client_header_buffers: warning, the socket related', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031'), 'app.ini': ini('socket = 127.0.0.1:3031') }), ID);
    expect(f.map((x) => [x.severity, x.line, x.column, x.endColumn])).toEqual([['warning', 5, 20, 34]]);
    expect(f[0].message).toContain('4096');
    expect(f[0].related).toEqual([expect.objectContaining({ filePath: 'app.ini', line: 2, column: 10 })]);
  });

  test('http-socket too, and an explicit small buffer-size is the related location', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('proxy_pass http://127.0.0.1:8000', ''), 'app.ini': ini('http-socket = 127.0.0.1:8000', 'buffer-size = 8192') }), ID);
    expect(f).toHaveLength(1);
    expect(f[0].related[0]).toMatchObject({ filePath: 'app.ini', line: 3, column: 15 });
  });

  test('nginx lets through more than uWSGI takes: the directive is related', async () => {
    const conf = site('uwsgi_pass 127.0.0.1:3031', 'include uwsgi_params; large_client_header_buffers 8 16k;');
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = 127.0.0.1:3031', 'buffer-size = 32768') }), ID);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('131072');
  });

  test.each([
    ['buffer-size = 32768', site('uwsgi_pass 127.0.0.1:3031'), 'buffer-size = 32768'],
    ['buffer-size = 65535 with huge nginx buffers', site('uwsgi_pass 127.0.0.1:3031', 'include uwsgi_params; large_client_header_buffers 8 16k;'), 'buffer-size = 65535'],
    ['nginx limits headers to 4 1k', site('uwsgi_pass 127.0.0.1:3031', 'include uwsgi_params; large_client_header_buffers 4 1k;'), 'socket = 127.0.0.1:3032'],
    ['templated buffer-size', site('uwsgi_pass 127.0.0.1:3031'), 'buffer-size = {{ size }}'],
  ])('no finding: %s', async (_, conf, line) => {
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = 127.0.0.1:3031', line) }), ID)).toEqual([]);
  });
});
