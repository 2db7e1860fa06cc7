// uwsgi/unknown-magic: `%X` that is no magic variable, which uWSGI silently deletes.
// Facts (core/utils.c magic_sub; e2e: test/e2e/rules.test.ts, unknown-magic): the magic table is
// initialised to "" for every character, so `%z`, `%Y`, `%m` ... vanish:
// `logto = /var/log/app-%Y.log` writes /var/log/app-.log. `%%` is a literal `%`. The parser records
// every such use. Doubling the `%` is an unsafe fix: the value uWSGI uses changes (a log path gains
// a literal `%Y`, a secret its deleted characters).
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/unknown-magic',
    description: 'A `%X` that is not a uWSGI magic variable: uWSGI silently deletes it (strftime formats lose their date)',
    defaultSeverity: 'warning',
    tags: ['silent'],
    fixable: 'unsafe',
    precision: 'high',
  },
  check(context) {
    const seen = new Set<string>();
    for (const config of context.query.uwsgi.configs) {
      // Taken out once per config: a file with many `%x` would otherwise scan every option for each.
      const templated = config.options.filter((o) => o.templated);
      // Lines before a file's first section header belong to no section, so uWSGI never reads them
      // (ini.c compares each line's section with the one asked for): a Jinja `{% set x = "%s" % y %}`
      // above `[uwsgi]` loses nothing that matters.
      // Such lines are all at the top of their file: where they end, per file (one test per use).
      const unreadUntil = new Map<unknown, number>();
      if (config.section !== '') {
        for (const f of config.files) {
          let end = -1;
          for (const e of f.entries) if (e.sectionIndex === -1 && e.end > end) end = e.end;
          if (end >= 0) unreadUntil.set(f.source, end);
        }
      }
      for (const use of config.unknownMagic) {
        const text = use.span.source.text;
        const id = `${use.span.source.path}:${use.span.start}`;
        if (seen.has(id)) continue;
        seen.add(id);
        // Template syntax ({% ... %}) belongs to the renderer, not to uWSGI.
        if (text[use.span.start - 1] === '{' || text[use.span.end] === '}' || use.char === '}') continue;
        if (templated.some((o) => o.source === use.span.source && o.entry.start <= use.span.start && use.span.end <= o.entry.end)) continue;
        if (use.span.end <= (unreadUntil.get(use.span.source) ?? -1)) continue;
        const written = text.slice(use.span.start, use.span.end);
        context.report({
          span: use.span,
          message: `\`${written}\` is not a uWSGI magic variable: uWSGI deletes it from the line without a word (a strftime pattern such as \`%Y-%m-%d\` loses its date). Write \`%${written}\` for a literal \`${written}\``,
          fix: { span: use.span, text: `%${written}`, applicability: 'unsafe' },
        });
      }
    }
  },
};
