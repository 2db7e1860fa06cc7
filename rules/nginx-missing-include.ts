// nginx/missing-include: An include names a file that does not exist (or lies outside the linted tree)
// The finding comes from the resolve stage (src/nginx/resolve.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/missing-include',
    description: 'An include names a file that does not exist (or lies outside the linted tree)',
    defaultSeverity: 'error',
    tags: ['include', 'nginx -t'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    reportParsed(context, 'nginx/missing-include');
  },
};
