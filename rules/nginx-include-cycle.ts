// nginx/include-cycle: Files include each other in a loop, or includes nest too deep
// The finding comes from the resolve stage (src/nginx/resolve.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/include-cycle',
    description: 'Files include each other in a loop, or includes nest too deep',
    defaultSeverity: 'error',
    tags: ['include', 'nginx -t'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    reportParsed(context, 'nginx/include-cycle');
  },
};
