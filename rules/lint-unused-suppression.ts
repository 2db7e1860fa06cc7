// lint/unused-suppression: a `nginx-uwsgi-lint disable-...` comment that suppressed nothing.
// A stale suppression hides the next real problem on that line; ESLint's
// --report-unused-disable-directives does the same job.
import { AFTER_SUPPRESSIONS_TAG, type Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'lint/unused-suppression',
    description: 'A suppression comment that suppresses nothing',
    defaultSeverity: 'warning',
    tags: [AFTER_SUPPRESSIONS_TAG],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    for (const s of context.suppressions) {
      const scope = s.scope === 'file' ? 'in this file' : s.scope === 'line' ? 'on this line' : 'on the next line';
      if (s.rules === null) {
        if (!s.used.has('*')) context.report({ span: s.span, message: `this suppression found nothing to suppress ${scope}: remove it` });
        continue;
      }
      for (const id of s.rules) {
        if (s.used.has(id)) continue;
        context.report({ span: s.span, message: `"${id}" is suppressed here but reports nothing ${scope}: remove it from the comment` });
      }
    }
  },
};
