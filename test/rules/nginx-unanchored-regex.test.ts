import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';
import { locationName } from '../../src/nginx/location.js';
import { newDirective } from '../../src/nginx/ast.js';
import { createSourceFile } from '../../src/source.js';

const ID = 'nginx/unanchored-regex';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nauth_basic \"staff\";\nlocation ~ /public/ {\n    auth_basic off;\n}\n}\n" })).toEqual([["warning", 3, 12, 20, "\"/public/\" has no anchor (\"^\" at the start or \"$\" at the end of each branch): it matches anywhere in the path, so \"/x/public/...\" lands here too, and this location lifts access control; write \"~ ^/public/\", or a prefix location"]]);
  });

  test('a path with a dot keeps its start anchored in the fix (not a "$" that would stop /.well-known/acme-challenge/x)', async () => {
    const [row] = await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ /.well-known {\n    allow all;\n}\n}\n" });
    expect(row[4]).toContain('write "~ ^/.well-known"');
  });

  test('a regex without any anchor: info, with the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ \\.php {\n    fastcgi_pass unix:/run/php.sock;\n}\n}\n" })).toEqual([["info", 2, 12, 17, "\"\\.php\" has no anchor (\"^\" at the start or \"$\" at the end of each branch): it matches anywhere in the path, so any path with a match in the middle lands here too; write \"~ \\.php$\", or a prefix location"]]);
  });

  test.each([
    ["server {\nauth_basic \"staff\";\nlocation ~ /public/ {\n    auth_basic off;\n}\n}\n", [["warning", 3, 12, 20]]],
    // Nothing restricted around it: lifting nothing, an info (seen on a Let's Encrypt `location ~ /.well-known { allow all; }`).
    ["server {\nlocation ~ /.well-known {\n    allow all;\n}\n}\n", [["info", 2, 12, 24]]],
    ["server {\nlocation ~ /api/v1 {\n}\n}\n", [["info", 2, 12, 19]]],
    // Anchored at the end only, but lifting access control for a path segment found anywhere.
    ["server {\ndeny 10.0.0.0/8;\nlocation ~ /public/.*$ {\n    allow all;\n}\n}\n", [["warning", 3, 12, 23]]],
    // One branch without an anchor is enough; an optional anchor is none.
    ["server {\nlocation ~ \"^/foo|/bar\" {\n}\n}\n", [["info", 2, 12, 24]]],
    ["server {\nlocation ~ \"/x|/y\\z\" {\n}\n}\n", [["info", 2, 12, 21]]],
    ["server {\nlocation ~ \"(^/foo)*bar\" {\n}\n}\n", [["info", 2, 12, 25]]],
    ["server {\nlocation ~* \\.php {\n}\n}\n", [["info", 2, 13, 18]]],
  ] as [string, [string, number, number, number][]][])('bad #%#', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation ~ ^/public/ {\n}\nlocation ~ \\.php$ {\n}\nlocation ~ /\\. {\n    deny all;\n}\n}\n"],
    ["server {\nlocation ~ \"^/foo|/bar$\" {\n}\nlocation ~ \"(^/a|/b$)\" {\n}\nlocation ~ \"(^/a|^/b)/c\" {\n}\n}\n"],
    ["server {\nlocation ~ \"(?!/admin)^/v1\" {\n}\nlocation ~ \"(?=^/foo)/foo/bar\" {\n}\nlocation ~ \"(^/foo)+bar\" {\n}\n}\n"],
    ["server {\nlocation ~ \"\\A/v1|/v2\\Z\" {\n}\nlocation ~ \"/v1/.+\\z\" {\n}\nlocation ~ \"/v1/.+\\\\z\" {\n}\n}\n"],
    // A location that refuses what it matches is meant to match anywhere.
    ["server {\nlocation ~* /\\.(?!well-known\\/) {\n    deny all;\n}\nlocation ~ /backup/ {\n    return 404;\n}\n}\n"],
    ["server {\nlocation /v1/ {\n}\n}\n"],
  ])('good #%#', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a location reached through an include', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    server {\n        include snippets/php.conf;\n    }\n}\n', 'snippets/php.conf': 'location ~ \\.php {\n}\n' };
    expect(await at(ID, files)).toEqual([['info', 1, 12, 17]]);
  });

  test('a templated regex is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': 'server {\nlocation ~ {{ php_regex }} {\n}\n}\n' })).toEqual([]);
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
