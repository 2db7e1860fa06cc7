// uwsgi/invalid-chmod: a `chmod-socket` value uWSGI refuses.
// Facts (core/uwsgi.c uwsgi_opt_chmod_socket; e2e: test/e2e/rules.test.ts, invalid-chmod): the
// value must be `1` (= 666) or exactly three octal digits; anything else, `0666` and an empty value
// included (a bare `chmod-socket` line has the empty value in an ini), stops uWSGI at start:
// "invalid chmod value". Dropping the leading 0 of `0660` is a safe fix: uWSGI does not start
// today, and afterwards it applies exactly the mode the line says.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/invalid-chmod',
    description: '`chmod-socket` is not `1` or three octal digits: uWSGI exits at start with "invalid chmod value"',
    defaultSeverity: 'error',
    tags: ['sockets', 'startup'],
    fixable: 'safe',
    precision: 'very-high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      for (const option of uwsgi.all(config, 'chmod-socket')) {
        const value = option.value;
        if (value === null || option.templated) continue;
        if (value === '1' || /^[0-7]{3}$/.test(value)) continue;
        const empty = value === '';
        const fixed = /^0[0-7]{3}$/.test(value) ? value.slice(1) : empty ? '660' : null;
        context.report({
          span: empty ? option.keySpan : option.valueSpan,
          message: `${empty ? `\`${option.key}\` with no value` : `\`${option.key} = ${value}\``}: uWSGI accepts only \`1\` (meaning 666) or exactly three octal digits, and exits at start with "invalid chmod value: ${value}" (nginx gets 502). Write ${fixed ? `\`${option.key} = ${fixed}\`` : 'e.g. `chmod-socket = 660`'}`,
          ...(fixed && !empty && option.rawValue === value ? { fix: { span: option.valueSpan, text: fixed, applicability: 'safe' as const } } : {}),
        });
      }
    }
  },
};
