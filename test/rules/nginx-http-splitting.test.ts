import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-http-splitting.js';

const ID = 'nginx/http-splitting';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    return 301 https://$host$uri;\n}\n}\n" })).toEqual([["error", 3, 16, 33, "$uri (the percent-decoded path) can hold CR LF: \"%0d%0a\" in the request injects a header line into the Location header of the redirect (HTTP splitting); use $request_uri (kept encoded)"]]);
  });

  test.each([
    ["server {\nlocation / {\n    return 301 https://$host$uri;\n}\n}\n", [["error", 3, 16, 33]]],
    ["server {\nlocation ~ ^/v1/(?<action>[^.]*)\\.json$ {\n    add_header X-Action $action;\n}\n}\n", [["error", 3, 25, 32]]],
    ["server {\nlocation ~ ^/r/(.*)$ {\n    return 302 http://x/$1;\n}\n}\n", [["warning", 3, 16, 27]]],
    ["server {\nlocation / {\n    set $u $uri;\n    proxy_set_header X-Uri $u;\n    proxy_pass http://a;\n}\n}\n", [["error", 4, 28, 30]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation ~ ^/rw/(.*)$ {\n    rewrite ^/rw/(.*)$ http://x/$1 permanent;\n}\n}\n"],
    ["server {\nlocation / {\n    return 301 https://$host$request_uri;\n}\n}\n"],
    ["server {\nlocation ~ ^/v/([^/\\s]+)$ {\n    add_header X-V $1;\n}\n}\n"],
    ["server {\nlocation / {\n    return 200 $uri;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "return 302 http://x$uri;\n" };
    // the redirect target, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'error', 1, 12, 24]]);
  });
});
