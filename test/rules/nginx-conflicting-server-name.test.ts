import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';

const ID = 'nginx/conflicting-server-name';

describe(ID, () => {
  test('the same name on the same address: the second name is blamed, per address', async () => {
    const conf = 'server {\n    listen 80;\n    listen [::]:80;\n    server_name a.example;\n}\nserver {\n    listen 80;\n    listen [::]:80;\n    server_name A.example b;\n}\n';
    const f = await findings(ID, { 'sites-enabled/a.conf': conf });
    expect(f.map(([s, l, c, e, m]) => [s, l, c, e, m.split(',')[0]])).toEqual([
      ['warning', 9, 17, 26, 'conflicting server name "A.example" on 0.0.0.0:80'],
      ['warning', 9, 17, 26, 'conflicting server name "A.example" on [::]:80'],
    ]);
  });

  test.each([
    ['different addresses', 'server { listen 80; server_name a; }\nserver { listen 127.0.0.1:80; server_name a; }\n'],
    ['regex names', 'server { server_name ~^a$; }\nserver { server_name ~^a$; }\n'],
    ['one server naming twice', 'server { server_name a a; }\n'],
  ])('no finding: %s', async (_, text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
