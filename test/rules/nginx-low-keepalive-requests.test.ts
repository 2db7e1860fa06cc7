import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/low-keepalive-requests';
const server = (body: string) => `server {\n    listen 80;\n    ${body}\n}\n`;

describe(ID, () => {
  test('a value below 1000 is blamed on its value, with what to write instead', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('keepalive_requests 100;') })).toEqual([
      ['info', 3, 24, 27, 'keepalive_requests 100 closes each client connection (HTTP/1.1 and HTTP/2) after 100 requests, so busy clients reconnect and redo the TLS handshake; remove the line (the default is 1000 since nginx 1.19.10) or write "keepalive_requests 1000;"'],
    ]);
  });

  test('0 turns keep-alive off, and the message says so', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('keepalive_requests 0;') })).toEqual([
      ['info', 3, 24, 25, expect.stringMatching(/^keepalive_requests 0 turns keep-alive off: .* use "keepalive_timeout 0;" if you mean to turn keep-alive off$/)],
    ]);
  });

  test('1000 and more, a value nginx refuses, and upstream keepalive_requests: nothing', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('keepalive_requests 1000;') })).toEqual([]);
    expect(await findings(ID, { 'sites-enabled/a.conf': server('keepalive_requests 10000;') })).toEqual([]);
    expect(await findings(ID, { 'sites-enabled/a.conf': server('keepalive_requests many;') })).toEqual([]);
    const upstream = 'upstream app {\n    server 127.0.0.1:8000;\n    keepalive 8;\n    keepalive_requests 16;\n}\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': upstream + server('location / { proxy_pass http://app; }') })).toEqual([]);
  });

  test('a line reached through an include is judged where it stands', async () => {
    const files = {
      'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n',
      'conf.d/keepalive.conf': 'keepalive_requests 50;\n',
    };
    expect((await findings(ID, files)).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['info', 1, 20, 22]]);
  });

  test('a templated value is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('keepalive_requests {{ keepalive_requests }};') })).toEqual([]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: nginx -t accepts what the rule reports (info, not error)`, () => {
  test.each(['keepalive_requests 0;', 'keepalive_requests 100;', 'upstream app { server 127.0.0.1:8000; keepalive 8; keepalive_requests 16; }'])('%s', async (line) => {
    const result = await runNginxT([{ path: 'nginx.conf', text: `events {}\nhttp {\n    ${line}\n}\n` }], 'nginx.conf');
    expect(result.ok, result.output).toBe(true);
  });
});
