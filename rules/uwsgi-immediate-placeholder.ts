// uwsgi/immediate-placeholder: `%(...)`, `$(...)` or `@(...)` in an option uWSGI runs while reading.
// Facts (core/config.c add_exported_option_do runs UWSGI_OPT_IMMEDIATE options at once): immediate
// options (`ini`, `include`, `plugins`, `for`, `if-*`, ...) run as soon as their line is read,
// before any of those passes, so they see the text itself: `ini = %(base)/x.ini` opens a file named
// "%(base)/x.ini" and fails; `for = %(list)` iterates once, over "%(list)". Magic variables (`%d`,
// `%n`) do work there. `set`/`set-placeholder` only store their value, which is expanded where it
// is used, so they are left alone.
import type { Rule } from '../src/rule.js';

const STORES = new Set(['set', 'set-placeholder', 'set-ph', 'declare-option', 'declare-option2']);

export const rule: Rule = {
  meta: {
    id: 'uwsgi/immediate-placeholder',
    description: 'A placeholder in an option uWSGI runs while reading the file (`ini`, `include`, `plugins`, `for`, `if-*`): it is never expanded',
    defaultSeverity: 'error',
    tags: ['placeholders'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    for (const config of context.query.uwsgi.configs) {
      for (const use of config.immediateWithPlaceholder) {
        const option = use.option;
        if (STORES.has(use.key) || option.templated || option.viaSet) continue;
        const kind = use.syntax === '%(' ? 'placeholder' : use.syntax === '$(' ? 'environment variable' : 'file include';
        const instead = use.syntax === '$(' ? 'magic variables such as `%d` (this file\'s directory) or a path written out' : 'a magic variable such as `%d` (this file\'s directory) or the value written out';
        context.report({
          span: use.span,
          message: `\`${use.key}\` runs while uWSGI is still reading the file, before any \`${use.syntax}...)\` is expanded: it sees the text \`${option.partialValue}\` literally${/^(ini|include|json|yaml|xml|inherit)$/.test(use.key) ? ' and fails to open it' : ''}. This ${kind} never takes effect here; use ${instead}`,
        });
      }
    }
  },
};
