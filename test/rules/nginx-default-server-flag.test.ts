import { describe, expect, test } from 'vitest';
import { findings, ruleTester } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/default-server-flag';
const main = (http: string) => `events {}\nhttp {\n${http}}\n`;
const message = (socket: string, others: number, who: string, listen: string) =>
  `${socket} is shared by this server and ${others} other${others === 1 ? '' : 's'}, and none says default_server: nginx makes ${who} the default, which answers every request whose Host no server_name matches, chosen by the order the files are read; mark the intended one "listen ${listen} default_server;", best a catch-all "server_name _; return 444;"`;

ruleTester(ID).run({
  valid: [
    { name: 'one server marks the socket default', files: main('server { listen 80 default_server; server_name a.test; }\nserver { listen 80; server_name b.test; }\n') },
    { name: 'the old spelling "default"', files: main('server { listen 80 default; server_name a.test; }\nserver { listen 80; server_name b.test; }\n') },
    { name: 'IPv4 and IPv6 are two sockets', files: main('server { listen 80; server_name a.test; }\nserver { listen [::]:80; server_name b.test; }\n') },
    { name: 'a quic listen is a socket of its own (the TCP one has its default)', files: main('server { listen 443 ssl default_server; listen 443 quic default_server; server_name a.test; }\nserver { listen 443 ssl; listen 443 quic; server_name b.test; }\n') },
    { name: 'one server alone', files: main('server { listen 80; server_name a.test; }\n') },
    { name: 'a server with no listen beside a default on 80', files: main('server { server_name a.test; }\nserver { listen 80 default_server; server_name b.test; }\n') },
    { name: 'unix sockets are not judged', files: main('server { listen unix:/run/a.sock; }\nserver { listen unix:/run/a.sock; }\n') },
    { name: 'a sites-enabled fragment: Debian\'s default site may hold the default', files: { 'sites-enabled/a.conf': 'server { listen 80; server_name a.test; }\nserver { listen 80; server_name b.test; }\n' } },
    { name: 'a templated listen: the socket is not known', files: main('server { listen {{ port }}; server_name a.test; }\nserver { listen 80; server_name b.test; }\n') },
    { name: 'an include the run cannot read may hold the default', files: main('server { listen 80; server_name a.test; include /nonexistent/listen.conf; }\nserver { listen 80; server_name b.test; }\n') },
  ],
  invalid: [
    {
      name: 'two servers on port 80, spelled two ways',
      files: main('    server {\n        listen 80;\n        server_name a.test;\n    }\n    server {\n        listen 0.0.0.0:80;\n        server_name b.test;\n    }\n'),
      errors: [{ at: '4:16-4:18', message: message('0.0.0.0:80', 1, 'its first server (server_name a.test)', '80'), severity: 'info' }],
    },
    {
      name: 'a missing port is 80, [::0] is [::]',
      files: main('server { listen 127.0.0.1; }\nserver { listen 127.0.0.1:80; }\nserver { listen [::]:8080; }\nserver { listen [::0]:8080; }\nserver { listen [0:0::0]:8080; }\n'),
      errors: [
        { at: '3:17-3:26', message: message('127.0.0.1:80', 1, 'its first server', '127.0.0.1') },
        { at: '5:17-5:26', message: message('[::]:8080', 2, 'its first server', '[::]:8080') },
      ],
    },
    {
      name: 'servers with no listen are on 0.0.0.0:80',
      files: main('server { server_name a.test; }\nserver { server_name b.test; }\n'),
      errors: [{ at: '3:1-3:7', message: message('0.0.0.0:80', 1, 'its first server (server_name a.test)', '80').replace('"listen 80 default_server;"', '"listen 80 default_server;"') }],
    },
    {
      name: 'the quic socket has no default though the TCP one has',
      files: main('server { listen 443 ssl default_server; listen 443 quic; }\nserver { listen 443 ssl; listen 443 quic; }\n'),
      errors: [{ at: '3:48-3:51', message: message('0.0.0.0:443 (quic)', 1, 'its first server', '443') }],
    },
    {
      name: 'a server reached through an include',
      files: {
        'nginx.conf': main('    include sites-enabled/*.conf;\n'),
        'sites-enabled/a.conf': 'server {\n    listen 8080;\n}\n',
        'sites-enabled/b.conf': 'server {\n    listen 8080;\n}\n',
      },
      errors: [{ at: 'sites-enabled/a.conf:2:12-2:16', message: message('0.0.0.0:8080', 1, 'its first server', '8080') }],
    },
  ],
});

describe(`${ID}: two default servers are nginx/duplicate-directive's`, () => {
  test('two default_server on [::]:80 spelled two ways: duplicate-directive reports, this rule does not', async () => {
    const files = { 'nginx.conf': main('server { listen [::]:80 default_server; }\nserver { listen [::0]:80 default_server; }\n') };
    expect(await findings(ID, files)).toEqual([]);
    expect(await findings('nginx/duplicate-directive', files)).toEqual([['error', 4, 17, 25, expect.stringContaining('duplicate default server for [::]:80')]]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID} agrees with nginx -t`, () => {
  test('nginx accepts two servers on one socket with no default (the finding is info, not error)', async () => {
    const result = await runNginxT([{ path: 'nginx.conf', text: main('server { listen 127.0.0.1:8999; }\nserver { listen 127.0.0.1:8999; }\n') }], 'nginx.conf');
    expect(result.ok).toBe(true);
  });

  test('nginx refuses two default servers on [::1]:8999 and [0:0::1]:8999: one socket', async () => {
    const result = await runNginxT([{ path: 'nginx.conf', text: main('server { listen [::1]:8999 default_server; }\nserver { listen [0:0::1]:8999 default_server; }\n') }], 'nginx.conf');
    expect(result.message).toBe('a duplicate default server for [::1]:8999');
  });
});
