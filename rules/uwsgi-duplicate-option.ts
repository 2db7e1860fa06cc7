// uwsgi/duplicate-option: a single-valued option set twice in one file, to different values.
// Facts: single-valued handlers (uwsgi_opt_set_str/int, uwsgi_opt_true, ..., recorded per option
// in uWSGI's own table as repeat "single") overwrite, so the last line wins, while `%(name)`
// resolves to the first (core/config.c uwsgi_get_exported_opt returns the first match). List
// options (socket, env, pythonpath ...) add one entry per line and are not reported; a later file
// overriding an included one is a pattern, not a mistake, and is not reported either. A key uWSGI
// ignores because it is spelled with `_` (`chmod_socket`, uwsgi/unknown-option's) counts as a
// setting of its option here too: fixing its spelling would make the two lines fight, and the
// later would win.
import type { Rule } from '../src/rule.js';
import { lastWins, optionInfo, type UwsgiOption } from '../src/query/index.js';

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
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      const used = uwsgi.placeholderNames(config);
      // The line in force so far for each option of each file (an ignored spelling is never in force).
      const previous = new Map<string, { option: UwsgiOption; ignored: boolean }>();
      for (const option of config.options) {
        if (option.viaSet || option.placeholderOnly || option.logic || option.templated || option.value === null) continue;
        const ignored = ignoredSpellingOf(option.key, used);
        const info = optionInfo(ignored ?? option.key);
        if (!info || !lastWins(info)) continue;
        const name = `${option.source.path}\0${info.aliasOf ?? info.name}`;
        const earlier = previous.get(name);
        if (!earlier || (earlier.ignored && ignored)) {
          if (!earlier || !earlier.ignored) previous.set(name, { option, ignored: ignored !== undefined });
          continue;
        }
        const first = earlier.option;
        if (first.value !== option.value) {
          let message: string;
          if (ignored) {
            message = `\`${option.key} = ${option.rawValue}\` sets \`${ignored}\` a second time under a spelling uWSGI ignores (first \`${first.key} = ${first.rawValue}\` on line ${first.entry.line}): today uWSGI keeps \`${first.value}\`, but writing the key as \`${ignored}\` would make this later value, \`${option.value}\`, win. Keep one line, with the value you want`;
          } else if (earlier.ignored) {
            message = `\`${option.key}\` is set again (first as \`${first.key} = ${first.rawValue}\` on line ${first.entry.line}, a spelling uWSGI ignores): uWSGI keeps this later value, \`${option.value}\`, and would keep it even with line ${first.entry.line}'s key fixed. Keep one line`;
          } else {
            message = `\`${option.key}\` is set again (first \`${first.key} = ${first.value}\` on line ${first.entry.line}): uWSGI keeps only this later value, \`${option.value}\`, while \`%(${first.key})\` still reads the first. Keep one line`;
          }
          context.report({
            span: option.keySpan,
            message,
            related: [{ span: first.keySpan, message: ignored ? 'first set here; this value is in force' : earlier.ignored ? 'first set here, under a spelling uWSGI ignores' : 'first set here; this value is overwritten' }],
          });
        }
        // An ignored spelling changes nothing: the line in force stays the earlier one.
        if (!ignored) previous.set(name, { option, ignored: false });
      }
    }
  },
};

/** The option a key names with `_` for `-` (`chmod_socket`), unless it is a known option or a placeholder in use. */
function ignoredSpellingOf(key: string, used: ReadonlySet<string>): string | undefined {
  if (!key.includes('_') || optionInfo(key) || used.has(key)) return undefined;
  const dashed = key.replace(/_/g, '-');
  return optionInfo(dashed) ? dashed : undefined;
}
