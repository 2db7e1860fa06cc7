import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/valid-referers-none';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    valid_referers none server_names;\n}\n}\n" })).toEqual([["warning", 3, 20, 24, "\"none\" accepts requests without a Referer, and any site can make a browser omit it (Referrer-Policy: no-referrer): the check is bypassed; drop \"none\" if the check protects anything"]]);
  });

  test.each([
    ["server {\nlocation / {\n    valid_referers none server_names;\n}\n}\n", [["warning", 3, 20, 24]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation / {\n    valid_referers server_names *.example.com;\n}\n}\n"],
    // `blocked` accepts only values a browser never sends (no http:// or https://): not a bypass.
    ["server {\nlocation / {\n    valid_referers blocked server_names *.example.com;\n}\n}\n"],
    // The keyword is case-sensitive: nginx 1.22 reads `NONE` as a server name, and a request
    // without a Referer gets $invalid_referer "1" (checked with a running nginx).
    ["server {\nlocation / {\n    valid_referers NONE server_names;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
