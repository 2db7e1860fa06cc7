import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/version-disclosure';

describe(`${ID} in a whole nginx.conf`, () => {
  test('server_tokens on is blamed; the default left in force is info on the http line', async () => {
    expect(await at(ID, { 'nginx.conf': 'events {}\nhttp {\n    server_tokens on;\n}\n' })).toEqual([['warning', 3, 19, 21]]);
    expect(await at(ID, { 'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n    }\n}\n' })).toEqual([['info', 2, 1, 5]]);
  });

  test('server_tokens off in http, or in every server: nothing; a fragment: nothing (it cannot see http)', async () => {
    expect(await findings(ID, { 'nginx.conf': 'events {}\nhttp {\n    server_tokens off;\n}\n' })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': 'events {}\nhttp {\n    server {\n        server_tokens off;\n    }\n}\n' })).toEqual([]);
    expect(await findings(ID, { 'sites-enabled/a.conf': 'server {\n    listen 80;\n}\n' })).toEqual([]);
  });
});
