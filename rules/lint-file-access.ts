// lint/file-access: a file the linter did not read, and why: outside the linted tree, under
// /proc, /sys or /dev, not a regular file, permission denied, over "maxFileBytes", a path too
// long, or (as an info) read but not UTF-8, or passed over by a directory walk.
// The read and resolve stages find them (src/file-access.ts is the one reader); this rule words
// them and gives them an id, so they can be configured and suppressed like any other.
import type { Rule } from '../src/rule.js';
import { adviceFor, describeProblem } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'lint/file-access',
    description: 'A file the linter did not read (outside the linted tree, not a regular file, unreadable, too large), or read but not UTF-8',
    defaultSeverity: 'warning',
    tags: ['files'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const problems = context.query.problems;
    for (const p of problems.files('file-unreadable')) {
      // Passed over by a walk: an info; refused on purpose (outside the tree, a kernel file): a
      // warning; named to lint and could not be read as asked: an error.
      const severity = p.skipped ? 'info' : p.problem.problem === 'outside' || p.problem.problem === 'special' ? 'warning' : 'error';
      const prefix = p.skipped ? 'skipped by the directory walk: ' : '';
      context.report({ span: p.span, severity, message: `${prefix}this path ${describeProblem(p.problem)}: ${adviceFor(p.problem)}` });
    }
    for (const p of problems.files('not-utf8')) {
      context.report({
        span: p.span,
        severity: 'info',
        message: 'the file is not valid UTF-8 (first here): it is linted with U+FFFD in place of each byte that is not, so columns on such lines count those; nginx and uWSGI read the bytes as they are',
      });
    }
    // The linter's own reach, not the server's: what nginx or uWSGI find there on the box is not known here.
    for (const p of problems.nginx('include-unreadable')) {
      context.report({ span: p.span, message: `include "${p.written}" ${describeProblem(p.problem)}: ${adviceFor(p.problem)}` });
    }
    for (const p of problems.uwsgi('include-unreadable')) {
      context.report({ span: p.span, message: `\`${p.key} = ${p.value}\`: ${p.path === undefined ? 'this path' : `\`${p.path}\``} ${describeProblem(p.problem)}: ${adviceFor(p.problem)}` });
    }
  },
};
