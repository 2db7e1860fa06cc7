// nginx/low-keepalive-requests: `keepalive_requests` below 1000 for client connections. nginx
// closes a client connection once it has served that many requests (ngx_http_core_module.c,
// ngx_http_update_location_config: `r->connection->requests >= clcf->keepalive_requests`), for
// HTTP/2 too since 1.19.7; the default is 1000 since 1.19.10 (the merge in
// ngx_http_core_merge_loc_conf). `0` makes the test always true: no keep-alive at all. A heuristic
// (info): a low value costs a reconnect (and a TLS handshake) every N requests, it breaks nothing.
// `keepalive_requests` inside `upstream` is another directive (ngx_http_upstream_keepalive_module,
// the requests per cached connection to the backend), where a low value is a choice: not judged.
import { wordSpan, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** nginx's own default since 1.19.10, the value gixy's low_keepalive_requests asks for. */
const ADVISED_MINIMUM = 1000;

export const rule: Rule = {
  meta: {
    id: 'nginx/low-keepalive-requests',
    description: '`keepalive_requests` below 1000 (or 0): clients reconnect every few requests',
    defaultSeverity: 'info',
    tags: ['performance', 'gixy'],
    fixable: false,
    precision: 'high',
    gixy: ['low_keepalive_requests'],
  },
  check({ query, report }) {
    for (const { directive: d, scope } of query.nginx.directives('keepalive_requests')) {
      if (insideUpstream(scope)) continue;
      const word = d.args[0];
      if (!word || !/^\d+$/.test(word.value)) continue;
      const value = Number(word.value);
      if (value >= ADVISED_MINIMUM) continue;
      const message =
        value === 0
          ? 'keepalive_requests 0 turns keep-alive off: nginx closes every client connection after its first request, so each request pays a new TCP (and TLS) handshake; remove the line (the default is 1000) or write "keepalive_requests 1000;", and use "keepalive_timeout 0;" if you mean to turn keep-alive off'
          : `keepalive_requests ${value} closes each client connection (HTTP/1.1 and HTTP/2) after ${value} requests, so busy clients reconnect and redo the TLS handshake; remove the line (the default is 1000 since nginx 1.19.10) or write "keepalive_requests 1000;"`;
      report({ span: wordSpan(d, word), message });
    }
  },
};

function insideUpstream(scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === 'upstream') return true;
  return false;
}
