// uwsgi/include: An ini/include/inherit names a file that cannot be loaded, or files that include each other in a cycle
// The resolve stage (src/uwsgi/resolve.ts) finds which; this rule words each case and gives it a
// severity: an error when uWSGI exits or crashes, an info when the file lies on the box only.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/include',
    description: 'An ini/include/inherit names a file that cannot be loaded, or files that include each other in a cycle',
    defaultSeverity: 'error',
    tags: ['include'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const problems = context.query.problems;
    for (const p of problems.uwsgi('include-cycle')) {
      context.report({
        span: p.span,
        message: `\`${p.key} = ${p.value}\` includes a file that is already being loaded (${p.stack.join(' -> ')}): uWSGI recurses until it crashes`,
      });
    }
    for (const p of problems.uwsgi('include-too-deep')) {
      context.report({ span: p.span, message: `\`${p.key} = ${p.value}\` is nested ${p.depth} includes deep, over the limit of ${p.limit}; not loaded` });
    }
    for (const p of problems.uwsgi('include-outside')) {
      context.report({
        span: p.span,
        severity: 'info',
        message: `\`${p.key} = ${p.value}\` points outside the linted tree (${p.path}), so it was not read; map it onto the repository with "pathMappings" (for example {"from": "${p.directory}", "to": "deploy/uwsgi"})`,
      });
    }
    for (const p of problems.uwsgi('include-missing')) {
      const r = p.relative;
      // core/ini.c opens a relative path from the directory uWSGI starts in; %d is the file's own.
      const hint = r ? ` (a relative path is taken from the directory uWSGI starts in${r.cwd ? `, here ${r.cwd}` : ''}, not from this file's; \`%d${r.written}\` is relative to this file)` : '';
      context.report({ span: p.span, message: `cannot read \`${p.path}\` for \`${p.key}\`: uWSGI exits at startup${hint}` });
    }
  },
};
