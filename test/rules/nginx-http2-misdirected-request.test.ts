import { ruleTester } from '../support/rule-tester.js';

const ID = 'nginx/http2-misdirected-request';
const main = (http: string) => `events {}\nhttp {\n${http}}\n`;
const message = (address: string) =>
  `this default server of ${address} rejects TLS handshakes, but the address speaks HTTP/2: a browser reuses a connection made for another server whose certificate covers the name, and the request lands here and gets this server's content instead of 421 (the answer that makes it open a new connection); add "location / { return 421; }"`;

ruleTester(ID).run({
  valid: [
    { name: 'location / returns 421', files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake on; location / { return 421; } }\n') },
    { name: 'a server-level return 421', files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake on; return 421; }\n') },
    { name: 'location ^~ / returns 421', files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake on; location ^~ / { return 421; } }\n') },
    { name: 'no HTTP/2', files: main('server { listen 443 ssl default_server; ssl_reject_handshake on; }\n') },
    { name: 'http2 on in http, off in the server', files: main('http2 on;\nserver { listen 443 ssl default_server; ssl_reject_handshake on; http2 off; }\n') },
    { name: 'not the default server', files: main('server { listen 443 ssl http2; ssl_reject_handshake on; }\n') },
    { name: 'handshakes accepted', files: main('server { listen 443 ssl http2 default_server; ssl_certificate a.pem; ssl_certificate_key a.key; }\n') },
    { name: 'plain HTTP', files: main('http2 on;\nserver { listen 80 default_server; ssl_reject_handshake on; }\n') },
    { name: 'ssl_reject_handshake off', files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake off; }\n') },
    { name: 'a templated ssl_reject_handshake', files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake {{ reject }}; }\n') },
    { name: 'an include the run cannot read may hold the location', files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake on; include /nonexistent/421.conf; }\n') },
  ],
  invalid: [
    {
      name: 'listen ... http2 default_server with no location',
      files: main('    server {\n        listen 443 ssl http2 default_server;\n        ssl_reject_handshake on;\n    }\n'),
      errors: [{ at: '4:30-4:44', message: message('0.0.0.0:443'), severity: 'info' }],
    },
    {
      name: 'http2 on and ssl_reject_handshake in the http block',
      files: main('http2 on;\nssl_reject_handshake on;\nserver { listen [::]:443 ssl default; }\n'),
      errors: [{ at: '5:30-5:37', message: message('[::]:443') }],
    },
    {
      name: 'HTTP/2 from another server\'s listen of the address',
      files: main('server { listen 443 ssl default_server; ssl_reject_handshake on; }\nserver { listen 443 ssl http2; server_name a.test; }\n'),
      errors: [{ at: '3:25-3:39', message: message('0.0.0.0:443') }],
    },
    {
      name: 'location = / answers only "/"',
      files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake on; location = / { return 421; } }\n'),
      errors: [{ at: '3:31-3:45', message: message('0.0.0.0:443') }],
    },
    {
      name: 'a location / nested in another location does not count',
      files: main('server { listen 443 ssl http2 default_server; ssl_reject_handshake on; location /sub { location / { return 421; } } }\n'),
      errors: [{ at: '3:31-3:45', message: message('0.0.0.0:443') }],
    },
    {
      name: 'a server reached through an include',
      files: { 'nginx.conf': main('include sites-enabled/*;\n'), 'sites-enabled/default': 'server {\n    listen 443 ssl http2 default_server;\n    ssl_reject_handshake on;\n}\n' },
      errors: [{ at: 'sites-enabled/default:2:26-2:40', message: message('0.0.0.0:443') }],
    },
  ],
});
