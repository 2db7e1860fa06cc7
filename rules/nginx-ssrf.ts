// nginx/ssrf: a pass target whose scheme or host comes from the request: `proxy_pass
// http://$arg_host/`, `proxy_pass $1://$2/$3` from `location ~ /proxy/(.*)/(.*)/(.*)`,
// `proxy_pass http://$http_x_backend`. Anyone can then make nginx fetch any address it reaches
// (cloud metadata at 169.254.169.254, admin ports on localhost). Facts: gixy's ssrf (HIGH):
// a variable counts when it can hold a `.` (a host name or address) and is not in an
// `internal` location (reachable only by error_page, try_files, X-Accel-Redirect, rewrite).
// Followed here too: `set` and `map` values, and captures of the location's or an if's regex.
import { fromRequest, groupCan, hostPart, wordSpan, type NginxQuery, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const PASS = new Set(['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass']);

/** Whether the innermost location around `scope` is internal or named: no client request reaches it. */
function internal(nginx: NginxQuery, scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.kind !== 'location') continue;
    if (nginx.atLevel(s, 'internal').length > 0) return true;
    const location = s.directive ? nginx.location(s.directive) : null;
    return location !== null && !('invalidModifier' in location) && location.named;
  }
  return false;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/ssrf',
    description: 'A pass target whose host comes from the request: anyone can make nginx connect anywhere (SSRF)',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    fixable: false,
    precision: 'high',
    gixy: ['ssrf'],
  },
  check(context) {
    const nginx = context.query.nginx;
    // Each pass line is judged on its own: one name at a time, no merging into list order.
    for (const lines of nginx.directivesEach(PASS)) {
      for (let i = 0; i < lines.length; i++) {
        const { directive: d, scope } = lines[i];
        // A target without a variable goes where it says (most of them: no `$` at all).
        if (!d.args[0] || !d.args[0].value.includes('$') || internal(nginx, scope)) continue;
        const host = hostPart(d.args[0].value);
        const hit = nginx.taintedVariable(scope, host, (n) => (fromRequest(n) && n !== 'uri' && n !== 'document_uri' && n !== 'request_uri' ? 'request data' : null), (_re, group, subject) => fromRequest(subject) && groupCan(group, '.'));
        if (!hit) continue;
        const message = `the host of this ${d.name} comes from $${hit.name} (${hit.why}): a client can point nginx at any server it reaches, such as 169.254.169.254 or localhost (SSRF); name the backends in an upstream or a map of fixed values, or mark the location "internal"`;
        context.report({ span: wordSpan(d, d.args[0]), message });
      }
    }
  },
};

