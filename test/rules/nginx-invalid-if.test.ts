import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';

const ID = 'nginx/invalid-if';
const suffix = '; write if ($var), if ($var = value), if ($var ~ regex), or if (-f $path)';

describe(ID, () => {
  test.each([
    ['if ($a == b) { }', 2, 12, 14, 'unexpected "==" in condition'],
    ['if ($a = b { }', 2, 14, 15, 'invalid condition "b"'],
    ['if $a { }', 2, 8, 10, 'invalid condition "$a"'],
    ['if ($a = b = c) { }', 2, 8, 11, 'invalid condition "$a"'],
    ['if (-z $a) { }', 2, 8, 11, 'invalid condition "-z"'],
  ])('%s: the offending word is blamed', async (line, l, c, e, message) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': `server {\n    ${line}\n}\n` })).toEqual([['error', l, c, e, message + suffix]]);
  });

  test.each(['if ($a) { }', 'if ( $a ) { }', 'if ($a = "b c") { }', 'if ($a !~* ^x) { }', 'if (!-f $request_filename) { }', 'if ($a = {{ v }}) { }'])('no finding: %s', async (line) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': `server {\n    ${line}\n}\n` })).toEqual([]);
  });
});
