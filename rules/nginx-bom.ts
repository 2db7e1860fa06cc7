// nginx/bom: The file starts with a UTF-8 byte-order mark, which nginx reads as part of the first directive
// The finding comes from the parse stage (src/nginx/parse.ts); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
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
    reportParsed(context, 'nginx/bom');
  },
};
