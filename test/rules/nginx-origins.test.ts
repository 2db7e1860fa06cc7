import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/origins';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nif ($http_origin ~* \"^https://app\\.example\\.com\") {\n    return 403;\n}\n}\n" })).toEqual([["error", 2, 21, 49, "this regex accepts \"https://app.example.com.evil.com\" as a trusted origin: another site passes the check; anchor it (\"^https://example\\.com$\"), escape every dot, or list the exact values in a map"]]);
  });

  test.each([
    ["server {\nif ($http_origin ~* \"^https://app\\.example\\.com\") {\n    return 403;\n}\n}\n", [["error", 2, 21, 49]]],
    ["server {\nif ($http_referer ~ \"example\\.com$\") {\n    return 403;\n}\n}\n", [["warning", 2, 21, 36]]],
    ["server {\nif ($http_origin ~ ^https://www.example.com$) {\n    return 403;\n}\n}\n", [["error", 2, 20, 46]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nif ($http_origin ~* \"^https://(www\\.)?example\\.com$\") {\n    return 403;\n}\n}\n"],
    ["server {\nif ($http_origin ~* \"^https://[a-z0-9-]+\\.example\\.com(:\\d+)?$\") {\n    return 403;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
