import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-add-header-redefinition.js';

const ID = 'nginx/add-header-redefinition';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header X-Custom 1;\n}\n}\n" })).toEqual([["warning", 4, 5, 15, "add_header here drops the outer block's X-Frame-Options: nginx inherits add_header only into blocks that set none, so responses of this location go out without it (a security header lost); repeat it here (or in a shared include)"]]);
  });

  test.each([
    ["server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header X-Custom 1;\n}\n}\n", [["warning", 4, 5, 15]]],
    ["server {\nadd_header X-Debug 1;\nlocation / {\n    add_header X-Custom 1;\n}\n}\n", [["info", 4, 5, 15]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header X-Frame-Options DENY;\n    add_header X-Custom 1;\n}\nlocation /b {\n    root /x;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        add_header X-Frame-Options DENY;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "if ($arg_x) {\n    add_header X-Custom 1;\n}\n" };
    // the if block's add_header, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'warning', 2, 5, 15]]);
  });
});
