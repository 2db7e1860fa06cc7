import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/merge-slashes-off';
const main = (http: string) => `events {}\nhttp {\n${http}}\n`;

describe(ID, () => {
  test('the message names the request that gets past the location, and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': 'server {\n    merge_slashes off;\n    location /admin/ {\n        deny all;\n    }\n}\n' })).toEqual([
      ['warning', 2, 19, 22, 'merge_slashes off: nginx matches locations on the URI as sent, so a request for "//admin/" does not match "location /admin/" and skips its "deny"; another location serves it (a root opens the same file, as the file system reads "//" as "/"); remove "merge_slashes off;" (nginx\'s default is on)'],
    ]);
  });

  test.each([
    ['    merge_slashes off;\n    server {\n        location ~ ^/private { auth_basic "x"; }\n    }\n', [['warning', 3, 19, 22]]],
    ['    merge_slashes off;\n    server {\n        location = /status { internal; }\n    }\n    server {\n        location /x/ { return 403; }\n    }\n', [['warning', 3, 19, 22], ['warning', 3, 19, 22]]],
    ['    server {\n        merge_slashes off;\n        location /api/ {\n            location /api/admin/ { auth_request /auth; }\n        }\n    }\n', [['warning', 4, 23, 26]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (http, expected) => {
    expect(await at(ID, { 'nginx.conf': main(http) })).toEqual(expected);
  });

  test.each([
    ['    merge_slashes on;\n    server {\n        location /admin/ { deny all; }\n    }\n'],
    ['    merge_slashes off;\n    server {\n        location / { return 200 "ok"; }\n    }\n'],
    ['    merge_slashes off;\n    server {\n        merge_slashes on;\n        location /admin/ { deny all; }\n    }\n'],
    ['    merge_slashes off;\n    server {\n        location /admin/ { auth_basic off; return 301 /; }\n    }\n'],
    ['    server {\n        location /admin/ { deny all; }\n    }\n'],
    // `//x` still matches these
    ['    merge_slashes off;\n    server {\n        location / { auth_basic "x"; }\n        location ~ /\\.ht { deny all; }\n        location ~* \\.php$ { return 404; }\n    }\n'],
  ])('no finding: %j', async (http) => {
    expect(await findings(ID, { 'nginx.conf': main(http) })).toEqual([]);
  });

  test('a line reached through an include', async () => {
    expect(await at(ID, { 'nginx.conf': main('    include conf.d/*.conf;\n    server {\n        location /admin/ { deny all; }\n    }\n'), 'conf.d/slashes.conf': 'merge_slashes off;\n' })).toEqual([['warning', 1, 15, 18]]);
  });

  test('a templated value is not judged', async () => {
    expect(await findings(ID, { 'nginx.conf': main('    merge_slashes {{ merge }};\n    server {\n        location /admin/ { deny all; }\n    }\n') })).toEqual([]);
  });
});
