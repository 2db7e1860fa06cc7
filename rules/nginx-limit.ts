// nginx/limit: A statement too large for this linter to parse is not checked (nginx has no such limit)
// The finding comes from the parse stage (src/nginx/parse.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
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
    reportParsed(context, 'nginx/limit');
  },
};
