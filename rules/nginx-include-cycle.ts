// nginx/include-cycle: Files include each other in a loop, or includes nest too deep
// The resolve stage (src/nginx/resolve.ts) finds the loop; this rule words it and gives it an id and a doc.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/include-cycle',
    description: 'Files include each other in a loop, or includes nest too deep',
    defaultSeverity: 'error',
    tags: ['include', 'nginx -t'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const problems = context.query.problems;
    for (const p of problems.nginx('include-too-deep')) {
      context.report({ span: p.span, message: `includes nested more than ${p.maxDepth} deep: not followed further` });
    }
    for (const p of problems.nginx('include-cycle')) {
      const more = p.more > 0 ? ` (and ${p.more} more file${p.more > 1 ? 's' : ''} of this include close a loop)` : '';
      context.report({
        span: p.span,
        message: `include cycle: ${p.chain.join(' -> ')}${more}; nginx would include these files until it runs out of memory or file descriptors`,
      });
    }
  },
};
