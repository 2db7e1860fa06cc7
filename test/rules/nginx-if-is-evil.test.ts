import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/if-is-evil';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    if ($a) {\n        add_header X 1;\n    }\n}\n}\n" })).toEqual([["warning", 4, 9, 19, "\"add_header\" in an if inside a location does not do what it seems: when the condition holds the if replaces the location's configuration (only the last matching if's settings apply; try_files and proxy_pass URI parts are lost); use return/rewrite ... last to a named location, or map + the directive outside the if"]]);
  });

  test.each([
    ["server {\nlocation / {\n    if ($a) {\n        add_header X 1;\n    }\n}\n}\n", [["warning", 4, 9, 19]]],
    ["server {\nlocation / {\n    if ($a) {\n        rewrite ^ /b break;\n    }\n}\n}\n", [["warning", 4, 9, 16]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation / {\n    if ($a) {\n        set $b 1;\n        rewrite ^ /b last;\n        return 403;\n    }\n}\nif ($host = x) {\n    set $c 1;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
