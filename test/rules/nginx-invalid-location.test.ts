import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';

const ID = 'nginx/invalid-location';

describe(ID, () => {
  test.each([
    ['location == /x { }', 2, 14, 16, 'invalid location modifier "==": use =, ^~, ~ or ~* (or none, for a prefix match)'],
    ['location /a/ { location /b/ { } }', 2, 29, 32, 'location "/b/" is outside location "/a/": a nested prefix location must start with its parent\'s prefix'],
    ['location = /a { location /a/b { } }', 2, 30, 34, 'location "/a/b" cannot be inside the exact location "/a"'],
    ['location @a { location /b { } }', 2, 28, 30, 'location "/b" cannot be inside the named location "@a"'],
    ['location / { location @b { } }', 2, 27, 29, 'named location "@b" can be on the server level only'],
  ])('%s', async (line, l, c, e, message) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': `server {\n    ${line}\n}\n` })).toEqual([['error', l, c, e, message]]);
  });

  test.each(['location ~* \\.php$ { location ~ x { } }', 'location /a/ { location /a/b/ { } location ~ \\.js$ { } }', 'location ^~/x { }', 'location =/x { }'])('no finding: %s', async (line) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': `server {\n    ${line}\n}\n` })).toEqual([]);
  });
});
