// uwsgi/include: An ini/include/inherit names a file that cannot be loaded, or files that include each other in a cycle
// The finding comes from the resolve stage (src/uwsgi/resolve.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/include',
    description: 'An ini/include/inherit names a file that cannot be loaded, or files that include each other in a cycle',
    defaultSeverity: 'error',
    tags: ['include'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    reportParsed(context, 'uwsgi/include');
  },
};
