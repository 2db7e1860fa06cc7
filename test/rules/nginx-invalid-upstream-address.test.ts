import { describe, expect, test } from 'vitest';
import { readUrl } from '../../src/nginx/address.js';
import { findings } from '../support/rule-tester.js';

const ID = 'nginx/invalid-upstream-address';
const main = (inner: string, outer = '') => `events {}\nhttp {\n${outer}    server {\n        location / {\n            ${inner}\n        }\n    }\n}\n`;
const one = async (inner: string, outer = '') => findings(ID, { 'nginx.conf': main(inner, outer) });

describe(ID, () => {
  // Each verdict as nginx -t 1.22.1 gives it (test/nginx-t-parity.test.ts checks the family against it).
  test.each([
    ['proxy_pass 127.0.0.1:8000;', 'invalid URL prefix: ', /write proxy_pass http:\/\/127\.0\.0\.1:8000;$/],
    ['proxy_pass unix:/run/app.sock;', 'invalid URL prefix: ', /proxy_pass http:\/\/unix:\/run\/app\.sock;.*uwsgi_pass unix:\/run\/app\.sock;/],
    ['proxy_pass uwsgi://127.0.0.1:3031;', 'invalid URL prefix: ', /write uwsgi_pass uwsgi:\/\/127\.0\.0\.1:3031;/],
    ['proxy_pass http://127.0.0.1:abc;', 'invalid port in upstream "127.0.0.1:abc": ', /write proxy_pass http:\/\/127\.0\.0\.1:PORT;$/],
    ['proxy_pass http://:80;', 'no host in upstream ":80": ', /proxy_pass http:\/\/127\.0\.0\.1:80;$/],
    ['uwsgi_pass /run/app.sock;', 'invalid host in upstream "/run/app.sock": ', /write uwsgi_pass unix:\/run\/app\.sock;$/],
    ['uwsgi_pass unxi:/run/app.sock;', 'invalid host in upstream "unxi:/run/app.sock": ', /did you mean uwsgi_pass unix:\/run\/app\.sock;\?$/],
    ['uwsgi_pass 127.0.0.1:3031/app;', 'invalid host in upstream "127.0.0.1:3031/app": ', /write uwsgi_pass 127\.0\.0\.1:3031;$/],
    ['uwsgi_pass http://127.0.0.1:8000;', 'invalid host in upstream "http://127.0.0.1:8000": ', /write uwsgi_pass 127\.0\.0\.1:8000;.*proxy_pass http:\/\/127\.0\.0\.1:8000;/],
    ['fastcgi_pass uwsgi://127.0.0.1:9000;', 'invalid host in upstream "uwsgi://127.0.0.1:9000": ', /write fastcgi_pass 127\.0\.0\.1:9000;$/],
    ['uwsgi_pass 127.0.0.1:0;', 'invalid port in upstream "127.0.0.1:0": ', /1 to 65535/],
    ['uwsgi_pass 127.0.0.1:65536;', 'invalid port in upstream "127.0.0.1:65536": ', /1 to 65535/],
    ['uwsgi_pass uwsgi://app:+80;', 'invalid port in upstream "app:+80": ', /write uwsgi_pass uwsgi:\/\/app:PORT;$/],
    ['uwsgi_pass :3031;', 'no host in upstream ":3031": ', /uwsgi_pass 127\.0\.0\.1:3031;$/],
    ['uwsgi_pass unix:;', 'no path in the unix domain socket in upstream "unix:": ', /unix:\/run\/uwsgi\/app\.sock;$/],
    [`uwsgi_pass unix:/${'a'.repeat(107)};`, 'too long path in the unix domain socket in upstream ', /107 bytes/],
    ['uwsgi_pass [::1;', 'invalid host in upstream "[::1": ', /close the IPv6 address/],
    ['uwsgi_pass [::1]:x;', 'invalid port in upstream "[::1]:x": ', /write uwsgi_pass \[::1\]:PORT;$/],
    ['uwsgi_pass [app]:3031;', 'invalid IPv6 address in upstream "[app]:3031": ', /without brackets$/],
  ])('%s', async (line, start, advice) => {
    const f = await one(line);
    expect(f).toHaveLength(1);
    const [severity, lineNo, column, endColumn, message] = f[0];
    expect(severity).toBe('error');
    expect(lineNo).toBe(5);
    // The target word is blamed.
    const word = line.slice(line.indexOf(' ') + 1, -1);
    expect([column, endColumn]).toEqual([13 + line.indexOf(' ') + 1, 13 + line.indexOf(' ') + 1 + word.length]);
    expect(message.startsWith(start)).toBe(true);
    expect(message).toMatch(advice);
  });

  test('an upstream server with a scheme or a path', async () => {
    const f = await one('uwsgi_pass app;', '    upstream app {\n        server http://127.0.0.1:3031;\n        server 127.0.0.1:3032/x;\n        server 127.0.0.1:3033;\n    }\n');
    expect(f.map(([s, l, c, e]) => [s, l, c, e])).toEqual([
      ['error', 4, 16, 37],
      ['error', 5, 16, 32],
    ]);
    expect(f[0][4]).toBe('invalid host in upstream "http://127.0.0.1:3031": an upstream server is an address without a scheme; write server 127.0.0.1:3031;');
    expect(f[1][4]).toMatch(/^invalid host in upstream "127\.0\.0\.1:3032\/x": server takes no URI or query, only host:port; write server 127\.0\.0\.1:3032;$/);
  });

  test.each([
    ['uwsgi_pass unix:/run/app.sock;'],
    ['uwsgi_pass UNIX:/run/app.sock;'],
    ['uwsgi_pass unix:///run/app.sock;'],
    ['uwsgi_pass uwsgi://127.0.0.1:3031;'],
    ['uwsgi_pass suwsgi://[::1]:3031;'],
    ['uwsgi_pass app:3031;'],
    ['uwsgi_pass app;'],
    ['uwsgi_pass $backend;'],
    ['uwsgi_pass unix:/run/$app.sock;'],
    ['proxy_pass http://unix:/run/app.sock:/api/;'],
    ['proxy_pass HTTPS://example.com/a?b=1;'],
    ['proxy_pass $scheme://backend;'],
    ['proxy_pass http://[::1]/x;'],
    ['grpc_pass grpc://127.0.0.1:50051;'],
    ['grpc_pass 127.0.0.1:50051;'],
    ['fastcgi_pass 127.0.0.1:9000;'],
    ['uwsgi_pass {{ app_socket }};'],
  ])('no finding: %s', async (line) => {
    expect(await one(line)).toEqual([]);
  });

  test('a stream proxy_pass (no scheme, no location) and a pass directive out of place are not judged', async () => {
    expect(await findings(ID, { 'stream.d/db.conf': 'server {\n    listen 5432;\n    proxy_pass db:5432;\n}\n' })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': 'events {}\nstream {\n    server { listen 5432; proxy_pass db:5432; }\n}\n' })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': 'events {}\nhttp {\n    server { uwsgi_pass /run/app.sock; }\n}\n' })).toEqual([]);
    // Inside a location, and an if or limit_except in one, the target is judged, where the directive may stand.
    const f = await findings(ID, { 'nginx.conf': main('if ($x) { proxy_pass 127.0.0.1:80; }\n            limit_except GET { proxy_pass 127.0.0.1:81; }\n            limit_except POST { uwsgi_pass /run/a.sock; }') });
    expect(f.map(([s, l]) => [s, l])).toEqual([['error', 5], ['error', 6]]);
  });

  test('a line a fragment and its main config both reach is reported once', async () => {
    const f = await findings(ID, {
      'nginx.conf': 'events {}\nhttp {\n    include sites/*.conf;\n}\n',
      'sites/app.conf': 'server {\n    location / { uwsgi_pass /run/app.sock; }\n}\n',
    });
    expect(f.map(([s, l, c, e]) => [s, l, c, e])).toEqual([['error', 2, 29, 42]]);
  });
});

