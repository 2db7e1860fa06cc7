// nginx/ssl-stapling-without-resolver: `ssl_stapling on` in a TLS server with no `resolver` in
// force. nginx fetches the OCSP response from the responder named in the certificate and
// resolves that host only through `resolver`: without one the server's resolver is an empty one
// (ngx_http_core_merge_loc_conf creates it), each attempt logs "no resolver defined to resolve
// <host> while requesting certificate status", and nothing is stapled: clients ask the CA
// themselves (slower handshakes, and the CA learns who visits). Facts: ngx_ssl_stapling_resolver,
// ngx_ssl_ocsp_request (src/event/ngx_event_openssl_stapling.c, nginx 1.22.1). Not judged:
// `ssl_stapling_file` (the response is read from a file), an `ssl_stapling_responder` whose host
// is an IP address (nothing to resolve), a Let's Encrypt certificate (it has no responder at all:
// nginx/ssl-stapling-letsencrypt). Warning: stapling fails for sure in a whole nginx.conf; in a
// sites-enabled fragment, the http block of the nginx.conf that includes it may set `resolver`.
import { letsEncryptCertificates, staplingInForce, wordSpan, type NginxQuery, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** Whether an ssl_stapling_responder URL names its host as an IP address. */
function literalResponder(nginx: NginxQuery, server: Scope): boolean {
  const url = nginx.effective(server, 'ssl_stapling_responder').at(-1)?.args[0]?.value;
  if (!url) return false;
  const authority = url.replace(/^https?:\/\//i, '').split('/')[0];
  if (authority.startsWith('[')) return authority.includes(']');
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(authority.replace(/:\d+$/, ''));
}

export const rule: Rule = {
  meta: {
    id: 'nginx/ssl-stapling-without-resolver',
    description: '`ssl_stapling on` with no `resolver`: nginx cannot reach the OCSP responder and staples nothing',
    defaultSeverity: 'warning',
    tags: ['tls'],
    fixable: false,
    precision: 'high',
    gixy: ['ssl_stapling_without_resolver'],
  },
  check(context) {
    const nginx = context.query.nginx;
    if (!nginx.has('ssl_stapling')) return;
    for (const config of nginx.configs) {
      const whole = config.root.context === 'main';
      for (const server of nginx.servers(config)) {
        const stapling = staplingInForce(server);
        if (!stapling || nginx.templated(stapling)) continue;
        if (nginx.effective(server, 'ssl_stapling_file').length > 0 || literalResponder(nginx, server)) continue;
        if (nginx.effective(server, 'resolver').length > 0 || letsEncryptCertificates(server).length > 0) continue;
        const unless = whole ? '' : ' (unless the http block of the nginx.conf that includes this file sets one)';
        const message = `ssl_stapling is on but no resolver is in force here${unless}: nginx resolves the certificate's OCSP responder only through "resolver", so every fetch fails ("no resolver defined to resolve ...") and nothing is stapled; add "resolver 127.0.0.53 valid=300s;" (your DNS server) to this server or the http block, or turn ssl_stapling off`;
        context.report({ span: wordSpan(stapling, stapling.args[0]), message });
      }
    }
  },
};
