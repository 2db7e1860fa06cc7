// lint/not-a-config: A file named on the command line looks like another format (a FreeRADIUS site, a Perl script, a README): not linted
// The read stage (src/lint.ts, by src/classify.ts lookalike()) tells; this rule words it and gives it an id, a severity and a doc.
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
    for (const p of context.query.problems.files('not-a-config')) {
      const { source, start, end } = p.span;
      const why = end > start ? `\`${source.text.slice(start, end)}\` looks like ${p.what}` : `${source.path.slice(source.path.lastIndexOf('/') + 1)} is named like ${p.what}`;
      context.report({ span: p.span, message: `${why}, not an nginx or uWSGI config: this file was not linted (leave it off the command line, or add it to "ignores")` });
    }
  },
};
