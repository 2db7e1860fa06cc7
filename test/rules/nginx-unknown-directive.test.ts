import { describe, expect, test } from 'vitest';
import { at, byRule, findings, lintFiles } from '../support/rule-tester.js';

const ID = 'nginx/unknown-directive';

describe(ID, () => {
  test('a typo: the name is blamed, with the nearest real name', async () => {
    const f = await findings(ID, { 'sites-enabled/app.conf': 'server {\n    listen 80;\n    server_nam example.com;\n}\n' });
    expect(f).toEqual([['error', 3, 5, 15, 'unknown directive "server_nam"; did you mean "server_name"?']]);
  });

  test('inside a location of an included snippet, reported in the snippet', async () => {
    const f = await at(ID, {
      'nginx.conf': 'events {}\nhttp {\n    server {\n        location / {\n            include snippets/x.conf;\n        }\n    }\n}\n',
      'snippets/x.conf': 'proxy_set_heder Host $host;\n',
    });
    expect(f).toEqual([['error', 1, 1, 16]]);
  });

  test('a newer nginx directive is a warning, a third-party one an info', async () => {
    const f = await at(ID, { 'sites-enabled/app.conf': 'server {\n    http2 on;\n    location / {\n        content_by_lua_block { ngx.say("hi") }\n        more_set_headers "X: y";\n    }\n}\n' });
    expect(f).toEqual([
      ['warning', 2, 5, 10],
      ['info', 5, 9, 25],
    ]);
  });

  test.each([
    ['no nginxVersion: a warning that asks for one', undefined, 'warning', /make sure production runs a newer nginx, and set nginxVersion/],
    ['nginxVersion at or past the newer table: the directive exists there, nothing to say', '1.31.5', null, null],
    ['nginxVersion between the two tables: a warning on that version', '1.25.0', 'warning', /if nginx 1\.25\.0 \(the nginxVersion setting\) predates it/],
    ['nginxVersion at or below 1.22.1: nginx -t fails, an error', '1.22.1', 'error', /unknown to nginx 1\.22\.1 \(the nginxVersion setting\)/],
  ])('a newer directive, %s', async (_name, nginxVersion, severity, message) => {
    const config = nginxVersion === undefined ? undefined : { nginxVersion };
    const found = byRule(await lintFiles({ 'sites-enabled/app.conf': 'server {\n    http2 on;\n}\n' }, { kind: 'nginx', config }), ID);
    if (severity === null) return expect(found).toEqual([]);
    expect(found.map((f) => f.severity)).toEqual([severity]);
    expect(found[0].message).toMatch(message!);
  });

  test.each([
    ['a stream directive nginx-light lacks', 'stream {\n    server {\n        listen 12345;\n        proxy_pass 127.0.0.1:5432;\n    }\n}\nevents {}\n'],
    ['templated names', 'events {}\nhttp {\n    {{ directive }} on;\n}\n'],
    ['map and types bodies', 'events {}\nhttp {\n    map $a $b {\n        default 0;\n        ~x 1;\n    }\n    types {\n        text/html html;\n    }\n}\n'],
  ])('no finding: %s', async (_, text) => {
    expect(await findings(ID, { 'nginx.conf': text })).toEqual([]);
  });
});
