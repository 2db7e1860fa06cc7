import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/ssl-ecdh-curve';
const server = (curve: string) => `server {\n    listen 443 ssl;\n    ssl_ecdh_curve ${curve};\n}\n`;
const plain = (groups: string, classical: string, first: string) =>
  `ssl_ecdh_curve names ${groups}, which OpenSSL knows only from 3.5: with an older OpenSSL (Debian 12 and Ubuntu 24.04 ship 3.0) nginx refuses the whole list and does not start; write "ssl_ecdh_curve ${classical};" unless every server runs OpenSSL 3.5+ ("?${first}" skips it only from OpenSSL 3.3)`;
const tolerant = (groups: string, classical: string) =>
  `ssl_ecdh_curve names ${groups}: the "?" prefix is understood only from OpenSSL 3.3, and with an older OpenSSL (Debian 12 and Ubuntu 24.04 ship 3.0) nginx refuses the whole list and does not start; write "ssl_ecdh_curve ${classical};" unless every server runs OpenSSL 3.3+`;

// [list, refused by nginx 1.22.1 with OpenSSL 3.0]
const lists: [string, boolean][] = [
  ['X25519MLKEM768:X25519', true],
  ['?X25519MLKEM768:X25519', true],
  ['X25519Kyber768Draft00:X25519', true],
  ['X25519:prime256v1', false],
  ['auto', false],
];

ruleTester(ID).run({
  valid: [
    { name: 'classical curves', files: { 'sites-enabled/a.conf': server('X25519:prime256v1:secp384r1') } },
    { name: 'auto', files: { 'sites-enabled/a.conf': server('auto') } },
    { name: 'a templated list', files: { 'sites-enabled/a.conf': server('{{ curves }}') } },
  ],
  invalid: [
    {
      name: 'the ML-KEM hybrids',
      files: { 'sites-enabled/a.conf': server('X25519MLKEM768:SecP256r1MLKEM768:X25519:prime256v1') },
      errors: [{ at: '3:20-3:70', message: plain('X25519MLKEM768, SecP256r1MLKEM768', 'X25519:prime256v1', 'X25519MLKEM768'), severity: 'warning' }],
    },
    {
      name: 'a Kyber draft alone',
      files: { 'sites-enabled/a.conf': server('x25519kyber768draft00') },
      errors: [{ at: '3:20-3:41', message: plain('x25519kyber768draft00', 'auto', 'x25519kyber768draft00') }],
    },
    {
      name: 'the ? prefix needs OpenSSL 3.3',
      files: { 'sites-enabled/a.conf': server('?X25519MLKEM768:X25519') },
      errors: [{ at: '3:20-3:42', message: tolerant('?X25519MLKEM768', 'X25519') }],
    },
    {
      name: 'in the http block, through an include',
      files: { 'nginx.conf': 'events {}\nhttp {\n    include tls.conf;\n}\n', 'tls.conf': 'ssl_ecdh_curve X25519MLKEM768:X25519;\n' },
      errors: [{ at: 'tls.conf:1:16-1:37', message: plain('X25519MLKEM768', 'X25519', 'X25519MLKEM768') }],
    },
  ],
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID} agrees with nginx -t (nginx 1.22.1, OpenSSL 3.0)`, () => {
  const tls = join(import.meta.dirname, '..', 'fixtures', 'tls');
  test.each(lists)('%s', async (list, refused) => {
    const files = [
      { path: 'fullchain.pem', text: readFileSync(join(tls, 'fullchain.pem'), 'utf8') },
      { path: 'privkey.pem', text: readFileSync(join(tls, 'privkey.pem'), 'utf8') },
      { path: 'nginx.conf', text: `events {}\nhttp {\n    ssl_ecdh_curve ${list};\n    server {\n        listen 127.0.0.1:8999 ssl;\n        ssl_certificate fullchain.pem;\n        ssl_certificate_key privkey.pem;\n    }\n}\n` },
    ];
    const result = await runNginxT(files, 'nginx.conf');
    if (refused) expect(result.message).toMatch(/^SSL_CTX_set1_curves_list\(".*"\) failed .*cannot be set/);
    else expect(result.ok).toBe(true);
  });
});
