// nginx/add-header-redefinition: a block with its own add_header loses every add_header of the
// blocks around it. nginx inherits add_header "if and only if there are no add_header
// directives defined on the current level" (ngx_http_headers_module docs; array merge in
// ngx_http_headers_merge_conf), so `add_header Cache-Control ...` in a location silently drops
// the server's Strict-Transport-Security and X-Frame-Options there. Facts: nginx 1.22.1 has no
// add_header_inherit (added in 1.29.3). Severity as gixy's add_header_redefinition: security
// headers lost -> warning (MEDIUM), others -> info (LOW).
import type { Rule } from '../src/rule.js';
import { effective } from '../src/nginx/model.js';
import { relatedAt, reporter } from '../src/nginx/security/walk.js';
import { anyTemplated, contextOf, groupedByScope, named, scopedDirectives } from '../src/nginx/directives.js';

const SECURITY_HEADERS = new Set(['strict-transport-security', 'content-security-policy', 'content-security-policy-report-only', 'x-frame-options', 'x-content-type-options', 'x-xss-protection', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'cross-origin-resource-policy', 'cache-control']);

export const rule: Rule = {
  meta: {
    id: 'nginx/add-header-redefinition',
    description: 'An add_header in a nested block drops every add_header of the outer blocks (security headers lost)',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const report = reporter(context);
    // The blocks that have add_header lines, from the run's index by name: most blocks have none.
    for (const { scope, directives: own } of groupedByScope(named(scopedDirectives(context.project), ['add_header']))) {
      if (!scope.parent || !['server', 'location', 'if'].includes(scope.kind) || contextOf(scope) === null) continue;
      const outer = effective(scope.parent, 'add_header');
      if (anyTemplated(own) || anyTemplated(outer)) continue;
      const kept = new Set(own.map((d) => d.args[0]?.value.toLowerCase()));
      const lost = outer.filter((d) => d.args[0] && !kept.has(d.args[0].value.toLowerCase()));
      if (lost.length === 0) continue;
      const names = [...new Set(lost.map((d) => d.args[0].value))];
      const security = names.some((n) => SECURITY_HEADERS.has(n.toLowerCase()));
      const where = scope.kind === 'if' ? 'this if block' : `this ${scope.kind}`;
      const message = `add_header here drops the outer block's ${names.join(', ')}: nginx inherits add_header only into blocks that set none, so responses of ${where} go out without ${names.length === 1 ? 'it' : 'them'}${security ? ' (a security header lost)' : ''}; repeat ${names.length === 1 ? 'it' : 'them'} here (or in a shared include)`;
      report(own[0], null, message, security ? 'warning' : 'info', lost.map((d) => relatedAt(d, `outer ${d.args[0].value}, not sent here`)));
    }
  },
};
