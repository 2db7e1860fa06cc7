import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';

const ID = 'nginx/no-port-in-upstream';
const main = (inner: string, outer = '') => `events {}\nhttp {\n${outer}    server {\n        location / {\n            ${inner}\n        }\n    }\n}\n`;

describe(ID, () => {
  test('uwsgi_pass name with no upstream: the target is blamed, an error in a whole config', async () => {
    const f = await findings(ID, { 'nginx.conf': main('uwsgi_pass app;') });
    expect(f.map(([s, l, c, e]) => [s, l, c, e])).toEqual([['error', 5, 24, 27]]);
    expect(f[0][4]).toMatch(/^no port in upstream "app": /);
  });

  test('a fragment gets a warning: its upstream may be in a file beside it', async () => {
    const f = await findings(ID, { 'sites-enabled/a.conf': 'server {\n    location / { fastcgi_pass php; }\n}\n' });
    expect(f.map(([s, l, c, e]) => [s, l, c, e])).toEqual([['warning', 2, 31, 34]]);
  });

  test.each([
    ['an upstream block after it, other case', main('uwsgi_pass uwsgi://APP;', ''), ''],
    ['a port', main('uwsgi_pass app:3031;'), ''],
    ['a unix socket', main('uwsgi_pass unix:/run/app.sock;'), ''],
    ['proxy_pass defaults to 80', main('proxy_pass http://app;'), ''],
    ['variables', main('uwsgi_pass $backend;'), ''],
  ])('no finding: %s', async (_, text) => {
    const withUpstream = _.startsWith('an upstream') ? text.replace('http {\n', 'http {\n    upstream app { server 127.0.0.1:3031; }\n') : text;
    expect(await findings(ID, { 'nginx.conf': withUpstream })).toEqual([]);
  });
});
