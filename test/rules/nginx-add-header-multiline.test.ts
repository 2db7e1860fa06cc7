import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-add-header-multiline.js';

const ID = 'nginx/add-header-multiline';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nadd_header CSP \"a;\n    b\";\n}\n" })).toEqual([["warning", 2, 16, 7, "this header value is folded over several lines (obs-fold, deprecated by RFC 7230): clients and proxies may reject the response; write the value on one line"]]);
  });

  test.each([
    ["server {\nadd_header CSP \"a;\n    b\";\n}\n", [["warning", 2, 16, 7]]],
    ["server {\nadd_header X \"a\nb\";\n}\n", [["error", 2, 14, 3]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nadd_header CSP \"a; b\";\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': 'add_header X-A "one\ntwo";\n' };
    // the header value, once: the rule reads each line once, however many includes reach it.
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'error', 1, 16, 5]]);
  });
});
