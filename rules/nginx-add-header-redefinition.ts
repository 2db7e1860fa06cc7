// nginx/add-header-redefinition: a block with its own add_header loses every add_header of the
// blocks around it. nginx inherits add_header "if and only if there are no add_header
// directives defined on the current level" (ngx_http_headers_module docs; array merge in
// ngx_http_headers_merge_conf), so `add_header Cache-Control ...` in a location silently drops
// the server's Strict-Transport-Security and X-Frame-Options there. Facts: nginx 1.22.1 has no
// add_header_inherit (added in 1.29.3). Severity as gixy's add_header_redefinition: security
// headers lost -> warning (MEDIUM), others -> info (LOW).
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan } from '../src/query/index.js';

const SECURITY_HEADERS = new Set(['strict-transport-security', 'content-security-policy', 'content-security-policy-report-only', 'x-frame-options', 'x-content-type-options', 'x-xss-protection', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'cross-origin-resource-policy', 'cache-control']);

export const rule: Rule = {
  meta: {
    id: 'nginx/add-header-redefinition',
    description: 'An add_header in a nested block drops every add_header of the outer blocks (security headers lost)',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    fixable: false,
    precision: 'very-high',
    gixy: ['add_header_redefinition'],
  },
  check(context) {
    const nginx = context.query.nginx;
    // The blocks that have add_header lines, from the run's index by name: most blocks have none.
    // Templated lines are asked for too: a block with one is not judged (what it sets is not known).
    for (const { scope, directives: own } of nginx.byBlock('add_header', { templated: true })) {
      if (!scope.parent || !['server', 'location', 'if'].includes(scope.kind) || nginx.contextOf(scope) === null) continue;
      const outer = nginx.effective(scope.parent, 'add_header');
      if (nginx.anyTemplated(own) || nginx.anyTemplated(outer)) continue;
      const kept = new Set(own.map((d) => d.args[0]?.value.toLowerCase()));
      const lost = outer.filter((d) => d.args[0] && !kept.has(d.args[0].value.toLowerCase()));
      if (lost.length === 0) continue;
      const names = [...new Set(lost.map((d) => d.args[0].value))];
      const security = names.some((n) => SECURITY_HEADERS.has(n.toLowerCase()));
      const where = scope.kind === 'if' ? 'this if block' : `this ${scope.kind}`;
      const message = `add_header here drops the outer block's ${names.join(', ')}: nginx inherits add_header only into blocks that set none, so responses of ${where} go out without ${names.length === 1 ? 'it' : 'them'}${security ? ' (a security header lost)' : ''}; repeat ${names.length === 1 ? 'it' : 'them'} here (or in a shared include)`;
      context.report({ span: wordSpan(own[0]), message, severity: security ? 'warning' : 'info', related: lost.map((d) => relatedAt(d, `outer ${d.args[0].value}, not sent here`)) });
    }
  },
};
