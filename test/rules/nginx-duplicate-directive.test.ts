import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-duplicate-directive.js';

const ID = 'nginx/duplicate-directive';

describe(ID, () => {
  test('root twice: the second name is blamed', async () => {
    const f = await findings(ID, { 'sites-enabled/a.conf': 'server {\n    location / {\n        root /a;\n        root /b;\n    }\n}\n' });
    expect(f).toEqual([['error', 4, 9, 13, '"root" directive is duplicate; nginx takes it once per block: keep one']]);
  });

  test('root then alias, a duplicate location, listen and upstream', async () => {
    const conf = 'upstream app { server 127.0.0.1:1; }\nupstream APP { server 127.0.0.1:2; }\nserver {\n    listen 80;\n    listen *:80;\n    location /x { root /a; alias /b; }\n    location ^~ /x { }\n}\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': conf })).toEqual([
      ['error', 2, 10, 13, 'duplicate upstream "APP": upstream names are unique (case-insensitively) in http'],
      ['error', 5, 12, 16, 'a duplicate listen 0.0.0.0:80: this server listens there already'],
      ['error', 6, 28, 33, '"alias" directive is duplicate, "root" directive was specified earlier; a location takes either root or alias'],
      ['error', 7, 5, 13, 'duplicate location "/x": an earlier location of this block has the same prefix match, so this one is never used'],
    ]);
  });

  test('modifiers glued to the path match the same as written apart', async () => {
    const conf = 'server {\n    location = /x { }\n    location =/x { }\n    location /y { }\n    location ^~/y { }\n    location @z { }\n    location @z { }\n    location ~/w { }\n    location ~/w { }\n}\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': conf })).toEqual([
      ['error', 3, 5, 13, 'duplicate location "/x": an earlier location of this block has the same exact match, so this one is never used'],
      ['error', 5, 5, 13, 'duplicate location "/y": an earlier location of this block has the same prefix match, so this one is never used'],
    ]);
  });

  test('two default servers on one address', async () => {
    expect(await at(ID, { 'sites-enabled/a.conf': 'server { listen 80 default_server; }\nserver { listen 80 default_server; }\n' })).toEqual([['error', 2, 17, 19]]);
  });

  test.each([
    ['repeatable directives', 'server {\n    add_header A a;\n    add_header B b;\n    location / { uwsgi_param A a; uwsgi_param B b; limit_req zone=a; limit_req zone=b; }\n}\n'],
    ['the same directive at different levels', 'root /a;\nserver {\n    root /b;\n    location / { root /c; }\n}\n'],
    ['regex and exact locations of one name', 'server {\n    location = /x { }\n    location /x { }\n    location ~ /x { }\n    location ~ /x { }\n}\n'],
    ['the same location and listen in two servers, and again after a nested block', 'server {\n    listen 80;\n    location /a { location /a/b { } }\n}\nserver {\n    listen 80;\n    location /a { }\n    location /a/b { }\n}\n'],
    ['Jinja conditionals', 'server {\n{% if a %}\n    root /a;\n{% else %}\n    root /b;\n{% endif %}\n}\n'],
  ])('no finding: %s', async (_, text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "root /a;\nroot /b;\n" };
    // the second root, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'error', 2, 1, 5]]);
  });
});
