// uwsgi/inline-comment: `;` or `#` after a value, which uWSGI keeps as part of the value.
// Facts (core/ini.c; e2e: test/e2e/rules.test.ts, the inline-comment cases): only whole lines are
// comments. `master = false ; c` is not exactly "false", so uwsgi_opt_true turns master ON;
// `socket = /run/a.sock # x` binds a socket literally named "/run/a.sock # x". Integer options read
// with atoi, so `harakiri = 20 # c` still gives 20: that case (and a boolean that stays true) is
// reported as info, the rest as errors. Removing the comment is a safe fix only when uWSGI reads
// the same value without it (those info cases); otherwise it changes the value in force
// (`master = false ; c`: on today, off after), so it is an unsafe fix and the message says what
// changes.
import type { Rule } from '../src/rule.js';
import { isFalse, optionInfo, span } from '../src/query/index.js';

const NUMERIC = new Set(['uwsgi_opt_set_int', 'uwsgi_opt_set_64bit', 'uwsgi_opt_set_16bit', 'uwsgi_opt_set_megabytes', 'uwsgi_opt_set_rawint']);
const BOOLEAN = new Set(['uwsgi_opt_true', 'uwsgi_opt_false']);

export const rule: Rule = {
  meta: {
    id: 'uwsgi/inline-comment',
    description: 'A `;` or `#` comment after a value: uWSGI reads it as part of the value',
    defaultSeverity: 'error',
    tags: ['silent', 'syntax'],
    fixable: 'safe-or-unsafe',
    precision: 'high',
  },
  check(context) {
    const seen = new Set<object>();
    for (const config of context.query.uwsgi.configs) {
      for (const option of config.options) {
        const entry = option.entry;
        if (seen.has(entry) || option.templated || option.viaSet || !entry.hasEquals) continue;
        seen.add(entry);
        const info = optionInfo(entry.key);
        if (!info) continue; // unknown keys are uwsgi/unknown-option's
        const match = /(^|[ \t])[;#]/.exec(entry.rawValue);
        if (!match) continue;
        const commentAt = match.index + match[1].length;
        const kept = entry.rawValue.slice(0, commentAt).trimEnd();
        const comment = entry.rawValue.slice(commentAt);
        const where = span(entry.source, entry.valueStart + commentAt, entry.valueEnd);
        const move = `Put the comment on its own line: \`${entry.key} = ${kept}\``;
        let severity: 'error' | 'info' = 'error';
        let effect: string;
        // What removing the comment changes, when it changes what uWSGI does (then the fix is unsafe).
        let change: string | null = null;
        if (info.handler && BOOLEAN.has(info.handler)) {
          if (isFalse(kept)) {
            effect = `the value is not exactly "${kept}", so uWSGI turns \`${entry.key}\` ON`;
            change = `turns \`${entry.key}\` from on to off`;
          } else {
            severity = 'info';
            effect = `\`${entry.key}\` happens to stay on, but changing it to \`false\` in front of the comment would not turn it off`;
          }
        } else if (info.handler && NUMERIC.has(info.handler) && /^-?\d+$/.test(kept)) {
          severity = 'info';
          effect = `it happens to work (the number is read up to the first non-digit), but the line reads as if the comment were ignored`;
        } else {
          effect = `\`${entry.key}\` gets the value \`${entry.rawValue}\`, comment included`;
          change = `changes the value uWSGI uses to \`${kept}\``;
        }
        const applicability = change === null ? 'safe' : 'unsafe';
        const warning = change === null ? '' : ` Removing the comment ${change}: the effective value changes (an unsafe fix, applied only with --unsafe-fixes).`;
        context.report({
          span: where,
          severity,
          message: `\`${comment}\` is not a comment: uWSGI only knows whole-line comments, so ${effect}.${warning} ${move}`,
          fix: { span: span(entry.source, entry.valueStart + kept.length, entry.valueEnd), text: '', applicability },
        });
      }
    }
  },
};
