// nginx/ssl-stapling-letsencrypt: `ssl_stapling on` for a Let's Encrypt certificate. Let's
// Encrypt stopped putting an OCSP URL in its certificates in May 2025 and shut its OCSP
// responders down on 2025-08-06 (https://letsencrypt.org/2024/12/05/ending-ocsp/); with no
// responder URL nginx logs `"ssl_stapling" ignored, no OCSP responder URL in the certificate`
// at start and staples nothing (ngx_ssl_stapling_issuer / ngx_ssl_stapling_responder, nginx
// 1.22.1). A certificate is taken as Let's Encrypt's when its ssl_certificate or
// ssl_trusted_certificate path is under /etc/letsencrypt/ (certbot's directory). Info: the
// lines are dead, nothing fails; they mislead whoever reads the config.
import { letsEncryptCertificates, relatedAt, staplingInForce, wordSpan, type NginxDirective } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/ssl-stapling-letsencrypt',
    description: "`ssl_stapling on` for a Let's Encrypt certificate, which has no OCSP responder since 2025",
    defaultSeverity: 'info',
    tags: ['tls'],
    fixable: false,
    precision: 'high',
    gixy: ['ssl_stapling_letsencrypt'],
  },
  check(context) {
    const nginx = context.query.nginx;
    if (!nginx.has('ssl_stapling')) return;
    // One finding per ssl_stapling line, however many servers inherit it.
    const reported = new Set<NginxDirective>();
    for (const config of nginx.configs) {
      for (const server of nginx.servers(config)) {
        const stapling = staplingInForce(server);
        if (!stapling || reported.has(stapling) || nginx.templated(stapling)) continue;
        const certificate = letsEncryptCertificates(server).find((d) => !nginx.templated(d));
        if (!certificate) continue;
        reported.add(stapling);
        const message = `ssl_stapling is on for the Let's Encrypt certificate "${certificate.args[0].value}": Let's Encrypt ended OCSP in 2025 and its certificates name no responder, so nginx ignores ssl_stapling ("no OCSP responder URL in the certificate") and staples nothing; remove ssl_stapling and ssl_stapling_verify (and an ssl_trusted_certificate kept only for them)`;
        context.report({ span: wordSpan(stapling, stapling.args[0]), message, related: [relatedAt(certificate, "the Let's Encrypt certificate", certificate.args[0])] });
      }
    }
  },
};
