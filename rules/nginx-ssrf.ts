// nginx/ssrf: a pass target whose scheme or host comes from the request: `proxy_pass
// http://$arg_host/`, `proxy_pass $1://$2/$3` from `location ~ /proxy/(.*)/(.*)/(.*)`,
// `proxy_pass http://$http_x_backend`. Anyone can then make nginx fetch any address it reaches
// (cloud metadata at 169.254.169.254, admin ports on localhost). Facts: gixy's ssrf (HIGH):
// a variable counts when it can hold a `.` (a host name or address) and is not in an
// `internal` location (reachable only by error_page, try_files, X-Accel-Redirect, rewrite).
// Followed here too: `set` and `map` values, and captures of the location's or an if's regex.
import type { Rule } from '../src/rule.js';
import { judgedDirectives, reporter, rootOf } from '../src/nginx/security/walk.js';
import { fromRequest, groupCan, taintedVariable } from '../src/nginx/security/variables.js';
import type { Scope } from '../src/nginx/model.js';
import { named } from '../src/nginx/directives.js';

const PASS = new Set(['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass']);

/** The scheme and host part of a pass target: everything before the first `/`, `?` after `://`. */
export function hostPart(value: string): string {
  const scheme = /^([^/?]*:\/\/)/.exec(value);
  const rest = scheme ? value.slice(scheme[1].length) : value;
  const end = rest.search(/[/?]/);
  return (scheme ? scheme[1] : '') + (end === -1 ? rest : rest.slice(0, end));
}

function internal(scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.kind === 'location') return s.directives.some((d) => d.name === 'internal') || (s.directive?.args[0]?.value.startsWith('@') ?? false);
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
  },
  check(context) {
    const report = reporter(context);
    for (const { directive: d, scope } of named(judgedDirectives(context.project), PASS)) {
      if (!PASS.has(d.name) || !d.args[0] || internal(scope)) continue;
      const host = hostPart(d.args[0].value);
      const hit = taintedVariable(scope, rootOf(scope), host, (n) => (fromRequest(n) && n !== 'uri' && n !== 'document_uri' && n !== 'request_uri' ? 'request data' : null), (_re, group, subject) => fromRequest(subject) && groupCan(group, '.'));
      if (!hit) continue;
      const message = `the host of this ${d.name} comes from $${hit.name} (${hit.why}): a client can point nginx at any server it reaches, such as 169.254.169.254 or localhost (SSRF); name the backends in an upstream or a map of fixed values, or mark the location "internal"`;
      report(d, d.args[0], message);
    }
  },
};

