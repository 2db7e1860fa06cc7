// uwsgi/syntax: uWSGI cannot read the file as an ini (binary, too large, broken logic blocks)
// The parse and resolve stages (src/uwsgi/parse.ts, resolve.ts) find where; this rule words each
// problem and gives it its severity: an unclosed logic block is a warning, uWSGI still starts.
import type { Report, Rule } from '../src/rule.js';
import type { UwsgiSyntaxProblem } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/syntax',
    description: 'uWSGI cannot read the file as an ini (binary, too large, broken logic blocks)',
    defaultSeverity: 'error',
    tags: ['syntax'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    for (const p of context.query.problems.uwsgi('syntax')) context.report(report(p));
  },
};

function report(p: UwsgiSyntaxProblem): Report {
  const span = p.span;
  switch (p.error) {
    case 'file-too-large':
      return { span, message: `file is ${p.size} characters long, over the ${p.limit} limit for a uWSGI ini; not parsed` };
    case 'binary':
      return { span, message: 'file looks binary, not like a uWSGI ini (control characters or invalid UTF-8); not parsed' };
    case 'nul':
      return { span, message: 'NUL byte in the file: uWSGI reads each line as a C string and ignores everything after it on that line; remove it' };
    case 'nested-logic':
      // core/logic.c: a logic option met while a block is open.
      return {
        span,
        message: `\`${p.key}\` inside the \`${p.opener}\` block opened on line ${p.openerLine}: uWSGI exits with "recursive logic in options is not supported"; close that block (\`end${p.openerKind}\`) first`,
        related: [{ span: p.openerSpan, message: `\`${p.opener}\` block opened here` }],
      };
    case 'unclosed-logic':
      return {
        span,
        severity: 'warning',
        message: `\`${p.key}\` block is never closed: uWSGI applies it to every later option of section [${p.section}], including files loaded after this one; add \`${p.closer}\``,
      };
    case 'set-without-name':
      return { span, message: `\`${p.key}\` needs \`name=value\`: uWSGI exits with "invalid placeholder/--set value"` };
  }
}
