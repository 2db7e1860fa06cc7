// Whether a directive is filled in by a template engine (Jinja, ERB, envsubst, `@VAR@`) before
// nginx reads it: its value is then an unknown, never the cause of a finding.
import type { SourceFile } from '../source.js';
import type { NginxDirective } from './ast.js';

/** `{{ x }}`, `{% x %}`, `<% x %>`: text a template engine fills in before nginx reads it. */
export const TEMPLATED = /\{\{|\{%|<%|\}\}|%\}/;

/**
 * `@NAME@` (autoconf, sed-rendered templates). Its name takes every character a shape folds
 * (src/nginx/shape-cache.ts), so directives of one shape are holes or not alike.
 */
const AT_HOLE = /@[A-Za-z0-9._\-/:]+@/;

/** Whether a word may be templated: every template mark has a `{`, `}`, `%` or `@`. */
function mayBeTemplated(raw: string): boolean {
  if (raw.includes('@') && AT_HOLE.test(raw)) return true;
  return (raw.includes('{') || raw.includes('}') || raw.includes('%')) && TEMPLATED.test(raw);
}

/** Whether the directive's own text holds template syntax; kept on it once asked (shapes share it). */
export function templatedSyntax(d: NginxDirective): boolean {
  // Once per directive, kept on it: a dozen rules ask about every directive.
  if (d.templated === undefined) {
    let templated = mayBeTemplated(d.nameWord.raw);
    for (let i = 0; i < d.args.length && !templated; i++) templated = mayBeTemplated(d.args[i].raw);
    d.templated = templated;
  }
  return d.templated;
}

export function isTemplated(d: NginxDirective): boolean {
  if (templatedSyntax(d)) return true;
  const env = envsubstOf(d.source);
  if (env === null) return false;
  if (hasEnvHole(d.nameWord.raw, env)) return true;
  for (let i = 0; i < d.args.length; i++) if (hasEnvHole(d.args[i].raw, env)) return true;
  return false;
}

// envsubst, as the official nginx image runs it (docker-nginx entrypoint/20-envsubst-on-templates.sh):
// `/etc/nginx/templates/*.template` (and `*.stream-template`) are rendered with
// `envsubst "${A} ${B} ..."` listing only the variables defined in the container, so `$host` stays
// nginx's and `${NGINX_PORT}` / `$NGINX_PORT` are filled in.

/** Names that say a file is rendered before nginx reads it. */
const TEMPLATE_NAME = /\.(template|stream-template|tmpl|tpl)$|(^|\/)templates\//i;
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** nginx variables a config defines itself: `set $x`, `map ... $x {`, `geo $x {`, `perl_set $x`, ... */
const DEFINED = /(?:^|[\s;{}])(?:set|perl_set|js_set|set_by_lua\w*)\s+\$\{?([A-Za-z_][A-Za-z0-9_]*)|(?:^|[\s;{}])(?:map|geo|split_clients|map_hash\w*)\s+[^;{]*?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\s*\{/g;

export interface EnvsubstFile {
  /** nginx variables the file defines (lower case: nginx's variable names ignore case). */
  defined: Set<string>;
}

/**
 * Whether a file is an envsubst template, and what it defines: by its name (`*.template`, under
 * `templates/`), or by a `${NAME}` with an upper-case letter that the file does not define
 * (nginx's own variables are lower case). Kept on the source once asked.
 */
export function envsubstOf(source: SourceFile): EnvsubstFile | null {
  if (source.envsubst !== undefined) return source.envsubst;
  const text = source.text;
  let result: EnvsubstFile | null = null;
  const named = TEMPLATE_NAME.test(source.path.replace(/\\/g, '/'));
  if (named || text.includes('${')) {
    const defined = new Set<string>();
    for (const m of text.matchAll(DEFINED)) defined.add((m[1] ?? m[2]).toLowerCase());
    const file = { defined };
    if (named) result = file;
    else {
      for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
        if (isEnvName(m[1], file)) {
          result = file;
          break;
        }
      }
    }
  }
  source.envsubst = result;
  return result;
}

function isEnvName(name: string, file: EnvsubstFile): boolean {
  return /[A-Z]/.test(name) && !file.defined.has(name.toLowerCase());
}

function hasEnvHole(raw: string, file: EnvsubstFile): boolean {
  if (!raw.includes('$')) return false;
  for (const m of raw.matchAll(ENV_REFERENCE)) if (isEnvName(m[1] ?? m[2], file)) return true;
  return false;
}
