import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-argument-count.js';

const ID = 'nginx/argument-count';

describe(ID, () => {
  test('too few: the name is blamed', async () => {
    const f = await findings(ID, { 'sites-enabled/a.conf': 'server {\n    location / {\n        uwsgi_param HTTP_X;\n    }\n}\n' });
    expect(f).toEqual([['error', 3, 9, 20, 'invalid number of arguments in "uwsgi_param" directive: it takes 2 or 3 arguments, here 1']]);
  });

  test('too many: the surplus arguments are blamed; a flag takes on or off', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': 'gzip on off;\n' })).toEqual([['error', 1, 9, 12, 'invalid number of arguments in "gzip" directive: it takes one argument, on or off, here 2']]);
  });

  test('a block where none belongs, none where one does', async () => {
    expect(await at(ID, { 'sites-enabled/a.conf': 'server {\n    listen 80 {\n    }\n    location /;\n}\n' })).toEqual([
      ['error', 2, 5, 11],
      ['error', 4, 5, 13],
    ]);
  });

  test.each([
    ['templated arguments', 'server {\n    listen {{ port }} {{ flags }};\n}\n'],
    ['open-ended counts', 'server {\n    server_name a b c d e f g h i;\n    error_page 500 502 503 504 /50x.html;\n}\n'],
  ])('no finding: %s', async (_, text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "gzip on off;\n" };
    // the surplus argument, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'error', 1, 9, 12]]);
  });
});
