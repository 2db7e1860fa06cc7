// nginx/allow-without-deny: `allow 10.0.0.0/8;` with no `deny` at the same level. Access rules
// are checked in order and a request no rule matches is let through, so without `deny all;` the
// allow restricts nothing. The rules of a level replace the outer level's (array merge in
// ngx_http_access_merge_loc_conf), so an outer `deny all;` does not help. Facts: ngx_http_access
// module; gixy's allow_without_deny (HIGH). `allow all` (reopening an outer deny) and
// `satisfy any` (the allow then lifts auth_basic for those addresses) are not flagged.
import type { Rule } from '../src/rule.js';
import { directivesNamed, effective } from '../src/nginx/model.js';
import { anyTemplated, contextOf, groupedByScope, named, scopedDirectives } from '../src/nginx/directives.js';
import { reporter } from '../src/nginx/security/walk.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/allow-without-deny',
    description: '`allow` without `deny` at the same level: every other address is let through too',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const report = reporter(context);
    // The blocks that have allow lines, from the run's index by name: most blocks have none.
    for (const { scope, directives } of groupedByScope(named(scopedDirectives(context.project), ['allow']))) {
      if (contextOf(scope) === null) continue;
      const allows = directives.filter((d) => d.args[0]?.value !== 'all');
      if (allows.length === 0 || directivesNamed(scope, 'deny').length > 0) continue;
      if (anyTemplated(allows)) continue;
      if (effective(scope, 'satisfy').at(-1)?.args[0]?.value === 'any') continue;
      const a = allows[0];
      report(a, null, `"allow ${a.args[0]?.value ?? ''}" without a "deny" at this level restricts nothing: requests no rule matches are let through, and an outer deny is not inherited by a level with its own rules; add "deny all;" after the allow lines`);
    }
  },
};
