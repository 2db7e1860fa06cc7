// uwsgi/limit: A placeholder or option expansion grows past the limits a static check can follow
// The resolve stage (src/uwsgi/resolve.ts) stops there; this rule words it and gives it its severity:
// an expansion that never ends is an error (uWSGI grows the value until memory runs out), too many
// options only a warning (a limit of this linter).
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
    const problems = context.query.problems;
    for (const p of problems.uwsgi('too-many-options')) {
      context.report({ span: p.span, message: `more than ${p.limit} options: the rest is not resolved` });
    }
    for (const p of problems.uwsgi('expansion-unbounded')) {
      context.report({
        span: p.span,
        severity: 'error',
        message: `expanding \`${p.key}\` never ends${p.cycle ? ' (placeholder cycle)' : ''}: uWSGI would grow this value until it runs out of memory`,
      });
    }
  },
};
