import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';
import { locationRegexText } from '../../src/nginx/security/variables.js';
import { locationName } from '../../src/nginx/location.js';
import { newDirective } from '../../src/nginx/ast.js';
import { createSourceFile } from '../../src/source.js';

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

describe('regex locations, as the rules read them (NginxQuery.location)', () => {
  // The definition, with regexes, as ngx_http_core_location reads a location (nginx 1.22.1):
  // with two words the first is the modifier, `~`/`~*` then the regex; otherwise the first word
  // is read alone, a leading `~`/`~*` being the modifier glued to the regex (`~^/a`, `~*\.php$`).
  const byRegex = (args: string[]) => {
    if (args.length === 2) return args[0] === '~' || args[0] === '~*' ? args[1] : null;
    const a = args[0] ?? '';
    return /^~\*?/.test(a) ? a.replace(/^~\*?/, '') : null;
  };
  const word = (value: string) => ({ value, raw: value, quote: null, start: 0, end: value.length });
  const regexOf = (args: string[]) => {
    const location = locationName(newDirective(word('location'), args.map(word), 0, 0, createSourceFile('a.conf', '')));
    return 'invalidModifier' in location || !location.regex ? null : location.name;
  };

  test('agrees with its regex definition on every word list of up to 2 words of up to 3 of "~*a"', () => {
    const words = [''];
    for (let length = 1; length <= 3; length++) {
      for (let n = 0; n < 3 ** length; n++) {
        let s = '';
        for (let k = 0, m = n; k < length; k++, m = Math.floor(m / 3)) s += '~*a'[m % 3];
        words.push(s);
      }
    }
    const lists: string[][] = [[]];
    for (const a of words) {
      lists.push([a]);
      for (const b of words) lists.push([a, b], [a, b, 'x']);
    }
    const differ = lists.filter((args) => regexOf(args) !== byRegex(args));
    expect(differ).toEqual([]);
  });
});
