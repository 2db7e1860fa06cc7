// nginx/allow-without-deny: `allow 10.0.0.0/8;` with no `deny` at the same level. Access rules
// are checked in order and a request no rule matches is let through, so without `deny all;` the
// allow restricts nothing. The rules of a level replace the outer level's (array merge in
// ngx_http_access_merge_loc_conf), so an outer `deny all;` does not help. Facts: ngx_http_access
// module; gixy's allow_without_deny (HIGH). Not flagged: `allow all` (reopening an outer deny),
// and `satisfy any` with an authentication module in force (auth_basic with a user file,
// auth_request, auth_jwt, auth_oidc): there a client no rule matches gets NGX_DECLINED from the
// access module and must still authenticate (ngx_http_core_access_phase). `satisfy any` without
// one (or with `auth_basic off`) lets that client through like `satisfy all`.
import type { Rule } from '../src/rule.js';
import { authenticationInForce, wordSpan } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/allow-without-deny',
    description: '`allow` without `deny` at the same level: every other address is let through too',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    securitySeverity: 7.5,
    fixable: false,
    precision: 'high',
    gixy: ['allow_without_deny'],
  },
  check(context) {
    const nginx = context.query.nginx;
    // The blocks that have allow lines, from the run's index by name: most blocks have none.
    // Templated lines are asked for too: a block with a templated allow is not judged.
    // An allow where nginx refuses it (the top level of an `nginx -T` dump) is not judged:
    // nginx/wrong-context reports it.
    const refused = new Set(nginx.directives('allow', { templated: true }).filter((item) => item.verdict.kind !== 'ok').map((item) => item.scope));
    for (const { scope, directives } of nginx.byBlock('allow', { templated: true })) {
      if (nginx.contextOf(scope) === null) continue;
      const allows = directives.filter((d) => d.args[0]?.value !== 'all');
      if (allows.length === 0 || nginx.atLevel(scope, 'deny').length > 0) continue;
      if (nginx.anyTemplated(allows)) continue;
      if (refused.has(scope)) continue;
      if (nginx.effective(scope, 'satisfy').at(-1)?.args[0]?.value === 'any' && authenticationInForce(scope) !== null) continue;
      const a = allows[0];
      context.report({ span: wordSpan(a), message: `"allow ${a.args[0]?.value ?? ''}" without a "deny" at this level restricts nothing: requests no rule matches are let through, and an outer deny is not inherited by a level with its own rules; add "deny all;" after the allow lines` });
    }
  },
};
