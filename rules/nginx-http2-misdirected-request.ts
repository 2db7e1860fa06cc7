// nginx/http2-misdirected-request: a TLS default server that refuses handshakes
// (`ssl_reject_handshake on`) on an address that speaks HTTP/2, with no `location /` that
// answers 421. A browser reuses an HTTP/2 connection for every name the certificate covers
// (RFC 9113 section 9.1.1, connection coalescing): a request for a name that no server_name of
// the address matches is then handed to the default server (nginx picks the virtual server by
// :authority per request, ngx_http_v2_state_process_request / ngx_http_set_virtual_server). The
// handshake rejection never runs for it, so the default server serves its own content (the
// stock index page, a 404) instead of 421 Misdirected Request, the status that tells the browser
// to open a fresh connection (RFC 9110 section 15.5.20). A `location /` (or a server-level
// `return 421`) that returns 421 answers every such request; `location = /` answers only "/".
// HTTP/2 is on for the address when `http2 on` is in force in the server (nginx 1.25.1+) or a
// listen of the address says `http2`. Info: the requests fail visibly, nothing leaks.
import { wordSpan, type NginxDirective, type NginxQuery, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

function lastValue(nginx: NginxQuery, scope: Scope, name: string): string | undefined {
  return nginx.effective(scope, name).at(-1)?.args[0]?.value;
}

function returns421(directives: readonly NginxDirective[]): boolean {
  return directives.some((d) => d.name === 'return' && d.args[0]?.value === '421');
}

/** Whether every request of the server is answered 421: server-level return, or `location /` (prefix) returning it. */
function answers421(nginx: NginxQuery, server: Scope): boolean {
  if (returns421(server.directives)) return true;
  return server.children.some((child) => {
    if (child.directive?.name !== 'location') return false;
    const loc = nginx.location(child.directive);
    return 'name' in loc && loc.name === '/' && !loc.exact && !loc.regex && returns421(child.directives);
  });
}

export const rule: Rule = {
  meta: {
    id: 'nginx/http2-misdirected-request',
    description: 'A TLS default server with ssl_reject_handshake and HTTP/2 but no `location / { return 421; }`',
    defaultSeverity: 'info',
    tags: ['tls', 'servers'],
    fixable: false,
    precision: 'high',
    gixy: ['http2_misdirected_request'],
  },
  check(context) {
    const nginx = context.query.nginx;
    if (!nginx.has('ssl_reject_handshake')) return;
    for (const config of nginx.configs) {
      const servers = nginx.servers(config);
      // Per address: does any listen of it say ssl / http2 (listen options are per address).
      const ssl = new Set<string>();
      const http2 = new Set<string>();
      for (const server of servers) {
        for (const listen of nginx.atLevel(server, 'listen')) {
          const address = nginx.listen(listen);
          if (!address) continue;
          if (address.ssl) ssl.add(address.text);
          if (listen.args.some((a) => a.value === 'http2')) http2.add(address.text);
        }
      }
      for (const server of servers) {
        if (lastValue(nginx, server, 'ssl_reject_handshake') !== 'on') continue;
        const reject = nginx.effective(server, 'ssl_reject_handshake').at(-1)!;
        if (nginx.templated(reject)) continue;
        for (const listen of nginx.atLevel(server, 'listen')) {
          const address = nginx.listen(listen);
          if (!address?.defaultServer || !ssl.has(address.text) || nginx.templated(listen)) continue;
          if (!http2.has(address.text) && lastValue(nginx, server, 'http2') !== 'on') continue;
          if (answers421(nginx, server) || nginx.unseenIncludeWithin(server, config)) continue;
          const flag = listen.args.find((a) => a.value === 'default_server' || a.value === 'default')!;
          const message = `this default server of ${address.text} rejects TLS handshakes, but the address speaks HTTP/2: a browser reuses a connection made for another server whose certificate covers the name, and the request lands here and gets this server's content instead of 421 (the answer that makes it open a new connection); add "location / { return 421; }"`;
          context.report({ span: wordSpan(listen, flag), message });
          break;
        }
      }
    }
  },
};
