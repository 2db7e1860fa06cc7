// nginx/limit: A statement too large for this linter to parse is not checked (nginx has no such limit)
// The parse stage (src/nginx/parse.ts) notes the statement; this rule words it and gives it an id and a doc.
// A limit of this linter, not of nginx: ngx_conf_read_token collects any number of words.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/limit',
    description: 'A statement too large for this linter to parse is not checked (nginx has no such limit)',
    defaultSeverity: 'warning',
    tags: ['limit'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    for (const p of context.query.problems.nginx('statement-too-long')) {
      context.report({
        span: p.span,
        message: `this \`${p.name}\` statement is ${p.length} characters long, over the ${p.limit}-character limit of this linter: it is not checked (nginx itself reads statements of any length; \`nginx -t\` checks it). The rest of the file is checked`,
      });
    }
  },
};
