import { describe, expect, test } from 'vitest';
import { at, findings, lintFiles } from '../support/rule-tester.js';

const ID = 'nginx/overlapping-captures';
const site = (body: string) => ({ 'sites-enabled/a.conf': `server {\nlocation / {\n${body}\n}\n}\n` });

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, site('    rewrite ^/((.*))$ http://127.0.0.1:8080/$1$2 redirect;'))).toEqual([
      ['warning', 3, 23, 49, '"$1" and "$2" read nested groups of "^/((.*))$" (one inside the other) in a redirect, where nginx escapes every capture: on nginx before 1.30.2 (stable) or 1.31.1 (mainline) the escaped copies overflow a buffer sized for one, a heap overflow any request can trigger (CVE-2026-9256); upgrade nginx (then set "nginxVersion" so the linter knows), or read only one of the two groups'],
    ]);
  });

  test.each([
    ['    rewrite ^/((.*))$ http://127.0.0.1:8080/?$1$2;', [['warning', 3, 23, 50]]],
    ['    rewrite ^/((.*))$ https://example.com/$1$2;', [['warning', 3, 23, 47]]],
    ['    rewrite ^/((.*))$ /x/$1$2 permanent;', [['warning', 3, 23, 30]]],
    ['    rewrite ^/((.*))$ /x?a=$1&b=$2 last;', [['warning', 3, 23, 35]]],
    // Named groups are numbered too.
    ['    rewrite ^/(?<outer>(.*))$ http://example.com/$1$2 redirect;', [['warning', 3, 31, 54]]],
    // A verb is no group.
    ['    rewrite (*UTF)((.*))$ http://example.com/$1$2;', [['warning', 3, 27, 50]]],
  ] as [string, [string, number, number, number][]][])('bad #%#', async (body, expected) => {
    expect(await at(ID, site(body))).toEqual(expected);
  });

  test.each([
    ['    rewrite ^/([^/]+)/(.*)$ http://127.0.0.1:8080/?p=$1&r=$2;'],
    ['    rewrite ^/((.*))$ http://127.0.0.1:8080/?p=$1&h=$host;'],
    ['    rewrite ^/((.*))$ /internal/$1$2 last;'],
    ['    rewrite ^/((.*))$ /internal/$1$2? last;'],
    ['    rewrite ^/((.*))$ /foo/$1?$2 break;'],
    ['    rewrite ^/((.*))$ http://example.com/?p=$1&q=$2&r=$1 redirect;'],
    ['    rewrite ^/((.*))/((.*))$ http://example.com/$1$3 redirect;'],
    ['    rewrite (*UTF)/(.*)/(.*)$ http://example.com/$1$2;'],
    ['    rewrite ^/(?<outer>(?<inner>.*))$ http://127.0.0.1:8080/?o=$outer&i=$inner;'],
  ])('good #%#', async (body) => {
    expect(await findings(ID, site(body))).toEqual([]);
  });

  test('a fixed nginx (settings.nginxVersion) silences it', async () => {
    const files = site('    rewrite ^/((.*))$ http://127.0.0.1:8080/$1$2;');
    const count = async (nginxVersion: string) => (await lintFiles(files, { kind: 'nginx', config: { nginxVersion } })).filter((f) => f.ruleId === ID).length;
    expect([await count('1.30.2'), await count('1.31.1'), await count('1.30.1'), await count('1.31.0')]).toEqual([0, 0, 1, 1]);
  });

  test('a line reached through an include', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    server {\n        location / {\n            include snippets/r.conf;\n        }\n    }\n}\n', 'snippets/r.conf': 'rewrite ^/((.*))$ https://example.com/$1$2;\n' };
    expect(await at(ID, files)).toEqual([['warning', 1, 19, 43]]);
  });

  test('a templated rewrite is not judged', async () => {
    expect(await findings(ID, site('    rewrite {{ regex }} https://example.com/$1$2;'))).toEqual([]);
  });
});
