// nginx/wrong-context: a directive in a block that does not take it (`proxy_pass` in `http` or
// `server`, `listen` in a location); nginx -t: `"proxy_pass" directive is not allowed here`.
// Facts: each directive's context flags (NGX_HTTP_LOC_CONF, NGX_HTTP_LIF_CONF, ...) from the
// nginx 1.22.1 source, matched as ngx_conf_handler() does (src/nginx/directives.ts). A fragment
// is judged where it is included, or where its kind puts it (sites-enabled: http).
// A fragment no linted config includes has its place guessed from its lines, and a top-level
// `server` or `upstream` block reads as http's: when nothing in the file is http's alone (a
// location, an if, limit_except), it does not sit in a directory that holds http fragments, and
// the line would be taken in the stream or mail block of the same depth (a stream server's
// `proxy_pass db:5432;`), nginx -t fails only if the file is included in http: a warning that
// says so.
import { allowedContexts, directiveSpecs, fitsContext, moduleTypeOf, wordSpan, type DirectiveContext } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** The blocks of the same depth in stream and mail, where a guessed http line could also stand. */
const OTHER_PLACES: Partial<Record<DirectiveContext, { context: DirectiveContext; block: string }[]>> = {
  http: [
    { context: 'stream', block: 'stream' },
    { context: 'mail', block: 'mail' },
  ],
  server: [
    { context: 'stream-server', block: 'stream' },
    { context: 'mail-server', block: 'mail' },
  ],
  upstream: [{ context: 'stream-upstream', block: 'stream' }],
};

/** Blocks only http has: a file with one is included in http. */
const HTTP_ONLY_BLOCKS = ['location', 'if', 'limit_except'];

/** Directories whose files the usual nginx.conf includes inside http (Debian, the official image). */
const HTTP_DIRECTORY = /(^|\/)(sites-enabled|sites-available|conf\.d|http\.d|vhosts\.d)\//;

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
      const elsewhere =
        item.config.root.context !== 'main' && !HTTP_DIRECTORY.test(item.config.root.source.path) && !HTTP_ONLY_BLOCKS.some((name) => nginx.mentions(item.config, name))
          ? (OTHER_PLACES[where] ?? []).find((place) => specs.some((spec) => fitsContext(spec, place.context)))
          : undefined;
      if (elsewhere) {
        context.report({
          span: wordSpan(d),
          severity: 'warning',
          message: `"${d.name}" directive is not allowed here if this file is included in http {}, as its lines suggest (its top level reads as http's); in ${elsewhere.block} {} nginx takes it there. No linted config includes the file, so where it goes is not known: lint it with the nginx.conf that includes it`,
        });
        continue;
      }
      context.report({ span: wordSpan(d), message });
    }
  },
};
