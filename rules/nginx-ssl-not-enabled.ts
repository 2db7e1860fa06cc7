// nginx/ssl-not-enabled: a server has ssl_certificate but none of its listen lines says `ssl`
// (nor `ssl on;`, nor another server's listen on the same address). nginx -t passes; port 443
// then speaks plain HTTP: browsers fail with SSL_ERROR_RX_RECORD_TOO_LONG /
// ERR_SSL_PROTOCOL_ERROR. This is the piece nginx/ssl-without-key does not cover (that rule:
// certificate without key, ssl listen without certificate). Error on port 443 in a whole
// nginx.conf; warning in a fragment (another sites-enabled file may turn ssl on for the address,
// since listen options are per address) and when no listen is on 443 (the certificate is unused).
import { relatedAt, wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/ssl-not-enabled',
    description: '`ssl_certificate` set but no `listen ... ssl`: port 443 speaks plain HTTP, the certificate is unused',
    defaultSeverity: 'error',
    tags: ['tls'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const config of nginx.configs) {
      // Only a server with a certificate is judged: none in the config, nothing to read.
      if (!nginx.mentions(config, 'ssl_certificate')) continue;
      const servers = nginx.servers(config);
      const sslAddresses = new Set<string>();
      for (let i = 0; i < servers.length; i++) {
        const listens = nginx.atLevel(servers[i], 'listen');
        for (let k = 0; k < listens.length; k++) {
          const address = nginx.listen(listens[k]);
          if (address?.ssl) sslAddresses.add(address.text);
        }
      }
      for (const s of servers) {
        const cert = nginx.atLevel(s, 'ssl_certificate')[0];
        if (!cert) continue;
        if (nginx.atLevel(s, 'ssl').some((d) => d.args[0]?.value === 'on')) continue;
        const listens = nginx.atLevel(s, 'listen');
        const addresses = listens.map((d) => ({ d, a: nginx.listen(d) }));
        if (addresses.some(({ a }) => a === null || a.ssl || sslAddresses.has(a.text))) continue;
        if (listens.some((d) => d.args.some((a) => a.value === 'quic'))) continue;
        const on443 = addresses.find(({ a }) => a!.text.endsWith(':443'));
        if (on443) {
          const message = `"listen ${on443.d.args[0].value}" has no "ssl" although this server has a certificate: port 443 speaks plain HTTP and browsers fail with ERR_SSL_PROTOCOL_ERROR; write "listen ${on443.d.args[0].value} ssl;"`;
          context.report({ span: wordSpan(on443.d, on443.d.args[0]), message, severity: config.root.context === 'main' ? 'error' : 'warning', related: [relatedAt(cert, 'the certificate')] });
        } else {
          const message = `ssl_certificate is set but no listen of this server says "ssl": the certificate is never used and the site is served only over plain HTTP; add "listen 443 ssl;"`;
          context.report({ span: wordSpan(cert), message, severity: 'warning' });
        }
      }
    }
  },
};
