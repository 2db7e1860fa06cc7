import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/regex-redos';

describe(ID, () => {
  test('an overlapping choice in a loop: its own message', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ ^/(\\w|\\d)+$ {\n}\n}\n" })).toEqual([["warning", 2, 12, 23, "\"(\\w|\\d)+\" repeats a choice whose branches can match the same character: on a near-miss URI the regex engine tries both for each one, exponential time per request (ReDoS); merge the branches into one class ([\\w.]) or make them exclusive"]]);
  });

  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ ^/(a+)+$ {\n}\n}\n" })).toEqual([["warning", 2, 12, 20, "\"(a+)+\" repeats a part that itself repeats: on a near-miss URI the regex engine tries every split between the two loops, exponential time per request (ReDoS); drop the inner or the outer repetition, or make the parts unambiguous"]]);
  });

  test.each([
    ["server {\nlocation ~ ^/(a+)+$ {\n}\n}\n", [["warning", 2, 12, 20]]],
    ["server {\nlocation ~ ^/x/(.*)*$ {\n}\n}\n", [["warning", 2, 12, 22]]],
    ["server {\nlocation ~ ^/(?:\\w+\\d*)+/$ {\n}\n}\n", [["warning", 2, 12, 27]]],
    ["server {\nlocation ~ ^/(\\w|\\d)+$ {\n}\n}\n", [["warning", 2, 12, 23]]],
    ["server {\nrewrite ^/((.|\\s)*)x$ /y;\n}\n", [["warning", 2, 9, 22]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation ~ ^(/[^/]+)*$ {\n}\n}\n"],
    ["server {\nlocation ~ ^/(a+b)+$ {\n}\n}\n"],
    ["server {\nlocation ~ ^/a+b+$ {\n}\n}\n"],
    ["server {\nlocation ~ ^/(a|b)+$ {\n}\n}\n"],
    ["server {\nlocation ~ ^/([a-z]|[0-9])+$ {\n}\n}\n"],
    ["server {\nlocation ~ ^/(\\.|[^.])+$ {\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});

test('the regex reader: what captures can hold, nested loops only when ambiguous', async () => {
  const { parseRegex, canContain, nestedQuantifiers, anchoredAtStart } = await import('../../src/nginx/security/regex.js');
  const r = parseRegex('^/v1/(?<a>[^.]*)/(.*)/(\\d+)$')!;
  expect(r.captures.map((g) => [g.name, canContain(g.body, '\n'), canContain(g.body, '\r'), canContain(g.body, '.')])).toEqual([
    ['a', true, true, false],
    [null, false, true, true],
    [null, false, false, false],
  ]);
  expect(anchoredAtStart(r)).toBe(true);
  expect(nestedQuantifiers(parseRegex('^(\\w+\\s?)+$')!).length).toBe(1);
  expect(nestedQuantifiers(parseRegex('^(/[^/]+)+$')!).length).toBe(0);
  expect(parseRegex('a(b')).toBeNull();
});

test('the regex reader: verbs, string anchors and lookaheads as anchors', async () => {
  const { parseRegex, anchoredSomewhere } = await import('../../src/nginx/security/regex.js');
  const anchored = (re: string) => anchoredSomewhere(parseRegex(re)!);
  expect(parseRegex('(*UTF)((.*))$')!.captures.length).toBe(2);
  expect(['^/a', '/a$', '\\A/a|/b\\Z', '(^/a|/b$)', '(?=^/a)/a', '(?!/x)^/a', '(^/a)+b', '/v1/.+\\z'].map(anchored)).toEqual([true, true, true, true, true, true, true, true]);
  expect(['\\.php', '^/a|/b', '(^/a)*b', '(?!^/a)/b', '/x|/y\\z'].map(anchored)).toEqual([false, false, false, false, false]);
});
