import { describe, expect, test } from 'vitest';
import { at, engineFindings, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-return-bypasses-allow-deny.js';

const ID = 'nginx/return-bypasses-allow-deny';
const site = (body: string) => `server {\n${body}}\n`;

describe(ID, () => {
  test('the message says what is wrong, why, and what to write instead', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site('location /a {\n    allow 10.0.0.0/8;\n    deny all;\n    return 200 "hi";\n}\n') })).toEqual([
      ['error', 5, 5, 11, `"return 200 "hi"" runs in the rewrite phase, before allow/deny (the access phase): "deny all" never applies to it and every client gets this response; answer from the content phase instead ("try_files '' @name;" here, the return in "location @name"), or test the address with "geo" and "if" before the return`],
    ]);
    expect(await findings(ID, { 'sites-enabled/a.conf': site('location /a {\n    allow 10.0.0.0/8;\n    deny all;\n    rewrite ^ https://x/ last;\n}\n') })).toEqual([
      ['warning', 5, 5, 12, `"rewrite ^ https://x/ last" runs in the rewrite phase, before allow/deny (the access phase): "deny all" never applies to it and every client gets this redirect; answer from the content phase instead ("try_files '' @name;" here, the rewrite in "location @name"), or test the address with "geo" and "if" before the rewrite`],
    ]);
  });

  test('rules a location inherits are named as such', async () => {
    const [row] = await findings(ID, { 'sites-enabled/a.conf': site('allow 10.0.0.1;\ndeny all;\nlocation /healthz {\n    return 200 ok;\n}\n') });
    expect(row[4]).toContain('"deny all" (inherited from the server) never applies to it and every client gets this response');
  });

  test.each([
    // in an if of the location
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    if ($arg_x) {\n        return 200;\n    }\n}\n', [['error', 6, 9, 15]]],
    // rules inherited from the server into a location: a redirect is info, content a warning (health checks answer everyone on purpose)
    ['allow 10.0.0.1;\ndeny all;\nlocation /a {\n    return 302 /b;\n}\n', [['info', 5, 5, 11]]],
    ['allow 10.0.0.1;\ndeny all;\nlocation /healthz {\n    return 200 ok;\n}\n', [['warning', 5, 5, 11]]],
    // at server level, with server-level rules (the server rewrite phase comes first of all)
    ['allow 10.0.0.1;\ndeny all;\nreturn 200 ok;\n', [['error', 4, 1, 7]]],
    // deny lines alone beside content: a stub answered to everyone, likely on purpose
    ['location /bulk {\n    deny all;\n    return 200;\n}\n', [['warning', 4, 5, 11]]],
    // `return URL` is a 302; "$scheme" makes any rewrite a redirect, "break" or not
    ['location /a {\n    deny 10.0.0.1;\n    deny all;\n    return https://x$request_uri;\n}\n', [['warning', 5, 5, 11]]],
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    rewrite ^ $scheme://x$request_uri break;\n}\n', [['warning', 5, 5, 12]]],
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    rewrite ^/a/(.*)$ /b/$1 redirect;\n}\n', [['warning', 5, 5, 12]]],
    // a named or internal location with rules of its own: the return still comes first
    ['location @a {\n    allow 10.0.0.1;\n    deny all;\n    return 200;\n}\n', [['error', 5, 5, 11]]],
    ['location /cb {\n    internal;\n    allow 10.0.0.1;\n    deny all;\n    return 200;\n}\n', [['error', 6, 5, 11]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (body, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': site(body) })).toEqual(expected);
  });

  test.each([
    // content-phase answers: the access phase runs first (observed: 403)
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    try_files "" @ok;\n}\nlocation @ok {\n    return 200 ok;\n}\n'],
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    proxy_pass http://127.0.0.1:8000;\n}\n'],
    // rewrites that do not answer: last/break or no flag with a URI, an uppercase "HTTP://" (not a URL to nginx)
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    rewrite ^/a/(.*)$ /b/$1 last;\n    rewrite ^/c/(.*)$ /d/$1 break;\n    rewrite ^/e/(.*)$ /f/$1;\n    rewrite ^ HTTP://x/;\n}\n'],
    // error answers: every client gets an error either way
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    return 404;\n    return 444;\n}\n'],
    // named and internal locations that only inherit the rules: reached after an access phase
    ['allow 10.0.0.1;\ndeny all;\nerror_page 401 = @login;\nlocation @login {\n    return 302 https://sso/;\n}\nlocation /cb {\n    internal;\n    return 200 cb;\n}\n'],
    // no deny: the rules restrict nothing (nginx/allow-without-deny says so)
    ['location /a {\n    allow 10.0.0.1;\n    return 200;\n}\n'],
    // a location with rules of its own does not inherit the server's: none here
    ['allow 10.0.0.1;\ndeny all;\nlocation /a {\n    allow all;\n    return 200;\n}\n'],
    // no allow/deny anywhere
    ['location /a {\n    return 200;\n}\n'],
    // a templated return is not judged
    ['location /a {\n    allow 10.0.0.1;\n    deny all;\n    return 200 {{ body }};\n}\n'],
  ])('good: %j', async (body) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site(body) })).toEqual([]);
  });

  test('a return reached through an include is reported in the included file, once', () => {
    const files = {
      'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            allow 10.0.0.1;\n            deny all;\n            include snippets/hello.conf;\n        }\n    }\n}\n',
      'snippets/hello.conf': 'return 200 "hello";\n',
    };
    expect(engineFindings(rule, files)).toEqual([['snippets/hello.conf', 'error', 1, 1, 7]]);
  });
});
