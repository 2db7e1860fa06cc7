// nginx/bom: The file starts with a UTF-8 byte-order mark, which nginx reads as part of the first directive
// The parse stage (src/nginx/parse.ts) notes the mark; this rule words it and gives it an id and a doc.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/bom',
    description: 'The file starts with a UTF-8 byte-order mark, which nginx reads as part of the first directive',
    defaultSeverity: 'error',
    tags: ['syntax', 'nginx -t'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    for (const p of context.query.problems.nginx('bom')) {
      context.report({
        span: p.span,
        message: 'the file starts with a UTF-8 byte-order mark: nginx reads it as part of the first directive name and fails with "unknown directive"; save the file as UTF-8 without a BOM',
      });
    }
  },
};
