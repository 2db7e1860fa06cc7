// Where a variable's value comes from, as far as the config tells: request data an attacker
// writes (headers, arguments, the decoded path), regex captures (and what their groups can
// match), `set` and `map` values followed a few steps. Used by nginx/ssrf, nginx/http-splitting
// and nginx/resolver-missing. Variables it cannot trace are treated as trusted: no guessing.
import type { NginxDirective } from '../ast.js';
import { locationName } from '../location.js';
import { directivesNamed, type Scope } from '../model.js';
import { canContain, parseRegex, type ParsedRegex, type Probe } from './regex.js';

export interface VariableUse {
  name: string;
  /** Offsets in the value. */
  start: number;
  end: number;
}

/** `$name`, `${name}`, `$1` in a directive argument's value. */
export function variablesIn(value: string): VariableUse[] {
  const uses: VariableUse[] = [];
  // Most values have no variable: rules ask about every header and parameter line.
  if (!value.includes('$')) return uses;
  const re = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) uses.push({ name: m[1] ?? m[2], start: m.index, end: m.index + m[0].length });
  return uses;
}

/** A regex in force for a scope, with the variable it was matched against ('uri' for locations). */
export interface RegexSource {
  directive: NginxDirective;
  subject: string;
  regex: ParsedRegex;
}

/** regexSources() by scope: a block's lines with a variable ask about the same regexes. */
const sourcesByScope = new WeakMap<Scope, readonly RegexSource[]>();

/** The regexes whose captures a directive in `scope` sees: `if` conditions and regex locations, innermost first. */
export function regexSources(scope: Scope): readonly RegexSource[] {
  let known = sourcesByScope.get(scope);
  if (!known) sourcesByScope.set(scope, (known = findRegexSources(scope)));
  return known;
}

function findRegexSources(scope: Scope): RegexSource[] {
  const sources: RegexSource[] = [];
  for (let s: Scope | null = scope; s; s = s.parent) {
    const d = s.directive;
    if (!d) continue;
    if (s.kind === 'location') {
      const r = locationRegex(d);
      if (r) sources.push({ directive: d, subject: 'uri', regex: r });
    } else if (s.kind === 'if') {
      const m = ifRegex(d);
      if (m) sources.push({ directive: d, subject: m.subject, regex: m.regex });
    }
  }
  return sources;
}

/** The regex of `location ~ re` / `location ~* re` / `location ~re`, parsed. */
export function locationRegex(d: NginxDirective): ParsedRegex | null {
  const location = locationName(d);
  return 'invalidModifier' in location || !location.regex ? null : parseRegex(location.name);
}

/** `if ($var ~ re)` / `~*` / `!~`, read as ngx_http_rewrite_if_condition does: `(` and `)` stripped from the ends. */
export function ifCondition(d: NginxDirective): { variable: string; operator: string; raw: string; word: NginxDirective['args'][number] } | null {
  const words = d.args.map((w) => w.value);
  const argWords = [...d.args];
  if (words[0]?.startsWith('(')) words[0] = words[0].slice(1);
  if (words[0] === '') {
    words.shift();
    argWords.shift();
  }
  const last = words.length - 1;
  if (words[last] === ')') {
    words.pop();
    argWords.pop();
  } else if (words[last]?.endsWith(')')) words[last] = words[last].slice(0, -1);
  if (words.length !== 3 || !/^\$[A-Za-z0-9_]+$/.test(words[0]) || !/^!?~\*?$/.test(words[1])) return null;
  return { variable: words[0], operator: words[1], raw: words[2], word: argWords[2] };
}

export function ifRegex(d: NginxDirective): { subject: string; regex: ParsedRegex } | null {
  const c = ifCondition(d);
  if (!c || c.operator.startsWith('!')) return null;
  const regex = parseRegex(c.raw);
  return regex ? { subject: c.variable.slice(1), regex } : null;
}

const REQUEST_VARIABLES = new Set(['host', 'args', 'query_string', 'request_uri', 'uri', 'document_uri', 'request', 'request_body', 'request_filename', 'fastcgi_path_info', 'remote_user']);

/** Variables that hold what the client wrote. */
export function fromRequest(name: string): boolean {
  return name.startsWith('http_') || name.startsWith('arg_') || name.startsWith('cookie_') || REQUEST_VARIABLES.has(name);
}

const DECODED_PATH_VARIABLES = new Set(['uri', 'document_uri', 'request_filename', 'fastcgi_script_name', 'fastcgi_path_info']);

/** Variables nginx fills with the percent-decoded path: `%0d%0a` in the request becomes CR LF here. */
export function decodedPath(name: string): boolean {
  return DECODED_PATH_VARIABLES.has(name);
}

