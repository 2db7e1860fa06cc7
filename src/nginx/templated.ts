// Whether a directive is filled in by a template engine (Jinja, ERB) before nginx reads it: its
// value is then an unknown, never the cause of a finding. Kept on the directive once asked.
import type { NginxDirective } from './ast.js';

/** `{{ x }}`, `{% x %}`, `<% x %>`: text a template engine fills in before nginx reads it. */
export const TEMPLATED = /\{\{|\{%|<%|\}\}|%\}/;

/** Whether a word may be templated: every template mark has a `{`, `}` or `%`. */
function mayBeTemplated(raw: string): boolean {
  return (raw.includes('{') || raw.includes('}') || raw.includes('%')) && TEMPLATED.test(raw);
}

export function isTemplated(d: NginxDirective): boolean {
  // Once per directive, kept on it: a dozen rules ask about every directive.
  if (d.templated === undefined) {
    let templated = mayBeTemplated(d.nameWord.raw);
    for (let i = 0; i < d.args.length && !templated; i++) templated = mayBeTemplated(d.args[i].raw);
    d.templated = templated;
  }
  return d.templated;
}
