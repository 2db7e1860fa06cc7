import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/proxy-pass-normalized';
const site = (body: string) => `server {\n    listen 80;\n${body}}\n`;

describe(ID, () => {
  test('a URI part: the decoded, normalized path (info)', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site('    location /api/ {\n        proxy_pass http://127.0.0.1:8000/;\n    }\n') })).toEqual([
      ['info', 4, 20, 42, 'proxy_pass "http://127.0.0.1:8000/" has a URI part ("/"): nginx sends the backend the decoded, normalized path in place of the location prefix ("%2F" arrives as "/", "/a/../b" as "/b"); if the backend must see the path as the client sent it, drop the URI part and let the backend handle the prefix'],
    ]);
  });

  test('the raw path escaped again: the message says how to carry it on', async () => {
    const body = '    location /1/ {\n        rewrite ^ $request_uri;\n        rewrite ^/1(/.*) $1 break;\n        return 400;\n        proxy_pass http://127.0.0.1:8080;\n    }\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': site(body) })).toEqual([
      ['warning', 7, 20, 41, '"rewrite ... $request_uri" puts the raw path in $uri, and proxy_pass "http://127.0.0.1:8080" escapes it again: the backend gets "%252F" for "%2F" and the query string inside the path ("%3F..."); after it, strip the prefix with "rewrite ^/1(/.*)$ $1 break;" and pass the capture on: "proxy_pass http://127.0.0.1:8080$1;"'],
    ]);
  });

  test('a flagless rewrite ^ $request_uri loops', async () => {
    const rows = await findings(ID, { 'sites-enabled/a.conf': site('    location /b {\n        rewrite ^ $request_uri;\n        proxy_pass http://127.0.0.1:8000/$1;\n    }\n') });
    expect(rows).toEqual([['warning', 5, 20, 44, expect.stringContaining('nginx answers 500 ("rewrite or internal redirection cycle")')]]);
  });

  test.each([
    // conditional raw-path rewrite, then a target without the path
    ['    location /b {\n        if ($arg_x) {\n            rewrite ^ $request_uri;\n        }\n        rewrite ^/b(/.*)$ $1 break;\n        proxy_pass http://127.0.0.1:8000;\n    }\n', [['warning', 8, 20, 41]]],
    // $uri without an unconditional raw-path rewrite
    ['    location / {\n        proxy_pass http://backend$uri;\n    }\n', [['info', 4, 20, 38]]],
    ['    location ~ ^/f/(.*)$ {\n        proxy_pass http://backend/$1;\n    }\n', [['info', 4, 20, 37]]],
    ['    location / {\n        proxy_pass http://unix:/run/app.sock:/app/;\n    }\n', [['info', 4, 20, 51]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (body, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': site(body) })).toEqual(expected);
  });

  test.each([
    ['    location / {\n        proxy_pass http://backend;\n    }\n'],
    ['    location / {\n        proxy_pass http://unix:/run/app.sock;\n    }\n'],
    ['    location / {\n        proxy_pass http://backend$request_uri;\n    }\n'],
    ['    location = /foo {\n        proxy_pass http://backend/bar/foo;\n    }\n'],
    ['    location @auth {\n        proxy_pass $auth_url;\n    }\n'],
    ['    location /b {\n        rewrite ^ $REQUEST_URI;\n        rewrite ^/b(/.*)$ $1 break;\n        proxy_pass http://127.0.0.1:8000$document_uri;\n    }\n'],
    ['    location /b {\n        if ($arg_x) {\n            rewrite ^ $request_uri;\n            rewrite ^/b/(.*)$ /$1 break;\n            proxy_pass http://127.0.0.1:8000/$1;\n        }\n    }\n'],
    // the flagless rewrite in the if is followed by a break rewrite after the if: no loop
    ['    location /b {\n        if ($arg_x) {\n            rewrite ^ $request_uri;\n            proxy_pass http://127.0.0.1:8000$uri;\n        }\n        rewrite ^/b(/.*)$ $1 break;\n    }\n'],
    // nginx -t refuses these: nginx/proxy-pass-uri reports them
    ['    location / {\n        if ($arg_x) {\n            proxy_pass http://127.0.0.1:8000/;\n        }\n    }\n'],
    ['    location ~ ^/api/ {\n        proxy_pass http://127.0.0.1:8000/;\n    }\n'],
  ])('no finding: %j', async (body) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site(body) })).toEqual([]);
  });

  test('stream proxy_pass is not judged', async () => {
    expect(await findings(ID, { 'nginx.conf': 'events {}\nstream {\n    server {\n        listen 1;\n        proxy_pass example:80;\n    }\n}\n' })).toEqual([]);
  });

  test('a line reached through an include', async () => {
    expect(await at(ID, { 'nginx.conf': `events {}\nhttp {\n${site('    location /api/ {\n        include snippets/pass.conf;\n    }\n')}}\n`, 'snippets/pass.conf': 'proxy_pass http://127.0.0.1:8000/v1/;\n' })).toEqual([['info', 1, 12, 37]]);
  });

  test('a templated target is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site('    location /api/ {\n        proxy_pass {{ backend }}/;\n    }\n') })).toEqual([]);
  });
});

// The Gixy-Next positives this rule leaves to nginx/proxy-pass-uri (docs/gixy-comparison.md): nginx -t refuses them.
const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: the cases it leaves alone are refused by nginx -t`, () => {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'gixy', 'gixy-next', 'tests', 'plugins', 'simply', 'proxy_pass_normalized');
  test.each([
    ['missing_variable_in_if.conf', /^"proxy_pass" cannot have URI part/],
    ['missing_variable_in_limit_except.conf', /^"rewrite" directive is not allowed here/],
  ])('%s', async (file, refusal) => {
    const text = `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8999;\n${readFileSync(join(dir, file), 'utf8')}\n    }\n}\n`;
    const result = await runNginxT([{ path: 'nginx.conf', text }], 'nginx.conf');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(refusal);
  });

  test('missing_variable_in_if_argflag.conf', async () => {
    // Its http block as it stands, with an events block and the map's variable defined.
    const own = readFileSync(join(dir, 'missing_variable_in_if_argflag.conf'), 'utf8').replace('http {', 'http {\n    map $http_x $is_yum { default 1; }');
    const result = await runNginxT([{ path: 'nginx.conf', text: `events {}\n${own}` }], 'nginx.conf');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^"proxy_pass" cannot have URI part/);
  });
});
