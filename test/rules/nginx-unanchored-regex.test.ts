import { describe, expect, test } from 'vitest';
import { at, findings } from './nginx-helpers.js';

const ID = 'nginx/unanchored-regex';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ /public/ {\n    auth_basic off;\n}\n}\n" })).toEqual([["warning", 2, 12, 20, "\"/public/\" has no \"^\": it matches \"/public/\" anywhere in the path, so \"/x/public/...\" lands here too, and this location lifts access control; write \"~ ^/public/\""]]);
  });

  test.each([
    ["server {\nlocation ~ /public/ {\n    auth_basic off;\n}\n}\n", [["warning", 2, 12, 20]]],
    ["server {\nlocation ~ /api/v1 {\n}\n}\n", [["info", 2, 12, 19]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation ~ ^/public/ {\n}\nlocation ~ \\.php$ {\n}\nlocation ~ /\\. {\n    deny all;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
