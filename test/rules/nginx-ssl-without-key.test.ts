import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/ssl-without-key';

describe(ID, () => {
  test('a certificate without a key: the certificate is blamed', async () => {
    const f = await findings(ID, { 'sites-enabled/a.conf': 'server {\n    listen 443 ssl;\n    ssl_certificate /c.pem;\n}\n' });
    expect(f).toEqual([['error', 3, 21, 27, 'no "ssl_certificate_key" is defined for certificate "/c.pem": add ssl_certificate_key with the certificate\'s private key beside it']]);
  });

  test('listen ssl without a certificate: the default server is blamed', async () => {
    expect(await at(ID, { 'sites-enabled/a.conf': 'server {\n    listen 443 ssl;\n}\n' })).toEqual([['error', 1, 1, 7]]);
  });

  test.each([
    ['certificate and key inherited from http', 'ssl_certificate /c.pem;\nssl_certificate_key /k.pem;\nserver {\n    listen 443 ssl;\n}\n'],
    ['ssl_reject_handshake', 'server {\n    listen 443 ssl default_server;\n    ssl_reject_handshake on;\n}\n'],
    ['a non-default server without a certificate', 'server {\n    listen 443 ssl;\n    ssl_certificate /c.pem;\n    ssl_certificate_key /k.pem;\n}\nserver {\n    listen 443 ssl;\n    server_name b;\n}\n'],
  ])('no finding: %s', async (_, text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
