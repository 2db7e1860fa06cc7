import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/proxy-buffering-off';
const server = (body: string) => `server {\n    listen 80;\n${body}}\n`;
const MESSAGE =
  'proxy_buffering off makes nginx hand the response to the client as it reads it from the backend, so a slow client holds the backend connection (and its worker) until it has read everything, and a few slow readers can tie up the backend; remove the line (the default is on), or, for a streaming endpoint (server-sent events), have the backend send "X-Accel-Buffering: no" on those responses only';

describe(ID, () => {
  test('off beside a proxy_pass: info on "off"', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('    location /api/ {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_buffering off;\n    }\n') })).toEqual([['info', 5, 25, 28, MESSAGE]]);
  });

  test('off in the server reaches every proxying location: reported once, on the server line', async () => {
    const body = '    proxy_buffering off;\n    location /a/ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n    location /b/ {\n        if ($arg_x) {\n            proxy_pass http://127.0.0.1:8001;\n        }\n    }\n';
    expect((await findings(ID, { 'sites-enabled/a.conf': server(body) })).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['info', 3, 21, 24]]);
  });

  test('on, overridden where the proxy_pass is, or no proxy_pass it reaches: nothing', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_buffering on;\n    }\n') })).toEqual([]);
    expect(await findings(ID, { 'sites-enabled/a.conf': server('    proxy_buffering off;\n    location / {\n        proxy_buffering on;\n        proxy_pass http://127.0.0.1:8000;\n    }\n') })).toEqual([]);
    expect(await findings(ID, { 'sites-enabled/a.conf': server('    location / {\n        uwsgi_pass 127.0.0.1:8000;\n        proxy_buffering off;\n    }\n') })).toEqual([]);
    expect(await findings(ID, { 'snippets/proxy.conf': 'proxy_buffering off;\n' })).toEqual([]);
  });

  test('a line reached through an include is judged where it stands', async () => {
    const files = {
      'nginx.conf': `events {}\nhttp {\n${server('    location /api/ {\n        proxy_pass http://127.0.0.1:8000;\n        include snippets/proxy.conf;\n    }\n')}}\n`,
      'snippets/proxy.conf': 'proxy_set_header Host $host;\nproxy_buffering off;\n',
    };
    expect((await findings(ID, files)).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['info', 2, 17, 20]]);
  });

  test('a templated value is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_buffering {{ buffering }};\n    }\n') })).toEqual([]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: nginx -t accepts what the rule reports (info, not error)`, () => {
  test('proxy_buffering off', async () => {
    const text = `events {}\nhttp {\n${server('    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_buffering off;\n    }\n')}}\n`;
    const result = await runNginxT([{ path: 'nginx.conf', text }], 'nginx.conf');
    expect(result.ok, result.output).toBe(true);
  });
});
