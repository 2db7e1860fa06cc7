import { describe, expect, test } from 'vitest';
import { at, findings, lintFiles } from '../support/rule-tester.js';

const ID = 'nginx/proxy-set-header-redefinition';

/** A server with `outer` lines and a location with `inner` lines (4-space indented). */
const site = (outer: string, inner: string) => `server {\n    listen 80;\n${outer}\n    location / {\n${inner}\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n`;

describe(ID, () => {
  test('the message names what is lost, what the backend gets instead and the fix', async () => {
    const text = site('    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '        proxy_set_header X-Request-Id $request_id;');
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([
      ['warning', 6, 9, 25, "proxy_set_header here drops the outer block's Host, X-Forwarded-For: nginx inherits proxy_set_header only into blocks that set none, so requests it passes upstream go without them (Host falls back to $proxy_host, the upstream's name); repeat them in this location (or keep the shared lines in one include written at every level that adds its own)"],
    ]);
  });

  test('a lost empty value lets the client header through, and says so', async () => {
    const text = site('    proxy_set_header X-Internal-Auth "";', '        proxy_set_header X-Forwarded-Port $server_port;');
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([
      ['warning', 5, 9, 25, "proxy_set_header here drops the outer block's X-Internal-Auth: nginx inherits proxy_set_header only into blocks that set none, so requests it passes upstream go without it; the outer empty X-Internal-Auth kept the client's own header from the backend, and now it passes through; repeat it in this location (or keep the shared lines in one include written at every level that adds its own)"],
    ]);
  });

  test('fastcgi_param: one line in a location drops the server\'s include fastcgi_params', async () => {
    // fastcgi_params is nginx's standard file (Debian 12's, 21 lines), as the run reads it.
    const text = 'server {\n    listen 80;\n    include fastcgi_params;\n    location ~ \\.php$ {\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_pass 127.0.0.1:9000;\n    }\n}\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([
      ['warning', 5, 9, 22, "fastcgi_param here drops the outer block's QUERY_STRING, REQUEST_METHOD, CONTENT_TYPE, CONTENT_LENGTH, SCRIPT_NAME, REQUEST_URI and 15 more: nginx inherits fastcgi_param only into blocks that set none, so requests it passes go without them; repeat them in this location, with \"include fastcgi_params;\" for nginx's standard set (or keep the shared lines in one include written at every level that adds its own)"],
    ]);
  });

  test.each([
    // the server's list replaces http's.
    ['http {\n    proxy_set_header Host $host;\n    server {\n        proxy_set_header X-Forwarded-Port $server_port;\n        location / { proxy_pass http://127.0.0.1:8000; }\n    }\n}\n', [['warning', 4, 9, 25]]],
    // http's list reaches a location through a server with none.
    ['http {\n    proxy_set_header Host $host;\n    server {\n        location / {\n            proxy_set_header X-Real-IP $remote_addr;\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n', [['warning', 5, 13, 29]]],
    // a nested location under a location that re-declares.
    [site('    proxy_set_header Host $host;', '        proxy_set_header Host $host;\n        location /a/b {\n            proxy_set_header X-Forwarded-Port $server_port;\n        }'), [['warning', 7, 13, 29]]],
    [site('    grpc_set_header Host $host;', '        grpc_set_header X-Real-IP $remote_addr;'), [['warning', 5, 9, 24]]],
    [site('    uwsgi_param HTTPS on;', '        uwsgi_param X_APP 1;'), [['warning', 5, 9, 20]]],
    [site('    scgi_param HTTPS on;', '        scgi_param X_APP 1;'), [['warning', 5, 9, 19]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    // re-declared with other values: nothing lost.
    site('    proxy_set_header Host $host;\n    proxy_set_header X-Real-IP $remote_addr;', '        proxy_set_header host internal.example.com;\n        proxy_set_header X-Real-IP "";'),
    // inherited untouched.
    site('    proxy_set_header Host $host;', ''),
    // only the location sets any.
    site('', '        proxy_set_header X-Forwarded-Port $server_port;'),
    // sibling locations do not inherit from each other.
    'server {\n    location /a { proxy_set_header Host $host; }\n    location /b { proxy_set_header X-Real-IP $remote_addr; }\n}\n',
    // param names are case-sensitive only among params: HTTPS and HTTPS are the same line.
    site('    fastcgi_param HTTPS on;', '        fastcgi_param HTTPS on;\n        fastcgi_param X 1;'),
    // different families are different lists.
    site('    proxy_set_header Host $host;', '        fastcgi_param X 1;'),
    // a templated line: what the level sets is not known.
    site('    proxy_set_header Host $host;', '        proxy_set_header {{ header }} 1;'),
    site('    proxy_set_header {{ header }} 1;', '        proxy_set_header X-Real-IP $remote_addr;'),
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a level with an include the run could not read is not judged', async () => {
    const text = site('    proxy_set_header Host $host;', '        include /etc/nginx/proxy_headers.conf;\n        proxy_set_header X-Real-IP $remote_addr;');
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('lines reached through includes are judged where they stand', async () => {
    const files = {
      'nginx.conf': 'events {}\nhttp {\n    include snippets/proxy.conf;\n    server {\n        location / {\n            include snippets/extra.conf;\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n',
      'snippets/proxy.conf': 'proxy_set_header Host $host;\n',
      'snippets/extra.conf': 'proxy_set_header X-Real-IP $remote_addr;\n',
    };
    const rows = (await lintFiles(files, { kind: 'nginx' })).filter((f) => f.ruleId === ID);
    expect(rows.map((f) => [f.file, f.line, f.column, f.related.map((r) => [r.filePath, r.line])])).toEqual([['snippets/extra.conf', 1, 1, [['snippets/proxy.conf', 1]]]]);
  });

  test('the headers option (gixy\'s) reports only the names listed', async () => {
    const text = site('    proxy_set_header X-Request-Start $msec;', '        proxy_set_header X-Forwarded-Port $server_port;');
    const run = async (headers: string[]) => (await lintFiles({ 'sites-enabled/a.conf': text }, { kind: 'nginx', config: { rules: { [ID]: ['warning', { headers }] } } })).filter((f) => f.ruleId === ID).length;
    expect(await run(['host'])).toBe(0);
    expect(await run(['X-REQUEST-START'])).toBe(1);
    expect(await run([])).toBe(1);
  });
});
