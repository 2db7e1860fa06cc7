// nginx/weak-tls: ssl_protocols that enable SSLv2, SSLv3, TLSv1 or TLSv1.1 (POODLE, BEAST; RFC
// 8996 deprecates TLS 1.0 and 1.1), and ssl_ciphers that enable RC4, DES/3DES (Sweet32), NULL
// (no encryption), EXPORT or MD5 suites, aNULL/ADH/AECDH (no authentication: a man in the
// middle), or OpenSSL's LOW and MEDIUM classes (gixy-ng's weak_ssl_tls list, less its heuristics:
// ALL, DEFAULT and CAMELLIA are not weak by themselves on OpenSSL 3). A cipher list under
// `ssl_protocols TLSv1.3` alone is not judged: it sets no TLS 1.3 suite (as gixy-ng).
// Cipher strings are read as OpenSSL does: `!X` and `-X` remove, so only enabling words count.
// Not judged: the defaults (nginx 1.22.1 enables TLSv1 and TLSv1.1 unless ssl_protocols says
// otherwise, though OpenSSL 3's security level refuses them): that is a config-wide choice the
// linter cannot see from one server.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const WEAK_TLS_DIRECTIVES = ['ssl_protocols', 'proxy_ssl_protocols', 'uwsgi_ssl_protocols', 'grpc_ssl_protocols', 'ssl_ciphers', 'proxy_ssl_ciphers', 'uwsgi_ssl_ciphers', 'grpc_ssl_ciphers'];
const WEAK_PROTOCOLS = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);
const WEAK_CIPHER = /(^|[-+_])(RC4|DES|3DES|DES-CBC3|NULL|eNULL|aNULL|EXP|EXPORT|EXPORT40|EXPORT56|MD5|IDEA|SEED|ADH|AECDH)([-_]|$)/i;
// OpenSSL's strength classes that hold only weak suites: LOW (56/64-bit DES), MEDIUM (RC4, SEED,
// 3DES in the OpenSSL versions that still build them), and the SSLv2 suites (gixy-ng's list).
const WEAK_CLASS = new Set(['LOW', 'MEDIUM', 'SSLV2']);
// ssl_ciphers sets the TLS 1.2-and-older suites only (SSL_CTX_set_cipher_list); TLS 1.3 suites
// are OpenSSL's own: a list under TLSv1.3 alone enables nothing.
function tls13Only(protocols: readonly string[] | undefined): boolean {
  return protocols !== undefined && protocols.length > 0 && protocols.every((p) => p === 'TLSv1.3');
}

export const rule: Rule = {
  meta: {
    id: 'nginx/weak-tls',
    description: 'Ssl_protocols with SSLv3/TLSv1/TLSv1.1, or ssl_ciphers enabling RC4, 3DES, NULL, EXPORT or MD5',
    defaultSeverity: 'warning',
    tags: ['security', 'tls'],
    securitySeverity: 5.9,
    fixable: false,
    precision: 'very-high',
    gixy: ['weak_ssl_tls'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const { directive: d, scope } of nginx.directives(WEAK_TLS_DIRECTIVES)) {
      if (d.name === 'ssl_protocols' || d.name === 'proxy_ssl_protocols' || d.name === 'uwsgi_ssl_protocols' || d.name === 'grpc_ssl_protocols') {
        const weak = d.args.filter((a) => WEAK_PROTOCOLS.has(a.value));
        if (weak.length === 0) continue;
        const names = weak.map((a) => a.value).join(', ');
        const message = `${names} ${weak.length === 1 ? 'is' : 'are'} broken or deprecated (POODLE, BEAST; RFC 8996): a man in the middle can force the weak version; write "${d.name} TLSv1.2 TLSv1.3;"`;
        context.report({ span: wordSpan(d, weak[0]), message });
      } else if (d.name === 'ssl_ciphers' || d.name === 'proxy_ssl_ciphers' || d.name === 'uwsgi_ssl_ciphers' || d.name === 'grpc_ssl_ciphers') {
        const arg = d.args[0];
        if (!arg) continue;
        const protocolsName = d.name.replace(/ciphers$/, 'protocols');
        if (tls13Only(nginx.effective(scope, protocolsName).at(-1)?.args.map((a) => a.value))) continue;
        const enabling = arg.value.split(/[:, ]+/).filter((w) => w !== '' && !w.startsWith('!') && !w.startsWith('-'));
        const weak = enabling.filter((w) => WEAK_CIPHER.test(w.replace(/^\+/, '')) || WEAK_CLASS.has(w.replace(/^\+/, '').toUpperCase()));
        if (weak.length === 0) continue;
        const message = `ssl_ciphers enables ${weak.join(', ')}: no encryption, no authentication or a broken cipher (RC4, 3DES/Sweet32, EXPORT, MD5) that a man in the middle can pick; use Mozilla's "intermediate" list, e.g. "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"`;
        context.report({ span: wordSpan(d, arg), message });
      }
    }
  },
};
