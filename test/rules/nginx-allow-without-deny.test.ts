import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-allow-without-deny.js';

const ID = 'nginx/allow-without-deny';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    allow 10.0.0.0/8;\n}\n}\n" })).toEqual([["error", 3, 5, 10, "\"allow 10.0.0.0/8\" without a \"deny\" at this level restricts nothing: requests no rule matches are let through, and an outer deny is not inherited by a level with its own rules; add \"deny all;\" after the allow lines"]]);
  });

  test.each([
    ["server {\nlocation / {\n    allow 10.0.0.0/8;\n}\n}\n", [["error", 3, 5, 10]]],
    ["server {\ndeny all;\nlocation / {\n    allow 10.0.0.1;\n}\n}\n", [["error", 4, 5, 10]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation / {\n    allow 10.0.0.0/8;\n    deny all;\n}\nlocation /b {\n    allow all;\n}\nlocation /c {\n    satisfy any;\n    allow 10.0.0.1;\n    auth_basic x;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "allow 10.0.0.0/8;\n" };
    // the allow, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'error', 1, 1, 6]]);
  });
});
