import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/weak-tls';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nssl_protocols SSLv3 TLSv1.2;\n}\n" })).toEqual([["warning", 2, 15, 20, "SSLv3 is broken or deprecated (POODLE, BEAST; RFC 8996): a man in the middle can force the weak version; write \"ssl_protocols TLSv1.2 TLSv1.3;\""]]);
  });

  test.each([
    ["server {\nssl_protocols SSLv3 TLSv1.2;\n}\n", [["warning", 2, 15, 20]]],
    ["server {\nssl_ciphers \"HIGH:RC4-SHA:!aNULL\";\n}\n", [["warning", 2, 13, 34]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers HIGH:!aNULL:!MD5:!3DES:-RC4;\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
