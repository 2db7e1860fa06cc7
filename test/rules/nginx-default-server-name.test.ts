import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/default-server-name';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\n    listen 80 default_server;\n    server_name example.com;\n    location / {\n        uwsgi_pass 127.0.0.1:3031;\n    }\n}\n" })).toEqual([["warning", 2, 15, 29, "this server is for example.com but is also the default server: requests with any other Host (scanners, the bare IP, forged names) reach the app with that Host (Django: 400 and an error mail each; without ALLOWED_HOSTS, links built from it); drop default_server here and add a catch-all \"server { listen 80 default_server; server_name _; return 444; }\""]]);
  });

  test.each([
    ["server {\n    listen 80 default_server;\n    server_name example.com;\n    location / {\n        uwsgi_pass 127.0.0.1:3031;\n    }\n}\n", [["warning", 2, 15, 29]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\n    listen 80;\n    server_name example.com;\n    location / {\n        uwsgi_pass 127.0.0.1:3031;\n    }\n}\n"],
    ["server {\n    listen 80 default_server;\n    server_name example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"],
    ["server {\n    listen 80 default_server;\n    server_name _;\n    location / {\n        uwsgi_pass 127.0.0.1:3031;\n    }\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
