import { ruleTester } from '../support/rule-tester.js';

const ID = 'nginx/ssl-stapling-without-resolver';
const server = (lines: string) => `server {\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/certs/example.pem;\n    ssl_certificate_key /etc/ssl/private/example.key;\n${lines}}\n`;
const message = (fragment: boolean) =>
  `ssl_stapling is on but no resolver is in force here${fragment ? ' (unless the http block of the nginx.conf that includes this file sets one)' : ''}: nginx resolves the certificate's OCSP responder only through "resolver", so every fetch fails ("no resolver defined to resolve ...") and nothing is stapled; add "resolver 127.0.0.53 valid=300s;" (your DNS server) to this server or the http block, or turn ssl_stapling off`;

ruleTester(ID).run({
  valid: [
    { name: 'resolver in the server', files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    resolver 127.0.0.53;\n') } },
    { name: 'resolver in the http block', files: `events {}\nhttp {\nresolver 127.0.0.53;\n${server('    ssl_stapling on;\n')}}\n` },
    { name: 'ssl_stapling_file', files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    ssl_stapling_file /etc/ssl/ocsp.der;\n') } },
    { name: 'a responder named by its IPv4 address', files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    ssl_stapling_responder http://192.0.2.1:8080/ocsp;\n') } },
    { name: 'a responder named by its IPv6 address', files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    ssl_stapling_responder http://[2001:db8::1]/ocsp;\n') } },
    { name: 'stapling off in the server', files: `events {}\nhttp {\nssl_stapling on;\n${server('    ssl_stapling off;\n')}}\n` },
    { name: 'a plain HTTP server', files: { 'sites-enabled/a.conf': 'server {\n    listen 80;\n    ssl_stapling on;\n}\n' } },
    { name: "a Let's Encrypt certificate (nginx/ssl-stapling-letsencrypt)", files: { 'sites-enabled/a.conf': 'server {\n    listen 443 ssl;\n    ssl_certificate /etc/letsencrypt/live/a/fullchain.pem;\n    ssl_certificate_key /etc/letsencrypt/live/a/privkey.pem;\n    ssl_stapling on;\n}\n' } },
    { name: 'a templated ssl_stapling', files: { 'sites-enabled/a.conf': server('    ssl_stapling {{ stapling }};\n') } },
    { name: 'an include the run cannot read may set resolver', files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    include /nonexistent/resolver.conf;\n') } },
  ],
  invalid: [
    {
      name: 'a sites-enabled fragment',
      files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    ssl_stapling_verify on;\n') },
      errors: [{ at: '5:18-5:20', message: message(true), severity: 'warning' }],
    },
    {
      name: 'a whole nginx.conf, stapling inherited from http: one finding per server',
      files: `events {}\nhttp {\n    ssl_stapling on;\n${server('')}${server('    resolver 127.0.0.53;\n')}${server('')}}\n`,
      errors: [{ at: '3:18-3:20', message: message(false) }],
    },
    {
      name: 'a responder named by a host name needs the resolver too',
      files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    ssl_stapling_responder http://ocsp.example.com/;\n') },
      errors: [{ at: '5:18-5:20', message: message(true) }],
    },
    {
      name: 'the line reached through an include',
      files: { 'nginx.conf': `events {}\nhttp {\n${server('    include snippets/stapling.conf;\n')}}\n`, 'snippets/stapling.conf': 'ssl_stapling on;\n' },
      errors: [{ at: 'snippets/stapling.conf:1:14-1:16', message: message(false) }],
    },
  ],
});
