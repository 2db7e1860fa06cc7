import { describe, expect, test } from 'vitest';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/protocol-mismatch';

describe(ID, () => {
  test.each([
    ['socket behind proxy_pass', site('proxy_pass http://127.0.0.1:3031', ''), 'socket = 127.0.0.1:3031', /invalid request block size/, 'uwsgi_pass 127.0.0.1:3031;'],
    ['http router behind uwsgi_pass', site('uwsgi_pass 127.0.0.1:3031'), 'http = 127.0.0.1:3031', /uwsgi_read_timeout \(60s, the default\).*504/, 'proxy_pass http://127.0.0.1:3031;'],
    ['http-socket behind uwsgi_pass', site('uwsgi_pass 127.0.0.1:3031'), 'http-socket = 127.0.0.1:3031', /502 Bad Gateway after about 4 seconds/, 'proxy_pass http://127.0.0.1:3031;'],
    ['fastcgi-socket behind uwsgi_pass', site('uwsgi_pass 127.0.0.1:3031'), 'fastcgi-socket = 127.0.0.1:3031', /502/, 'fastcgi_pass 127.0.0.1:3031;'],
    ['https-socket behind proxy_pass http://', site('proxy_pass http://127.0.0.1:3031', ''), 'https-socket = 127.0.0.1:3031,cert.pem,key.pem', /TLS/, 'proxy_pass https://127.0.0.1:3031;'],
    ['http-socket behind proxy_pass https://', site('proxy_pass https://127.0.0.1:3031', ''), 'http-socket = 127.0.0.1:3031', /TLS handshake/, 'proxy_pass http://127.0.0.1:3031;'],
  ])('%s: error on the pass argument, the socket related', async (_, conf, socket, says, fix) => {
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini(socket) }), ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'site.conf', severity: 'error', line: 5, column: 20 });
    expect(f[0].message).toMatch(says);
    expect(f[0].message).toContain(fix);
    expect(f[0].related).toEqual([expect.objectContaining({ filePath: 'app.ini', line: 2, column: socket.indexOf('=') + 3 })]);
  });

  test('the read timeout in force is the one named', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031', 'uwsgi_read_timeout 5m;'), 'app.ini': ini('http = 127.0.0.1:3031') }), ID);
    expect(f[0].message).toContain('uwsgi_read_timeout (300s)');
  });

  test('an upstream server with the wrong protocol: error on the server', async () => {
    const conf = `upstream app {\n    server 127.0.0.1:8000;\n}\n${site('uwsgi_pass app')}`;
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('http-socket = 127.0.0.1:8000') }), ID);
    expect(f.map((x) => [x.line, x.column, x.endColumn])).toEqual([[2, 12, 26]]);
    expect(f[0].related.map((r) => r.filePath)).toEqual(['site.conf', 'app.ini']);
  });

  test.each([
    ['socket behind uwsgi_pass', site('uwsgi_pass 127.0.0.1:3031'), 'socket = 127.0.0.1:3031'],
    ['http-socket behind proxy_pass', site('proxy_pass http://127.0.0.1:3031', ''), 'http-socket = 127.0.0.1:3031'],
    ['http-socket on a unix path behind proxy_pass http://unix:...:', site('proxy_pass http://unix:/run/app.sock:/', ''), 'http-socket = /run/app.sock'],
    ['http router behind proxy_pass', site('proxy_pass http://127.0.0.1:3031', ''), 'http = 127.0.0.1:3031'],
    ['socket with protocol = http behind proxy_pass', site('proxy_pass http://127.0.0.1:3031', ''), 'socket = 127.0.0.1:3031\nprotocol = http'],
    ['fastcgi-socket behind fastcgi_pass', site('fastcgi_pass 127.0.0.1:9000', 'include fastcgi_params;'), 'fastcgi-socket = 127.0.0.1:9000'],
    ['scgi-socket behind scgi_pass', site('scgi_pass 127.0.0.1:4000', 'include scgi_params;'), 'scgi-socket = 127.0.0.1:4000'],
  ])('no finding: %s', async (_, conf, socket) => {
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini(socket) }), ID)).toEqual([]);
  });
});
