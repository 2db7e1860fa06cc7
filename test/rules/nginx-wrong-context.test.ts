import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/wrong-context';

describe(ID, () => {
  test('proxy_pass in http: the name is blamed, in nginx\'s words, with where it belongs', async () => {
    const f = await findings(ID, { 'nginx.conf': 'events {}\nhttp {\n    proxy_pass http://127.0.0.1:8000;\n}\n' });
    expect(f).toEqual([['error', 3, 5, 15, '"proxy_pass" directive is not allowed here (in http); it belongs in location, if in location, limit_except']]);
  });

  test('a sites-enabled fragment is read as the inside of http', async () => {
    expect(await at(ID, { 'sites-enabled/app.conf': 'uwsgi_pass 127.0.0.1:3031;\nserver {\n    listen 80;\n    location / {\n        listen 81;\n    }\n}\n' })).toEqual([
      ['error', 1, 1, 11],
      ['error', 5, 9, 15],
    ]);
  });

  test('a fragment a linted nginx.conf includes is judged where that config places it, not where its lines suggest', async () => {
    const stream = 'server {\n    listen 5432;\n    proxy_pass db:5432;\n}\n';
    // In stream: a stream server's proxy_pass (nginx -t with the stream module accepts it).
    expect(await findings(ID, { 'nginx.conf': 'events {}\nstream {\n    include stream.d/*.conf;\n}\n', 'stream.d/db.conf': stream })).toEqual([]);
    // In http: the same lines are refused, through the main config.
    expect(await at(ID, { 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', 'conf.d/db.conf': stream })).toEqual([['error', 3, 5, 15]]);
  });

  test('a fragment no linted config includes, whose place is only guessed: a line stream or mail would take is a warning', async () => {
    const stream = 'upstream db {\n    server 10.0.0.5:5432;\n}\nserver {\n    listen 5432;\n    proxy_pass db;\n}\n';
    // Its top-level server reads as http's, but a stream server takes proxy_pass: nginx -t fails only in http.
    expect(await findings(ID, { 'stream.d/db.conf': stream })).toEqual([
      [
        'warning',
        6,
        5,
        15,
        '"proxy_pass" directive is not allowed here if this file is included in http {}, as its lines suggest (its top level reads as http\'s); in stream {} nginx takes it there. No linted config includes the file, so where it goes is not known: lint it with the nginx.conf that includes it',
      ],
    ]);
    // A directory of http fragments, or a block only http has, settles the place: an error.
    expect(await at(ID, { 'sites-enabled/db.conf': stream })).toEqual([['error', 6, 5, 15]]);
    expect(await at(ID, { 'stream.d/db.conf': stream.replace('listen 5432;', 'listen 5432;\n    location / { }') })).toEqual([['error', 7, 5, 15]]);
    // A line no stream or mail block takes stays an error wherever the file goes.
    expect(await at(ID, { 'deploy/app.conf': 'server {\n    listen 80;\n    uwsgi_pass 127.0.0.1:3031;\n}\n' })).toEqual([['error', 3, 5, 15]]);
  });

  test('if in server takes return but not root... and if in location takes root', async () => {
    const conf = 'server {\n    if ($a) {\n        proxy_pass http://x;\n    }\n    location / {\n        if ($a) {\n            root /srv;\n        }\n    }\n}\n';
    expect(await at(ID, { 'sites-enabled/app.conf': conf })).toEqual([['error', 3, 9, 19]]);
  });

  test.each([
    ['a snippet of unknown place', { 'snippets/x.conf': 'proxy_pass http://x;\n' }],
    ['include anywhere', { 'nginx.conf': 'include modules-enabled/*.conf;\nevents {}\nhttp {\n    include mime.types;\n}\n' }],
    ['limit_except with deny', { 'sites-enabled/a.conf': 'server {\n    location / {\n        limit_except GET {\n            deny all;\n        }\n    }\n}\n' }],
  ])('no finding: %s', async (_, files) => {
    expect(await findings(ID, files)).toEqual([]);
  });
});