export interface Taint {
  /** The variable written in the directive. */
  name: string;
  /** What it carries, for the message: `the decoded path`, `the "Host" header`, `capture $1 of "~ ^/(.*)$"`. */
  why: string;
}

export type CaptureTest = (regex: ParsedRegex, group: ParsedRegex['captures'][number], subject: string) => boolean;

/**
 * The first variable of `value` whose content the client controls in the way `test` asks:
 * `direct` for named variables, `capture` for regex groups (of regexes matched against request data).
 * `maps`: the config's `map` blocks.
 */
export function taintedVariable(scope: Scope, maps: readonly Scope[], value: string, direct: (name: string) => string | null, capture: CaptureTest, depth = 0): Taint | null {
  if (depth > 4) return null;
  for (const use of variablesIn(value)) {
    const hit = traceVariable(scope, maps, use.name, direct, capture, depth);
    if (hit) return { name: use.name, why: hit };
  }
  return null;
}

function traceVariable(scope: Scope, maps: readonly Scope[], name: string, direct: (name: string) => string | null, capture: CaptureTest, depth: number): string | null {
  const own = direct(name);
  if (own) return own;
  const sources = regexSources(scope);
  const isNumber = isCaptureNumber(name);
  for (const src of sources) {
    const group = isNumber ? src.regex.captures.find((g) => g.capture === Number(name)) : src.regex.captures.find((g) => g.name === name);
    if (!group) {
      if (isNumber) break; // $1 is the innermost regex's group, or empty
      continue;
    }
    if (!fromRequest(src.subject)) return null;
    return capture(src.regex, group, src.subject) ? `capture $${name} of the regex on $${src.subject}, which can hold it` : null;
  }
  if (isNumber) return null;
  // `set $name value;` in this block or an outer one (none at all in most configs: no walk up).
  for (let s: Scope | null = scope.namesInConfig.has('set') ? scope : null; s; s = s.parent) {
    for (const d of directivesNamed(s, 'set')) {
      if (d.args[0]?.value !== `$${name}` || d.args[1] === undefined) continue;
      const t = taintedVariable(scope, maps, d.args[1].value, direct, capture, depth + 1);
      if (t) return `set from $${t.name} (${t.why})`;
    }
  }
  // `map $source $name { ... }` in http: values that copy request data or the source's captures.
  let found: string | null = null;
  for (const s of mapsWriting(maps, `$${name}`)) {
    if (found) break;
    const source = s.directive?.args[0]?.value.replace(/^\$/, '') ?? '';
    for (const entry of s.directives) {
      const out = entry.args[0]?.value;
      if (out === undefined) continue;
      for (const use of variablesIn(out)) {
        if (/^[0-9]$/.test(use.name) || !['default', 'hostnames', 'include', 'volatile'].includes(entry.name) && entry.name.startsWith('~') && parseRegex(entry.name.replace(/^~\*?/, ''))?.captures.some((g) => g.name === use.name)) {
          const re = parseRegex(entry.name.replace(/^~\*?/, ''));
          const group = re?.captures.find((g) => (/^[0-9]$/.test(use.name) ? g.capture === Number(use.name) : g.name === use.name));
          if (re && group && fromRequest(source) && capture(re, group, source)) found = `mapped from $${source} by "${entry.name}"`;
        } else {
          const t = traceVariable(scope, maps, use.name, direct, capture, depth + 1);
          if (t) found = `mapped from $${use.name} (${t})`;
        }
        if (found) break;
      }
      if (found) break;
    }
  }
  return found;
}

/** The maps of each list by the variable they write (their second word): one walk of a config's maps, not one per variable traced. */
const mapsByOutput = new WeakMap<readonly Scope[], Map<string, Scope[]>>();
const NO_MAPS: readonly Scope[] = [];

function mapsWriting(maps: readonly Scope[], variable: string): readonly Scope[] {
  let index = mapsByOutput.get(maps);
  if (!index) {
    index = new Map();
    for (const s of maps) {
      const output = s.directive?.args[1]?.value;
      if (s.kind !== 'other' || output === undefined) continue;
      const list = index.get(output);
      if (list) list.push(s);
      else index.set(output, [s]);
    }
    mapsByOutput.set(maps, index);
  }
  return index.get(variable) ?? NO_MAPS;
}

/** `1` ... `9` (and `0`, the whole match): what `$1` names. */
function isCaptureNumber(name: string): boolean {
  return name.length === 1 && name >= '0' && name <= '9';
}

/** Whether a capture group can match the probe character. */
export function groupCan(group: ParsedRegex['captures'][number], probe: Probe): boolean {
  return canContain(group.body, probe);
}
