import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';

const ID = 'nginx/add-header-content-type';

const site = (body: string, outer = '') => `server {\n    listen 80;\n${outer}    location / {\n${body}\n    }\n}\n`;

describe(ID, () => {
  test('the message says what goes out and what to write instead', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': site('        root /srv;\n        add_header Content-Type text/plain;') })).toEqual([
      ['warning', 5, 20, 32, 'add_header Content-Type adds a second Content-Type header beside the one nginx sends (from types, default_type or the backend), and clients may read either; set the type with "default_type text/plain;" (or "types { } default_type text/plain;" to override the extension\'s type), or hide the backend\'s with proxy_hide_header Content-Type'],
    ]);
  });

  test.each([
    site('        add_header content-type "application/json" always;'),
    // a hide_header of another name, or of Content-Type for another level's pass only.
    site('        proxy_hide_header X-Powered-By;\n        add_header Content-Type text/html;'),
    'server {\n    location /a { proxy_hide_header Content-Type; }\n    location /b { add_header Content-Type text/html; }\n}\n',
    // a level with its own *_hide_header list does not inherit the outer one.
    site('        proxy_hide_header X-Powered-By;\n        add_header Content-Type text/html;', '    proxy_hide_header Content-Type;\n'),
  ])('bad: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toHaveLength(1);
  });

  test.each([
    site('        add_header X-Content-Type-Options nosniff;'),
    site('        default_type text/plain;'),
    // the backend's type is hidden: this line is the only Content-Type.
    site('        proxy_hide_header Content-Type;\n        add_header Content-Type application/octet-stream;'),
    site('        fastcgi_hide_header content-type;\n        add_header Content-Type application/json;'),
    site('        uwsgi_hide_header Content-Type;\n        add_header Content-Type text/html;'),
    site('        add_header Content-Type text/html;', '    proxy_hide_header Content-Type;\n'),
    // headers-more sets the response's type itself.
    site('        more_set_headers "Content-Type: text/html";'),
    // a templated name is not judged.
    site('        add_header {{ name }} text/html;'),
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a line reached through an include is reported where it stands', async () => {
    const files = {
      'nginx.conf': 'events {}\nhttp {\n    server {\n        location / { include snippets/raw.conf; }\n    }\n}\n',
      'snippets/raw.conf': 'add_header Content-Type text/plain;\n',
    };
    expect((await findings(ID, files)).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['warning', 1, 12, 24]]);
  });
});
