// uwsgi/not-evaluated: parts of a config a static check cannot see through.
// `@(file)`, `@(exec://...)`, `ini = http://...`, `for-glob`, JSON/YAML includes and templates are
// recorded by the resolver (src/uwsgi/resolve.ts) and never executed or fetched; the values they
// feed are unknowns, so other rules stay silent about them. This rule says so, once per place.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/not-evaluated',
    description: 'A loader, command or template that a static check does not run, so the values it feeds are not checked',
    defaultSeverity: 'info',
    tags: ['coverage'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    for (const config of context.query.uwsgi.configs) {
      for (const n of config.notEvaluated) {
        context.report({ span: n.span, message: n.message });
      }
    }
  },
};
