// nginx/invalid-if: an `if` condition nginx cannot read. nginx -t: `invalid condition "x"`,
// `unexpected "x" in condition`.
// Facts: ngx_http_rewrite_if_condition (nginx 1.22.1): the words must open with `(` and close
// with `)` (`(` and `)` may stand alone); inside, `$var`, `$var = value`, `$var != value`,
// `$var ~ re` (`~*`, `!~`, `!~*`), or `-f`/`-d`/`-e`/`-x` (or `!-f`...) with one operand.
// Anything else (`$a == b`, `$a =~ b`, `a = b`, three operands, `-z x`) is refused.
import { wordSpan, type NginxWord } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/invalid-if',
    description: 'An if condition nginx cannot parse: nginx -t fails with "invalid condition"',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'rewrite'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const nginx = context.query.nginx;
    // nginx -t reads the lines of a file with template tags too: only a line a template fills in is left out.
    for (const { directive: d, context: where } of nginx.directives('if', { templated: true })) {
      if (d.block === null || d.args.length === 0 || nginx.filledIn(d)) continue;
      if (where === 'stream' || where === 'stream-server' || where === 'mail' || where === 'mail-server') continue;
      const problem = conditionProblem(d.args);
      if (!problem) continue;
      const message = `${problem.message}; write if ($var), if ($var = value), if ($var ~ regex), or if (-f $path)`;
      context.report({ span: wordSpan(d, problem.word), message });
    }
  },
};

/** nginx's check, word by word; `value` is a word without its quotes, as nginx sees it. */
export function conditionProblem(args: readonly NginxWord[]): { message: string; word: NginxWord } | null {
  const value = args.map((a) => a.value);
  let last = value.length - 1;
  const invalid = (i: number, text = value[i]) => ({ message: `invalid condition "${text}"`, word: args[i] });
  if (value[0].length < 1 || value[0][0] !== '(') return invalid(0);
  let cur: number;
  if (value[0].length === 1) cur = 1;
  else {
    cur = 0;
    value[0] = value[0].slice(1);
  }
  if (value[last].length < 1 || !value[last].endsWith(')')) return invalid(last);
  if (value[last].length === 1) last--;
  else value[last] = value[last].slice(0, -1);
  if (cur > last) return invalid(cur > value.length - 1 ? value.length - 1 : cur, value[cur] ?? '');
  const p = value[cur];
  if (p.length > 1 && p[0] === '$') {
    if (cur !== last && cur + 2 !== last) return invalid(cur);
    if (cur === last) return null;
    const op = value[cur + 1];
    if (['=', '!=', '~', '~*', '!~', '!~*'].includes(op)) return null;
    return { message: `unexpected "${op}" in condition`, word: args[cur + 1] };
  }
  if ((p.length === 2 && p[0] === '-') || (p.length === 3 && p[0] === '!' && p[1] === '-')) {
    if (cur + 1 !== last) return invalid(cur);
    if ('fdex'.includes(p[p.length - 1])) return null;
    return invalid(cur);
  }
  return invalid(cur);
}
