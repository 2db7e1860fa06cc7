// lint/file-access: a file the linter did not read, and why: outside the linted tree, under
// /proc, /sys or /dev, not a regular file, permission denied, over "maxFileBytes", a path too
// long, or (as an info) read but not UTF-8, or passed over by a directory walk.
// The findings come from the read and resolve stages (src/file-access.ts is the one reader);
// this rule gives them an id, so they can be configured and suppressed like any other.
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

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
    reportParsed(context, 'lint/file-access');
  },
};
