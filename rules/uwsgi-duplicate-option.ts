// uwsgi/duplicate-option: a single-valued option set twice in one file, to different values.
// Facts: single-valued handlers (uwsgi_opt_set_str/int, uwsgi_opt_true, ..., recorded per option
// in uWSGI's own table as repeat "single") overwrite, so the last line wins, while `%(name)`
// resolves to the first (SEMANTICS.md §2). List options (socket, env, pythonpath ...) add one
// entry per line and are not reported; a later file overriding an included one is a pattern, not
// a mistake, and is not reported either.
import type { Rule } from '../src/rule.js';
import type { UwsgiOption } from '../src/uwsgi/ast.js';
import { optionInfo } from '../src/uwsgi/options.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/duplicate-option',
    description: 'A single-valued option set twice in a file to different values: the later line silently wins',
    defaultSeverity: 'warning',
    tags: ['silent'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    for (const config of context.project.uwsgi) {
      const first = new Map<string, UwsgiOption>();
      for (const option of config.options) {
        if (option.viaSet || option.placeholderOnly || option.logic || option.templated || option.value === null) continue;
        const info = optionInfo(option.key);
        if (!info || info.repeat !== 'single') continue;
        const name = `${option.source.path}\0${info.aliasOf ?? info.name}`;
        const earlier = first.get(name);
        if (!earlier) {
          first.set(name, option);
          continue;
        }
        if (earlier.value !== option.value) {
          context.report({
            span: option.keySpan,
            message: `\`${option.key}\` is set again (first \`${earlier.key} = ${earlier.value}\` on line ${earlier.entry.line}): uWSGI keeps only this later value, \`${option.value}\`, while \`%(${earlier.key})\` still reads the first. Keep one line`,
            related: [{ span: earlier.keySpan, message: 'first set here; this value is overwritten' }],
          });
        }
        first.set(name, option);
      }
    }
  },
};
