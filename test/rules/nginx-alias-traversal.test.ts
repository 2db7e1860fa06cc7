import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-alias-traversal.js';

const ID = 'nginx/alias-traversal';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation /static {\n    alias /srv/static/;\n}\n}\n" })).toEqual([["error", 2, 10, 17, "location \"/static\" has no trailing slash but its alias \"/srv/static/\" has one: a request for \"/static../\" reads the directory above the alias (path traversal); write \"location /static/\""]]);
  });

  test('an alias of one file under a variable directory: the same advice', async () => {
    const found = await findings(ID, { 'sites-enabled/a.conf': "server {\nset $root /srv;\nlocation /favicon.ico {\n    alias $root/static/favicon.ico;\n}\n}\n" });
    expect(found.map((f) => f[4])).toEqual([expect.stringContaining('write "location = /favicon.ico" (an exact match)')]);
  });

  test('an alias of one file: the fix is an exact location, not a directory form', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation /robots.txt {\n    alias /srv/static/robots.txt;\n}\n}\n" })).toEqual([["warning", 2, 10, 21, "location \"/robots.txt\" has no trailing slash: a request for \"/robots.txt.bak\" reads \"/srv/static/robots.txt.bak\", a sibling of the file \"/srv/static/robots.txt\" (any file whose name starts with its name); write \"location = /robots.txt\" (an exact match) to serve that one file"]]);
  });

  test.each([
    ["server {\nlocation /static {\n    alias /srv/static/;\n}\n}\n", [["error", 2, 10, 17]]],
    ["server {\nlocation /i {\n    alias /srv/i;\n}\n}\n", [["warning", 2, 10, 12]]],
    ["server {\nlocation ^~ /s {\n    alias /srv/s/;\n}\n}\n", [["error", 2, 13, 15]]],
    // regex locations: the alias with its capture, columns of the alias word
    ["server {\nlocation ~ /images(.*) {\n    alias /srv/static/$1;\n}\n}\n", [["error", 3, 11, 25]]],
    ["server {\nlocation ~ /site(2)(.*) {\n    alias /srv/$2;\n}\n}\n", [["error", 3, 11, 18]]],
    ["server {\nlocation ~ ^/d(?<rest>.*)$ {\n    alias /srv/d/$rest;\n}\n}\n", [["error", 3, 11, 23]]],
    ["server {\nlocation ~ /images([^/]*)$ {\n    alias /srv/static/$1;\n}\n}\n", [["warning", 3, 11, 25]]],
    ["server {\nlocation ~ /images(.*) {\n    alias /srv/static$1;\n}\n}\n", [["warning", 3, 11, 24]]],
    ["server {\nlocation ~ /site/(.*) {\n    alias /srv$1;\n}\n}\n", [["warning", 3, 11, 17]]],
    ["server {\nlocation ~ ^/x/(.*)$ {\n    alias $1;\n}\n}\n", [["error", 3, 11, 13]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation /static/ {\n    alias /srv/static/;\n}\n}\n"],
    ["server {\nlocation = /favicon.ico {\n    alias /srv/favicon.ico;\n}\n}\n"],
    ["server {\nlocation ~ ^/s/(.*)$ {\n    alias /srv/$1;\n}\n}\n"],
    ["server {\nlocation ~ /images(/.*) {\n    alias /srv/static$1;\n}\n}\n"],
    ["server {\nlocation ~ /images([^.]*) {\n    alias /srv/static/$1;\n}\n}\n"],
    ["server {\nlocation ~ ^(.*)$ {\n    alias /srv/static$1;\n}\n}\n"],
    ["server {\nlocation ~ ^/(?:en|fr)/(.*)$ {\n    alias /srv/static/$1;\n}\n}\n"],
    ["server {\nlocation ~* ^/files-(en|fr) {\n    alias /home/;\n}\n}\n"],
    ["server {\nlocation @named {\n    alias /srv/;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a regex capture after no slash: the message names the capture and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ /images(.*) {\n    alias /srv/static/$1;\n}\n}\n" })).toEqual([["error", 3, 11, 25, 'alias "/srv/static/$1" puts capture $1 of "~ /images(.*)" after "/srv/static/", and the capture does not follow a "/" in the URI: it can start with "../", so a request reads files in the directory above "/srv/static/" (path traversal); end the text before the capture with "/" in the regex (as in "~ ^/images/(.*)$")']]);
  });

  test('a templated alias is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ /images(.*) {\n    alias {{ static_root }}/$1;\n}\nlocation /s {\n    alias {{ static_root }}/;\n}\n}\n" })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        include snippets/x.conf;\n    }\n    server {\n        listen 8080;\n        include snippets/x.conf;\n    }\n}\n", 'snippets/x.conf': "location /static {\n    alias /srv/static/;\n}\n" };
    // the location, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'error', 1, 10, 17]]);
  });
});
