import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/ssl-not-enabled';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\n    listen 443;\n    ssl_certificate /c;\n    ssl_certificate_key /k;\n}\n" })).toEqual([["warning", 2, 12, 15, "\"listen 443\" has no \"ssl\" although this server has a certificate: port 443 speaks plain HTTP and browsers fail with ERR_SSL_PROTOCOL_ERROR; write \"listen 443 ssl;\""]]);
  });

  test.each([
    ["server {\n    listen 443;\n    ssl_certificate /c;\n    ssl_certificate_key /k;\n}\n", [["warning", 2, 12, 15]]],
    ["server {\n    listen 80;\n    ssl_certificate /c;\n    ssl_certificate_key /k;\n}\n", [["warning", 3, 5, 20]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\n    listen 443 ssl;\n    ssl_certificate /c;\n    ssl_certificate_key /k;\n}\n"],
    ["server {\n    listen 443 ssl;\n    ssl_certificate /c;\n    ssl_certificate_key /k;\n}\nserver {\n    listen 443;\n    ssl_certificate /c;\n    ssl_certificate_key /k;\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});

test('in a whole nginx.conf, listen 443 without ssl is an error', async () => {
  expect(await at(ID, { 'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 443;\n        ssl_certificate /c;\n        ssl_certificate_key /k;\n    }\n}\n' })).toEqual([['error', 4, 16, 19]]);
});
