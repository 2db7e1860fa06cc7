import { describe, expect, test } from 'vitest';
import { at, findings } from './nginx-helpers.js';

const ID = 'nginx/ssrf';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ ^/p/(.*)/(.*)$ {\n    proxy_pass http://$1/$2;\n}\n}\n" })).toEqual([["error", 3, 16, 28, "the host of this proxy_pass comes from $1 (capture $1 of the regex on $uri, which can hold it): a client can point nginx at any server it reaches, such as 169.254.169.254 or localhost (SSRF); name the backends in an upstream or a map of fixed values, or mark the location \"internal\""]]);
  });

  test.each([
    ["server {\nlocation ~ ^/p/(.*)/(.*)$ {\n    proxy_pass http://$1/$2;\n}\n}\n", [["error", 3, 16, 28]]],
    ["server {\nlocation / {\n    proxy_pass http://$arg_host;\n}\n}\n", [["error", 3, 16, 32]]],
    ["server {\nlocation / {\n    set $b $http_x_backend;\n    proxy_pass https://$b/api;\n}\n}\n", [["error", 4, 16, 30]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation ~ ^/p/(\\d+)$ {\n    proxy_pass http://a/$1;\n}\n}\n"],
    ["server {\nlocation ~ ^/i/(.*)$ {\n    internal;\n    proxy_pass http://$1;\n}\n}\n"],
    ["server {\nlocation / {\n    proxy_pass http://127.0.0.1:8000$request_uri;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
