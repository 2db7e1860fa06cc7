// nginx/ssl-without-key: TLS half configured. nginx -t fails with
//  - `no "ssl_certificate_key" is defined for certificate "x"`: a server (or http) has
//    ssl_certificate but fewer ssl_certificate_key lines (merged per server, inherited from http);
//  - `no "ssl_certificate" is defined for the "listen ... ssl" directive in file:line`: the default
//    server of an address that listens with `ssl` has no certificate (and no ssl_reject_handshake on);
//  - `no "ssl_certificate" is defined for the "ssl" directive`: the old `ssl on;` without one.
// Facts: ngx_http_ssl_merge_srv_conf and ngx_http_ssl_init, nginx 1.22.1. The default server of
// an address is the first that listens there, or the one marked default_server. A server with an
// include the run could not read (outside the tree, not mapped) is not judged.
import { relatedAt, wordSpan, type NginxDirective, type NginxQuery, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/ssl-without-key',
    description: '`ssl_certificate` without `ssl_certificate_key`, or `listen ... ssl` without a certificate: nginx -t fails',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'tls'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const nginx = context.query.nginx;
    // Every finding needs a certificate, an `ssl on` or a listen with ssl: most configs have none.
    const sslListen = nginx.listenFlags()?.ssl ?? true;
    for (const config of nginx.configs) {
      if (!sslListen && !nginx.mentions(config, 'ssl_certificate') && !nginx.mentions(config, 'ssl')) continue;
      // nginx checks TLS after reading everything: a syntax error anywhere stops it first.
      if (!nginx.httpBlockComplete(config)) continue;
      // A server whose certificate may be in a file the run could not read is not judged.
      const servers = nginx.servers(config);
      // Who is the default server of each address, and which addresses are ssl: any server's
      // listen on it says so (options are per address).
      const defaults = new Map<string, { server: Scope; listen: NginxDirective; marked: boolean }>();
      const sslAddresses = new Set<string>();
      for (const server of servers) {
        const certs = nginx.effective(server, 'ssl_certificate');
        const keys = nginx.effective(server, 'ssl_certificate_key');
        const templated = nginx.anyTemplated(certs) || nginx.anyTemplated(keys);
        const listens = nginx.atLevel(server, 'listen');
        for (let i = 0; i < listens.length; i++) {
          const listen = listens[i];
          const address = nginx.listen(listen);
          if (!address) continue;
          if (address.ssl) sslAddresses.add(address.text);
          if (templated) continue;
          const known = defaults.get(address.text);
          if (!known || (address.defaultServer && !known.marked)) defaults.set(address.text, { server, listen, marked: address.defaultServer });
        }
        if (templated) continue;
        if (certs.length > keys.length) {
          const cert = certs[certs.length - 1];
          const arg = cert.args[0] ?? cert.nameWord;
          const message = `no "ssl_certificate_key" is defined for certificate "${cert.args[0]?.value ?? ''}": add ssl_certificate_key with the certificate's private key beside it`;
          context.report({ span: wordSpan(cert, arg), message });
        }
        const sslOn = nginx.effective(server, 'ssl').at(-1);
        if (sslOn && sslOn.args[0]?.value === 'on' && certs.length === 0 && !rejects(nginx, server)) {
          const message = `no "ssl_certificate" is defined for the "ssl" directive: add ssl_certificate and ssl_certificate_key (and prefer "listen 443 ssl" to "ssl on")`;
          context.report({ span: wordSpan(sslOn), message });
        }
      }
      for (const [address, { server }] of defaults) {
        if (!sslAddresses.has(address)) continue;
        const certs = nginx.effective(server, 'ssl_certificate');
        if (certs.length > 0 || rejects(nginx, server) || nginx.anyTemplated(server.directives)) continue;
        const d = server.directive;
        if (!d) continue;
        const listen = server.directives.find((l) => l.name === 'listen' && nginx.listen(l)?.text === address);
        const message = `no "ssl_certificate" is defined for the "listen ... ssl" directive: this server is the default for ${address}, which listens with ssl; add ssl_certificate and ssl_certificate_key (or "ssl_reject_handshake on;")`;
        context.report({ span: wordSpan(d), message, related: listen ? [relatedAt(listen, 'the listen with ssl')] : [] });
      }
    }
  },
};

function rejects(nginx: NginxQuery, server: Scope): boolean {
  return nginx.effective(server, 'ssl_reject_handshake').at(-1)?.args[0]?.value === 'on';
}
