// nginx/syntax: nginx cannot parse the file: it stops with a syntax error, in nginx's own words
// The finding comes from the parse stage (src/nginx/parse.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/syntax',
    description: 'nginx cannot parse the file: it stops with a syntax error, in nginx\'s own words',
    defaultSeverity: 'error',
    tags: ['syntax', 'nginx -t'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    reportParsed(context, 'nginx/syntax');
  },
};
