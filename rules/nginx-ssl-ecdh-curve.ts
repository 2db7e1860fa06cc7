// nginx/ssl-ecdh-curve: `ssl_ecdh_curve` naming a post-quantum group (X25519MLKEM768,
// SecP256r1MLKEM768, the X25519Kyber768 drafts). nginx hands the list to OpenSSL's
// SSL_CTX_set1_curves_list(), which refuses the whole list when one name is unknown, and nginx
// stops with [emerg] (ngx_ssl_ecdh_curve, src/event/ngx_event_openssl.c). The ML-KEM hybrids exist
// from OpenSSL 3.5; the `?` prefix that makes OpenSSL skip an unknown group exists from 3.3. With
// nginx 1.22.1 and OpenSSL 3.0.19 (Debian 12) nginx -t refuses both `X25519MLKEM768:X25519` and
// `?X25519MLKEM768:X25519` ("group ... cannot be set"; the test runs it). Warning: the run
// cannot see which OpenSSL the nginx binary is linked with; if it is 3.5 or later, turn the rule
// off.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const POST_QUANTUM = /MLKEM|KYBER/i;

export const rule: Rule = {
  meta: {
    id: 'nginx/ssl-ecdh-curve',
    description: '`ssl_ecdh_curve` names a post-quantum group: nginx does not start with an OpenSSL older than 3.5',
    defaultSeverity: 'warning',
    tags: ['tls', 'nginx -t'],
    fixable: false,
    precision: 'high',
    gixy: ['ssl_ecdh_curve'],
  },
  check(context) {
    for (const { directive } of context.query.nginx.directives('ssl_ecdh_curve')) {
      const list = directive.args[0];
      if (!list) continue;
      const groups = list.value.split(':').filter((g) => POST_QUANTUM.test(g));
      if (groups.length === 0) continue;
      const plain = groups.filter((g) => !g.startsWith('?'));
      const classical = list.value.split(':').filter((g) => g !== '' && !POST_QUANTUM.test(g)).join(':') || 'auto';
      const message =
        plain.length > 0
          ? `ssl_ecdh_curve names ${plain.join(', ')}, which OpenSSL knows only from 3.5: with an older OpenSSL (Debian 12 and Ubuntu 24.04 ship 3.0) nginx refuses the whole list and does not start; write "ssl_ecdh_curve ${classical};" unless every server runs OpenSSL 3.5+ ("?${plain[0]}" skips it only from OpenSSL 3.3)`
          : `ssl_ecdh_curve names ${groups.join(', ')}: the "?" prefix is understood only from OpenSSL 3.3, and with an older OpenSSL (Debian 12 and Ubuntu 24.04 ship 3.0) nginx refuses the whole list and does not start; write "ssl_ecdh_curve ${classical};" unless every server runs OpenSSL 3.3+`;
      context.report({ span: wordSpan(directive, list), message });
    }
  },
};
