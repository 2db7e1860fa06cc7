// nginx/missing-include: An include names a file that does not exist (or lies outside the linted tree)
// The resolve stage (src/nginx/resolve.ts) finds which; this rule words each case and gives it a severity:
// an error when nginx -t would fail (the file is not there), an info when the file lies on the server only.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/missing-include',
    description: 'An include names a file that does not exist (or lies outside the linted tree)',
    defaultSeverity: 'error',
    tags: ['include', 'nginx -t'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const problems = context.query.problems;
    for (const p of problems.nginx('include-missing')) {
      context.report({
        span: p.span,
        message: `include file "${p.written}" not found (looked for ${p.lookedFor}); nginx -t fails with "open() ... failed (2: No such file or directory)"`,
      });
    }
    for (const p of problems.nginx('include-outside')) {
      context.report({
        span: p.span,
        severity: 'info',
        message: `include "${p.written}" points outside the linted tree (${p.path}), so it was not read; map it onto the repository with "pathMappings" (for example ${mappingExample(p.directory)})`,
      });
    }
    for (const p of problems.nginx('include-standard')) {
      context.report({
        span: p.span,
        severity: 'info',
        message: `include "${p.written}" points outside the linted tree (${p.path}); it is read as the standard ${p.standard} nginx ships (${p.version}). If the file there differs, map it onto the repository with "pathMappings" (for example ${mappingExample(p.directory)})`,
      });
    }
  },
};

/** A "pathMappings" entry that brings the include's directory into the repository. */
function mappingExample(directory: string): string {
  return `{"from": "${directory}", "to": "deploy/nginx"}`;
}
