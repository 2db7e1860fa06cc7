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

/** Whether a word as written holds template syntax: every template mark has a `{`, `}`, `%` or `@`. */
export function holdsTemplateSyntax(raw: string): boolean {
  if (raw.includes('@') && AT_HOLE.test(raw)) return true;
  return (raw.includes('{') || raw.includes('}') || raw.includes('%')) && TEMPLATED.test(raw);
}

/** Whether a directive's words as written hold template syntax (the parser's `templated`). */
export function wordsTemplated(nameRaw: string, args: readonly { raw: string }[]): boolean {
  if (holdsTemplateSyntax(nameRaw)) return true;
  for (let i = 0; i < args.length; i++) if (holdsTemplateSyntax(args[i].raw)) return true;
  return false;
}

/** Template control tags (`{% if %}`, `<% %>`): the lines of a file with them may not all reach nginx. */
const CONTROL_TAGS = /\{%|<%/;

/**
 * What a run knows about templating, file by file: whether a file has control tags, whether it
 * is an envsubst template and what it defines. One per run (the query's), answered once per file.
 */
export class TemplateFacts {
  private readonly tags = new Map<SourceFile, boolean>();
  private readonly envsubstFiles = new Map<SourceFile, EnvsubstFile | null>();
  private lastSource: SourceFile | null = null;
  private lastEnvsubst: EnvsubstFile | null = null;

  /** Whether a template fills in the directive (its words, or an envsubst hole). */
  templated(d: NginxDirective): boolean {
    if (d.templated) return true;
    const env = this.envsubst(d.source);
    if (env === null) return false;
    if (hasEnvHole(d.nameWord.raw, env)) return true;
    for (let i = 0; i < d.args.length; i++) if (hasEnvHole(d.args[i].raw, env)) return true;
    return false;
  }

  /** Whether the file a directive sits in uses template control tags. */
  inTemplatedFile(d: NginxDirective): boolean {
    let tags = this.tags.get(d.source);
    if (tags === undefined) {
      tags = CONTROL_TAGS.test(d.source.text);
      this.tags.set(d.source, tags);
    }
    return tags;
  }

  /** Whether `source` is an envsubst template, and what it defines. */
  envsubst(source: SourceFile): EnvsubstFile | null {
    // Consecutive questions are mostly about one file.
    if (source === this.lastSource) return this.lastEnvsubst;
    let env = this.envsubstFiles.get(source);
    if (env === undefined) {
      env = envsubstOf(source);
      this.envsubstFiles.set(source, env);
    }
    this.lastSource = source;
    this.lastEnvsubst = env;
    return env;
  }
}

/** Whether a template fills in the directive, asked on its own (tests, one-off callers). */
export function isTemplated(d: NginxDirective): boolean {
  return new TemplateFacts().templated(d);
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
 * (nginx's own variables are lower case).
 */
export function envsubstOf(source: SourceFile): EnvsubstFile | null {
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
