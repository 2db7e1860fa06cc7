// nginx/wrong-context: a directive in a block that does not take it (`proxy_pass` in `http` or
// `server`, `listen` in a location); nginx -t: `"proxy_pass" directive is not allowed here`.
// Facts: each directive's context flags (NGX_HTTP_LOC_CONF, NGX_HTTP_LIF_CONF, ...) from the
// nginx 1.22.1 source, matched as ngx_conf_handler() does (src/nginx/directives.ts). A fragment
// is judged where it is included, or where its kind puts it (sites-enabled: http).
import { allowedContexts, directiveSpecs, moduleTypeOf, wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/wrong-context',
    description: 'A directive in a block that does not take it: nginx -t fails with "directive is not allowed here"',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'directives'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const nginx = context.query.nginx;
    // nginx -t reads the lines of a file with template tags too: only a line a template fills in is left out.
    for (const { item } of nginx.refused('not-allowed')) {
      const { directive: d, context: where } = item;
      if (where === null || nginx.filledIn(d) || d.rawBody) continue;
      // Name the contexts of the modules of this kind of block (http ones in http), if any.
      const specs = directiveSpecs(d.name);
      const sameKind = specs.filter((s) => s.moduleType === moduleTypeOf(where));
      const allowed = allowedContexts(sameKind.length > 0 ? sameKind : specs).filter((c) => c !== 'any');
      const message = `"${d.name}" directive is not allowed here (in ${where.replace(/-/g, ' ')}); it belongs in ${allowed.join(', ')}`;
      context.report({ span: wordSpan(d), message });
    }
  },
};
