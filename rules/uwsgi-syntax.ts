// uwsgi/syntax: uWSGI cannot read the file as an ini (binary, too large, broken logic blocks)
// The finding comes from the parse stage (src/uwsgi/parse.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/syntax',
    description: 'uWSGI cannot read the file as an ini (binary, too large, broken logic blocks)',
    defaultSeverity: 'error',
    tags: ['syntax'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    reportParsed(context, 'uwsgi/syntax');
  },
};
