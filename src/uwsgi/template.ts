// Template syntax found in ini files that are rendered before uWSGI reads them (Jinja/Ansible,
// ERB, Go templates, envsubst, autoconf). Such text means nothing to uWSGI yet, so any value that
// carries it is unknown to the linter.

// `{{ x }}`, `{% x %}`, `{# x #}` (Jinja, Go, Mustache), `<%= x %>` (ERB), `${X}` (envsubst,
// shell), `@X@` (autoconf). Openers alone count too: `{% if %}` lines lose their `%` to magic.
const TEMPLATE = /\{\{|\}\}|\{%|%\}|\{#-?\s|<%|%>|\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}]*)?\}|@[A-Za-z_][A-Za-z0-9_]*@/;

export function hasTemplateSyntax(text: string): boolean {
  return TEMPLATE.test(text);
}
