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
    // gixy-ng's weak_ssl_tls list: OpenSSL's LOW and MEDIUM classes, anonymous ADH/AECDH suites.
    ["server {\nssl_ciphers HIGH:MEDIUM:!aNULL;\n}\n", [["warning", 2, 13, 31]]],
    ["server {\nssl_ciphers ADH-AES128-SHA:LOW;\n}\n", [["warning", 2, 13, 31]]],
    ["server {\nssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers AECDH-AES256-SHA;\n}\n", [["warning", 3, 13, 29]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers HIGH:!aNULL:!MD5:!3DES:-RC4;\n}\n"],
    // Excluded classes, and a cipher list that TLS 1.3 alone never reads (as gixy-ng).
    ["server {\nssl_ciphers HIGH:!LOW:!MEDIUM:!ADH:-AECDH;\n}\n"],
    ["server {\nssl_protocols TLSv1.3;\nssl_ciphers HIGH:RC4;\n}\n"],
    ["http {\nssl_protocols TLSv1.3;\nserver {\nssl_ciphers HIGH:RC4;\n}\n}\n"],
    // Not weak by themselves on OpenSSL 3 (gixy-ng reports them): ALL, DEFAULT, CAMELLIA.
    ["server {\nssl_ciphers DEFAULT:CAMELLIA:!aNULL;\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
