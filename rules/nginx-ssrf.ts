// nginx/ssrf: a pass target whose scheme or host comes from the request: `proxy_pass
// http://$arg_host/`, `proxy_pass $1://$2/$3` from `location ~ /proxy/(.*)/(.*)/(.*)`,
// `proxy_pass http://$http_x_backend`. Anyone can then make nginx fetch any address it reaches
// (cloud metadata at 169.254.169.254, admin ports on localhost). Facts: gixy's ssrf (HIGH):
// a variable counts when it can hold a `.` (a host name or address) and is not in an
// `internal` location (reachable only by error_page, try_files, X-Accel-Redirect, rewrite).
// Followed here too: `set` and `map` values, and captures of the location's or an if's regex.
import type { Rule } from '../src/rule.js';
import { blocksNamed } from '../src/nginx/directives.js';
import { judgedDirectives, reporter, rootOf } from '../src/nginx/security/walk.js';
import { fromRequest, groupCan, taintedVariable } from '../src/nginx/security/variables.js';
import { directivesNamed, type Scope } from '../src/nginx/model.js';
import { namedEach } from '../src/nginx/directives.js';

const PASS = new Set(['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass']);

/** The scheme and host part of a pass target: everything before the first `/`, `?` after `://`. */
export function hostPart(value: string): string {
  // Written out (it runs for every pass directive): a scheme is `name://` with no `/` or `?`
  // before it, so the first `/` or `?` of the value is the first `/` of its `://`.
  const first = slashOrQuery(value, 0);
  const schemeEnd = first > 0 && value.charCodeAt(first - 1) === 0x3a /* : */ && value.startsWith('//', first) ? first + 2 : 0;
  const end = slashOrQuery(value, schemeEnd);
  return end === -1 ? value : value.slice(0, end);
}

/** The offset of the first `/` or `?` of `value` from `from`, or -1. */
function slashOrQuery(value: string, from: number): number {
  // Two native searches beat a loop over the characters in code that runs this rarely.
  const slash = value.indexOf('/', from);
  const query = value.indexOf('?', from);
  return slash === -1 ? query : query === -1 || slash < query ? slash : query;
}

function internal(scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.kind === 'location') return directivesNamed(s, 'internal').length > 0 || (s.directive?.args[0]?.value.startsWith('@') ?? false);
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
    // Each pass line is judged on its own: one name at a time, no merging into list order.
    for (const lines of namedEach(judgedDirectives(context.project), PASS)) {
      for (let i = 0; i < lines.length; i++) {
        const { directive: d, scope } = lines[i];
        // A target without a variable goes where it says (most of them: no `$` at all).
        if (!PASS.has(d.name) || !d.args[0] || !d.args[0].value.includes('$') || internal(scope)) continue;
        const host = hostPart(d.args[0].value);
        const hit = taintedVariable(scope, blocksNamed(rootOf(scope), 'map'), host, (n) => (fromRequest(n) && n !== 'uri' && n !== 'document_uri' && n !== 'request_uri' ? 'request data' : null), (_re, group, subject) => fromRequest(subject) && groupCan(group, '.'));
        if (!hit) continue;
        const message = `the host of this ${d.name} comes from $${hit.name} (${hit.why}): a client can point nginx at any server it reaches, such as 169.254.169.254 or localhost (SSRF); name the backends in an upstream or a map of fixed values, or mark the location "internal"`;
        report(d, d.args[0], message);
      }
    }
  },
};

