// nginx/syntax: nginx cannot parse the file: it stops with a syntax error, in nginx's own words
// The parse stage (src/nginx/parse.ts) finds where; this rule words each error as nginx -t does
// (src/core/ngx_conf_file.c ngx_conf_read_token, ngx_conf_parse) and gives it an id and a doc.
import type { Rule } from '../src/rule.js';
import type { NginxSyntaxProblem } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/syntax',
    description: 'nginx cannot parse the file: it stops with a syntax error, in nginx\'s own words',
    defaultSeverity: 'error',
    tags: ['syntax', 'nginx -t'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    for (const p of context.query.problems.nginx('syntax')) {
      const hint = p.error === 'unexpected' ? p.missingSemicolonAfter : undefined;
      // A template's branches (`{% if %}` ... `{% else %}` ... `{% endif %}` around two block heads)
      // are read one after the other here; rendered, one of them is left. Where the braces do not
      // balance, the rendering may: not certain.
      const branches = braceProblem(p) ? templateBranch(p.span.source.text) : null;
      context.report({
        span: p.span,
        message: branches ? `${message(p)}; the file is a template whose branches (\`${branches}\`) may open or close blocks differently once rendered: lint the rendered file to be sure` : message(p),
        ...(branches ? { severity: 'warning' as const } : {}),
        ...(hint ? { related: [{ span: hint.span, message: `is a ";" missing here, after "${hint.word}"?` }] } : {}),
      });
    }
  },
};

/** Whether the problem is where blocks open and close: what a template's branches can change. */
function braceProblem(p: NginxSyntaxProblem): boolean {
  return (p.error === 'unexpected' && (p.token === '}' || p.token === '{')) || p.error === 'unexpected-end';
}

/** The first control tag of a template language that chooses or repeats lines (Jinja/Django, Go and Helm, ERB), or null. */
const BRANCH_TAG = /\{%-?\s*(?:if|elif|else|for|endif|endfor)\b[^%\n]*-?%\}|\{\{-?\s*(?:if|else|end|range|with)\b[^}\n]*-?\}\}|<%-?\s*(?:if|elsif|else|unless|end)\b[^%\n]*-?%>/;

function templateBranch(text: string): string | null {
  return BRANCH_TAG.exec(text)?.[0] ?? null;
}

function message(p: NginxSyntaxProblem): string {
  switch (p.error) {
    case 'unexpected':
      return `unexpected "${p.token}"`;
    case 'unexpected-end':
      return p.expecting === 'statement-end' ? 'unexpected end of file, expecting ";" or "}"' : 'unexpected end of file, expecting "}"';
    case 'too-long-parameter':
      return p.quote ? `too long parameter, probably missing terminating "${p.quote}" character` : `too long parameter "${p.head}..." started`;
    case 'nested-too-deep':
      return `blocks nested more than ${p.maxDepth} deep: the rest of the file is not parsed`;
    case 'file-too-large':
      return `file is ${formatSize(p.size)}, over the ${formatSize(p.limit)} limit: not parsed`;
    case 'binary':
      return 'binary file (it contains NUL bytes): not an nginx configuration';
    case 'internal':
      return `internal parser error: ${p.detail}`;
    case 'too-many-errors':
      return `more than ${p.shown} syntax errors: the rest of the file is not checked (nginx stops at the first); fix the first ones and lint again`;
  }
}

function formatSize(chars: number): string {
  if (chars >= 1048576) return `${(chars / 1048576).toFixed(1)} MB`;
  if (chars >= 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${chars} characters`;
}
