// uwsgi/undefined-placeholder: `%(name)` that nothing defines, and placeholders defined in a cycle.
// Facts: core/utils.c uwsgi_apply_config_pass leaves an unknown `%(name)` in the value literally
// (a socket named `%(sock)`, a chdir to `%(base)/app`); inside a `%(a b)` pipeline a missing name
// reads as "". Request-log formats (`log-format`, `logformat`) keep `%(method)` & co. on purpose:
// the logger fills them per request (core/logging.c). Cycles make uWSGI expand forever (core/utils.c
// uwsgi_apply_config_pass substitutes until no `%(` is left). The resolver finds them.
import type { Rule } from '../src/rule.js';
import { UNKNOWN, type SourceSpan, type UwsgiOption } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/undefined-placeholder',
    description: 'A `%(name)` placeholder nothing defines (uWSGI keeps it as literal text), or placeholders that refer to each other in a cycle',
    defaultSeverity: 'error',
    tags: ['placeholders'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      // A fragment (it binds nothing) gets its placeholders from the file that includes it, and an
      // include that was not read may define them.
      if (!uwsgi.bindsSomething(config) || uwsgi.unreadIncludes(config)) continue;
      // Taken out once per config: a file with many `%(name)` would otherwise scan every option for each.
      const templated = config.options.filter((o) => o.templated);
      const logFormats = config.options.filter((o) => /^log-?format/.test(o.key));
      const values = new Set(config.options.filter((o) => o.key !== 'set-placeholder').map((o) => o.value));
      for (const use of config.undefinedPlaceholders) {
        if (use.name.includes(UNKNOWN) || within(templated, use.span) || within(logFormats, use.span)) continue;
        // A plugin option that registers the name (`webdav-add-option = addressbook`) defines it.
        if (values.has(use.name)) continue;
        context.report({
          span: use.span,
          message: use.inPipeline
            ? `\`${use.name}\` in this \`%(...)\` expression is defined nowhere in the config: uWSGI silently uses an empty string there. Define it (\`${use.name} = ...\`) or fix the name`
            : `\`%(${use.name})\` is defined nowhere in the config: uWSGI leaves the text \`%(${use.name})\` in the value as it is, so the option gets a wrong path or name in production. Define it (\`${use.name} = ...\` or \`set-placeholder = ${use.name}=...\`) or fix the name`,
        });
      }
      for (const cycle of config.placeholderCycles) {
        if (within(templated, cycle.span)) continue;
        context.report({
          span: cycle.span,
          message: `placeholders refer to each other in a cycle (${cycle.names.map((n) => `%(${n})`).join(' -> ')}): uWSGI substitutes forever, growing the value until it runs out of memory. Give one of them a literal value`,
        });
      }
    }
  },
};

/** Whether the span lies inside the line of one of these options. */
function within(options: readonly UwsgiOption[], where: SourceSpan): boolean {
  return options.some((o) => o.source === where.source && o.entry.start <= where.start && where.end <= o.entry.end);
}
