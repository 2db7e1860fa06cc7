import { describe, expect, test } from 'vitest';
import { at, findings, lintFiles } from '../support/rule-tester.js';

const ID = 'nginx/stale-dns-cache';
const MOVES = 'is looked up once, when nginx starts or reloads, and that address is kept: when the name moves (a cloud load balancer, a recreated container, a failover) requests go to the old address until nginx reloads; ';

describe(ID, () => {
  test('the messages name the host, what fails and the fix', async () => {
    const text = 'upstream api {\n    server api.example.com:443;\n}\nserver {\n    location / {\n        proxy_pass https://example.com/x/;\n    }\n}\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([
      ['info', 2, 12, 31, `"api.example.com" (a server of upstream "api") ${MOVES}if it may change, add "resolve" to the upstream server (with "zone" in the upstream and a "resolver", nginx 1.27.3+), or set the name in a variable with a "resolver"`],
      ['info', 6, 20, 42, `"example.com" (the proxy_pass host) ${MOVES}if it may change, name it in an upstream block with "server <name> resolve;", "zone" and a "resolver" (nginx 1.27.3+), or in a variable with a "resolver"`],
    ]);
  });

  test('an nginx older than 1.27.3 (nginxVersion) gets only the variable as the fix', async () => {
    const text = 'upstream api {\n    server api.example.com:443;\n}\n';
    const got = await lintFiles({ 'sites-enabled/a.conf': text }, { kind: 'nginx', config: { nginxVersion: '1.24.0' } });
    expect(got.filter((f) => f.ruleId === ID).map((f) => f.message)).toEqual([
      `"api.example.com" (a server of upstream "api") ${MOVES}if it may change, set the name in a variable ("set $backend <name>;" then the variable in the target) with a "resolver" (nginx before 1.27.3 has no "resolve" parameter)`,
    ]);
  });

  test.each([
    ['proxy_pass a public name', 'server {\n    location / {\n        proxy_pass https://my-api.workers.dev;\n    }\n}\n', [['info', 3, 20, 46]]],
    ['fastcgi_pass a container name', 'server {\n    location / {\n        fastcgi_pass php:9000;\n    }\n}\n', [['info', 3, 22, 30]]],
    ['uwsgi_pass and grpc_pass', 'server {\n    location / {\n        uwsgi_pass app:3031;\n    }\n    location /g {\n        grpc_pass grpc://svc.internal:50051;\n    }\n}\n', [['info', 3, 20, 28], ['info', 6, 19, 44]]],
    ['an upstream mixing an IP and a name', 'upstream m {\n    server [::1]:8080;\n    server backend.example.com:8080 backup;\n}\n', [['info', 3, 12, 36]]],
    ['stream upstream and proxy_pass', 'stream {\n    upstream db {\n        server db.internal:5432;\n    }\n    server {\n        listen 5432;\n        proxy_pass db.example.com:5432;\n    }\n    server {\n        listen 5433;\n        proxy_pass db;\n    }\n}\n', [['info', 3, 16, 32], ['info', 7, 20, 39]]],
  ] as [string, string, [string, number, number, number][]][])('reported: %s', async (_name, text, expected) => {
    expect(await at(ID, { 'nginx.conf': text })).toEqual(expected);
  });

  test.each([
    ['IP addresses', 'server {\n    location / {\n        proxy_pass http://192.168.1.100:8080;\n        proxy_pass http://[2001:db8::1]:8080;\n    }\n}\n'],
    ['localhost', 'server {\n    location / {\n        proxy_pass http://localhost:8000;\n    }\n}\n'],
    ['a unix socket', 'server {\n    location / {\n        uwsgi_pass unix:/run/app.sock;\n    }\n}\n'],
    ['an upstream of addresses', 'upstream b {\n    server 10.0.0.10:8080;\n    server [2001:DB8::DEAD:BEEF]:443;\n    server unix:/run/b.sock;\n}\nserver {\n    location / {\n        proxy_pass http://b;\n    }\n}\n'],
    ['an upstream server with resolve', 'resolver 127.0.0.53;\nupstream b {\n    zone b 64k;\n    server api.example.com:443 resolve;\n}\nserver {\n    location / {\n        proxy_pass https://b;\n    }\n}\n'],
    ['a variable (resolved per request)', 'resolver 127.0.0.53;\nserver {\n    location / {\n        set $b api.example.com;\n        proxy_pass http://$b;\n        proxy_pass https://example.com$request_uri;\n    }\n}\n'],
    ['a templated target', 'server {\n    location / {\n        proxy_pass http://{{ backend_host }}:8000;\n    }\n}\n'],
    ['a stream address and a stream variable', 'stream {\n    server {\n        listen 53 udp;\n        proxy_pass 10.0.0.2:53;\n    }\n    server {\n        listen 54;\n        proxy_pass $upstream;\n    }\n}\n'],
  ])('not reported: %s', async (_name, text) => {
    expect(await findings(ID, { 'nginx.conf': text })).toEqual([]);
  });

  test('a line reached through an include is reported in its own file', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', 'conf.d/up.conf': 'upstream u {\n    server api.example.com;\n}\n' };
    const got = await lintFiles(files, { kind: 'nginx' });
    expect(got.filter((f) => f.ruleId === ID).map((f) => [f.file, f.line, f.column])).toEqual([['conf.d/up.conf', 2, 12]]);
  });
});
