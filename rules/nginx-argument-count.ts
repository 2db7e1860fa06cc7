// nginx/argument-count: a directive with a number of arguments its module does not take, or a
// block where none belongs (or none where one does). nginx -t: `invalid number of arguments in
// "x" directive`, `directive "x" is not terminated by ";"`, `directive "x" has no opening "{"`.
// Facts: NGX_CONF_NOARGS/TAKE1..7/TAKE12/FLAG/1MORE/2MORE/BLOCK of each directive in the nginx
// 1.22.1 source (the table scripts/gen-nginx-directives.js reads from it), tested in
// ngx_conf_handler()'s order: query.nginx.refused() hands out what that test refuses. A templated
// argument (`{{ x }}`) may stand for any number of words: such a directive is not judged.
import type { Rule } from '../src/rule.js';
import { describeArgs, span } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/argument-count',
    description: 'A directive with the wrong number of arguments, or a block where none belongs: nginx -t fails',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'directives'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const nginx = context.query.nginx;
    const refused = [...nginx.refused('args'), ...nginx.refused('not-terminated'), ...nginx.refused('no-opening')];
    for (const { item, verdict } of refused) {
      const d = item.directive;
      // A template filling in an argument may stand for any number of words.
      if (nginx.filledIn(d) || d.rawBody) continue;
      let message: string;
      let start = d.nameWord.start;
      let end = d.nameWord.end;
      if (verdict.kind === 'args') {
        const takes = verdict.spec.args === 'flag' ? 'one argument, on or off' : `${describeArgs(verdict.spec)} argument${verdict.spec.args === '1' ? '' : 's'}`;
        message = `invalid number of arguments in "${d.name}" directive: it takes ${takes}, here ${d.args.length === 0 ? 'none' : d.args.length}`;
        // Blame the surplus arguments when there are too many, the name when there are too few.
        const surplus = d.args.slice(maxArgs(verdict.spec.args));
        if (surplus.length > 0 && surplus.length < d.args.length) {
          start = surplus[0].start;
          end = surplus[surplus.length - 1].end;
        }
      } else if (verdict.kind === 'not-terminated') {
        message = `directive "${d.name}" is not terminated by ";": it takes no block; end it with ";" and move the block's lines out`;
      } else if (verdict.kind === 'no-opening') {
        message = `directive "${d.name}" has no opening "{": it needs a block, ${d.name} ... { ... }`;
      } else {
        continue;
      }
      context.report({ span: span(d.source, start, end), message });
    }
  },
};

/** The most arguments a spec takes; Infinity when open-ended. */
function maxArgs(args: string): number {
  if (args === 'flag') return 1;
  if (args === 'any' || args.endsWith('+')) return Infinity;
  return Math.max(...args.split(',').map(Number));
}
