import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/try-files-without-open-file-cache';
const main = (http: string) => `events {}\nhttp {\n${http}}\n`;

describe(ID, () => {
  test('the message says what is missing and what to write', async () => {
    expect(await findings(ID, { 'nginx.conf': main('    server {\n        location / {\n            try_files $uri /index.html;\n        }\n    }\n') })).toEqual([
      ['info', 5, 13, 22, 'try_files looks each candidate up on disk for every request, and no open_file_cache is in force here (nginx\'s default is off): under load these lookups add up; set "open_file_cache max=10000 inactive=30s;" in the http block (with "open_file_cache_valid 60s;" to see new files within a minute)'],
    ]);
  });

  test('open_file_cache off in an outer block is named', async () => {
    const rows = await findings(ID, { 'nginx.conf': main('    open_file_cache off;\n    server {\n        location / {\n            location /test/ {\n                try_files $uri $uri/ /index.php;\n            }\n        }\n    }\n') });
    expect(rows).toEqual([['info', 7, 17, 26, expect.stringContaining('"open_file_cache off;" is in force here')]]);
  });

  test.each([
    ['    open_file_cache max=1000 inactive=20s;\n    server {\n        location / {\n            try_files $uri /index.html;\n        }\n    }\n'],
    ['    server {\n        open_file_cache max=1000;\n        location / {\n            try_files $uri /index.html;\n        }\n    }\n'],
    ['    server {\n        location / {\n            root /srv;\n        }\n    }\n'],
  ])('no finding: %j', async (http) => {
    expect(await findings(ID, { 'nginx.conf': main(http) })).toEqual([]);
  });

  test('a cache turned off nearer than the one set outside wins', async () => {
    expect(await at(ID, { 'nginx.conf': main('    open_file_cache max=1000;\n    server {\n        open_file_cache off;\n        location / {\n            try_files $uri /index.html;\n        }\n    }\n') })).toEqual([['info', 7, 13, 22]]);
  });

  test('a line reached through an include, and an include the run cannot read', async () => {
    expect(await at(ID, { 'nginx.conf': main('    server {\n        location / {\n            include snippets/spa.conf;\n        }\n    }\n'), 'snippets/spa.conf': 'try_files $uri /index.html;\n' })).toEqual([['info', 1, 1, 10]]);
    expect(await at(ID, { 'nginx.conf': main('    include /etc/nginx/conf.d/cache.conf;\n    server {\n        location / {\n            try_files $uri /index.html;\n        }\n    }\n') })).toEqual([]);
  });

  test('a templated line is not judged', async () => {
    expect(await findings(ID, { 'nginx.conf': main('    server {\n        location / {\n            try_files {{ candidates }};\n        }\n    }\n') })).toEqual([]);
  });
});