describe('readUrl (ngx_parse_url)', () => {
  test.each([
    ['unix:/run/a.sock', false, null, { address: { type: 'unix', path: '/run/a.sock' }, error: null }],
    ['Unix:/run/a.sock', false, null, { address: { type: 'unix', path: '/run/a.sock' }, error: null }],
    ['unix:/run/a.sock:/x', true, 80, { address: { type: 'unix', path: '/run/a.sock' }, error: null }],
    ['unix:/run/a.sock:/x', false, null, { address: { type: 'unix', path: '/run/a.sock:/x' }, error: null }],
    ['app', false, 80, { address: { type: 'tcp', host: 'app', port: 80 }, error: null }],
    ['app:08080', false, null, { address: { type: 'tcp', host: 'app', port: 8080 }, error: null }],
    ['app/x:1', true, 80, { address: { type: 'tcp', host: 'app', port: 80 }, error: null }],
    ['app:1:2', false, null, { address: null, error: 'invalid port' }],
    ['app:99999999999999999999', false, null, { address: null, error: 'invalid port' }],
    ['app:', false, null, { address: null, error: 'invalid port' }],
    ['', false, null, { address: null, error: 'no host' }],
    ['[::1]', false, null, { address: { type: 'tcp', host: '::1', port: null }, error: null }],
    ['[]:80', false, null, { address: null, error: 'no host' }],
    ['[::1]x', false, null, { address: null, error: 'invalid host' }],
    ['[::1]/x', true, 80, { address: { type: 'tcp', host: '::1', port: 80 }, error: null }],
  ] as const)('%s (uri part %s)', (text, uriPart, port, expected) => {
    expect(readUrl(text, uriPart, port)).toEqual(expected);
  });
});
