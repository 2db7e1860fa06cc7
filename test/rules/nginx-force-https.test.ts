import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/force-https';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\n    listen 80;\n    server_name a.com;\n    root /x;\n}\nserver {\n    listen 443 ssl;\n    server_name a.com;\n}\n" })).toEqual([["warning", 2, 5, 11, "this server answers a.com over plain HTTP on port 80 with the site itself, while another server serves it over HTTPS: visitors and http:// links get an unencrypted, tamperable site; make it redirect: \"return 301 https://$host$request_uri;\""]]);
  });

  test.each([
    ["server {\n    listen 80;\n    server_name a.com;\n    root /x;\n}\nserver {\n    listen 443 ssl;\n    server_name a.com;\n}\n", [["warning", 2, 5, 11]]],
    ["server {\n    listen 80;\n    listen 443 ssl;\n    server_name a.com;\n    location / {\n        proxy_pass http://b;\n    }\n}\n", [["warning", 2, 5, 11]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\n    listen 80;\n    server_name a.com;\n    location /.well-known/acme-challenge/ {\n        root /x;\n    }\n    location / {\n        return 301 https://$host$request_uri;\n    }\n}\nserver {\n    listen 443 ssl;\n    server_name a.com;\n}\n"],
    ["server {\n    listen 80;\n    listen 443 ssl;\n    server_name a.com;\n    if ($scheme != https) {\n        return 301 https://$host$request_uri;\n    }\n    root /x;\n}\n"],
    ["server {\n    listen 80;\n    server_name b.com;\n    root /x;\n}\nserver {\n    listen 443 ssl;\n    server_name a.com;\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
