// uwsgi/limit: A placeholder or option expansion grows past the limits a static check can follow
// The finding comes from the resolve stage (src/uwsgi/resolve.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/limit',
    description: 'A placeholder or option expansion grows past the limits a static check can follow',
    defaultSeverity: 'warning',
    tags: ['placeholder'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    reportParsed(context, 'uwsgi/limit');
  },
};
