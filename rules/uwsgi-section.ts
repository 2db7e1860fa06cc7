// uwsgi/section: the section uWSGI loads ([uwsgi] by default) is not in the file.
// Facts: core/ini.c compares the header text after `[` with its last character chopped, case-
// sensitively; a missing section only logs "Can't find section" and uWSGI loads nothing from the
// file (SEMANTICS.md §1). The finding comes from the resolver (src/uwsgi/resolve.ts).
import { reportParsed } from '../src/parsed-findings.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/section',
    description: 'The file has no [uwsgi] section (or not the one asked for): uWSGI loads nothing from it',
    defaultSeverity: 'error',
    tags: ['silent'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    reportParsed(context, 'uwsgi/section');
  },
};
