import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/filesystem-root';
const site = (body: string) => `server {\n    listen 80;\n${body}}\n`;

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site('    root /;\n') })).toEqual([
      ['error', 3, 10, 11, 'root "/" is the filesystem root: a request for "/etc/passwd" reads /etc/passwd, and so any file nginx\'s workers can read (keys, other sites\' code); point root at the directory that holds the files to serve'],
    ]);
    expect(await findings(ID, { 'sites-enabled/a.conf': site('    location /files/ {\n        alias /;\n    }\n') })).toEqual([
      ['error', 4, 15, 16, 'alias "/" is the filesystem root: a request for "/files/etc/passwd" reads /etc/passwd, and so any file nginx\'s workers can read (keys, other sites\' code); point alias at the directory that holds the files to serve'],
    ]);
  });

  test.each([
    ['    location / {\n        root //;\n    }\n', [['error', 4, 14, 16]]],
    ['    location / {\n        root /usr/..;\n    }\n', [['error', 4, 14, 21]]],
    ['    location / {\n        root "/./";\n    }\n', [['error', 4, 14, 19]]],
    ['    location ^~ /files/ {\n        alias /;\n    }\n', [['error', 4, 15, 16]]],
    ['    location /files {\n        alias /.;\n    }\n', [['error', 4, 15, 17]]],
    ['    location /files/ {\n        alias /./;\n    }\n', [['error', 4, 15, 18]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (body, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': site(body) })).toEqual(expected);
  });

  test.each([
    ['    root /var/www;\n'],
    ['    root html;\n'],
    ['    root /var/www/..;\n'],
    ['    root /srv/$host;\n'],
    ['    location /files/ {\n        alias /.;\n    }\n'],
    ['    location /data/ {\n        alias /usr/..;\n    }\n'],
    ['    location ~ ^/files/ {\n        alias /;\n    }\n'],
    ['    location = /downloads/ {\n        alias /;\n    }\n'],
    ['    location ~ ^/files/(.*)$ {\n        alias /srv/files/$1;\n    }\n'],
  ])('good: %j', async (body) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site(body) })).toEqual([]);
  });

  test('a root that no block serves files with: a warning', async () => {
    const proxies = '    root /;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n    location /ws/ {\n        proxy_pass http://127.0.0.1:8001;\n    }\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': site(proxies) })).toEqual([
      ['warning', 3, 10, 11, 'root "/" is the filesystem root: every block under it passes the request on or returns now, but a location added later without a pass would serve any file nginx\'s workers can read ("/etc/passwd"); remove the root, or point it at the directory that holds the files to serve'],
    ]);
    expect(await at(ID, { 'sites-enabled/a.conf': site('    root /;\n    return 301 https://example.com$request_uri;\n') })).toEqual([['warning', 3, 10, 11]]);
    // No catch-all location: URIs no location takes are served from the root.
    expect(await at(ID, { 'sites-enabled/a.conf': site('    root /;\n    location /api/ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n') })).toEqual([['error', 3, 10, 11]]);
    // A nested location without a pass serves files.
    expect(await at(ID, { 'sites-enabled/a.conf': site('    root /;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n        location /static/ {\n        }\n    }\n') })).toEqual([['error', 3, 10, 11]]);
  });

  test('a line reached through an include is reported where it stands', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n        include snippets/root.conf;\n    }\n}\n', 'snippets/root.conf': 'root /;\n' };
    expect(await at(ID, files)).toEqual([['error', 1, 6, 7]]);
  });

  test('a templated root is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site('    root {{ web_root }};\n    location /f/ {\n        alias ${STATIC_DIR}/;\n    }\n') })).toEqual([]);
  });
});
