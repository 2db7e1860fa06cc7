import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/ssl-stapling-letsencrypt';
const LE = '/etc/letsencrypt/live/example.com/fullchain.pem';
const server = (lines: string, cert = LE) => `server {\n    listen 443 ssl;\n    ssl_certificate ${cert};\n    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\n${lines}}\n`;
const message = (cert: string) =>
  `ssl_stapling is on for the Let's Encrypt certificate "${cert}": Let's Encrypt ended OCSP in 2025 and its certificates name no responder, so nginx ignores ssl_stapling ("no OCSP responder URL in the certificate") and staples nothing; remove ssl_stapling and ssl_stapling_verify (and an ssl_trusted_certificate kept only for them)`;

ruleTester(ID).run({
  valid: [
    { name: 'another CA', files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n', '/etc/ssl/certs/example.pem') } },
    { name: 'no stapling', files: { 'sites-enabled/a.conf': server('') } },
    { name: 'stapling off', files: { 'sites-enabled/a.conf': server('    ssl_stapling off;\n') } },
    { name: 'plain HTTP', files: { 'sites-enabled/a.conf': 'server {\n    listen 80;\n    ssl_certificate /etc/letsencrypt/live/a/fullchain.pem;\n    ssl_stapling on;\n}\n' } },
    { name: 'a templated certificate', files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n', '{{ cert }}') } },
  ],
  invalid: [
    {
      name: 'stapling in the server',
      files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    ssl_stapling_verify on;\n    resolver 127.0.0.53;\n') },
      errors: [{ at: '5:18-5:20', message: message(LE), severity: 'info' }],
    },
    {
      name: 'stapling in http, inherited by two servers: one finding on the line',
      files: `events {}\nhttp {\n    ssl_stapling on;\n${server('')}${server('', '/etc/letsencrypt/live/b.example.com/fullchain.pem')}}\n`,
      errors: [{ at: '3:18-3:20', message: message(LE) }],
    },
    {
      name: 'only ssl_trusted_certificate is Let\'s Encrypt\'s',
      files: { 'sites-enabled/a.conf': server('    ssl_stapling on;\n    ssl_trusted_certificate /etc/letsencrypt/live/example.com/chain.pem;\n', '/etc/nginx/ssl/example.pem') },
      errors: [{ at: '5:18-5:20', message: message('/etc/letsencrypt/live/example.com/chain.pem') }],
    },
    {
      name: 'the certificate reached through an include',
      files: { 'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 443 ssl;\n        include snippets/le.conf;\n        ssl_stapling on;\n    }\n}\n', 'snippets/le.conf': `ssl_certificate ${LE};\nssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\n` },
      errors: [{ at: 'nginx.conf:6:22-6:24', message: message(LE) }],
    },
  ],
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID} agrees with nginx`, () => {
  test('a certificate that names no OCSP responder (as Let\'s Encrypt\'s since 2025): nginx ignores ssl_stapling', async () => {
    const tls = join(import.meta.dirname, '..', 'fixtures', 'tls');
    const files = [
      { path: 'fullchain.pem', text: readFileSync(join(tls, 'fullchain.pem'), 'utf8') },
      { path: 'privkey.pem', text: readFileSync(join(tls, 'privkey.pem'), 'utf8') },
      { path: 'nginx.conf', text: 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8999 ssl;\n        ssl_certificate fullchain.pem;\n        ssl_certificate_key privkey.pem;\n        ssl_stapling on;\n    }\n}\n' },
    ];
    const result = await runNginxT(files, 'nginx.conf');
    expect(result.ok).toBe(true);
    expect(result.output).toContain('"ssl_stapling" ignored, no OCSP responder URL in the certificate');
  });
});
