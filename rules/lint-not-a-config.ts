// lint/not-a-config: A file named on the command line looks like another format (a FreeRADIUS site, a Perl script, a README): not linted
// The finding comes from the read stage (src/lint.ts, by src/classify.ts lookalike()); this rule gives it an id, a severity and a doc.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'lint/not-a-config',
    description: 'A file named on the command line looks like another format (a FreeRADIUS site, a Perl script, a README): not linted',
    defaultSeverity: 'info',
    tags: ['files'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    reportParsed(context, 'lint/not-a-config');
  },
};
