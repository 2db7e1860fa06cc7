// nginx/capture-after-args-rewrite: CVE-2026-42945 (nginx 0.6.27 to 1.30.0, fixed in 1.30.1 and
// 1.31.0). A rewrite whose replacement has a `?` (not only a final one, which nginx strips:
// ngx_http_rewrite) switches the script engine to argument escaping (e->is_args) and leaves it
// on. A later `set` value, or an `if` comparison value or file test (`if ($a = $1)`,
// `if (-f /srv/$1)`), that reads a numbered capture is sized by a fresh engine that does not
// escape and written by the main one that does: `+`, `&`, `%` of the request grow to three bytes
// each, past the end of the buffer (heap overflow in the worker; remote code execution shown
// where ASLR is off). Not affected: a rewrite that ends the rewrite phase (last, break, redirect,
// permanent, or a replacement starting with http://, https://, $scheme), a line after an
// unconditional `return` or `break;`, `return $1` and regex conditions (not a complex value),
// `if ($1)` (nginx -t refuses it). The walk follows the block of the rewrite and, from an `if`,
// the block around it (the flag outlives the `if`), never past a location.
// Warning: only the nginx build decides (distributions backport the fix without a new
// version); silent when settings.nginxVersion names a fixed release.
import { captureRefs, nginxHasFix, relatedAt, wordSpan, type NginxDirective, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const ENDS_REWRITE_PHASE = new Set(['last', 'break', 'redirect', 'permanent']);
const FILE_TESTS = new Set(['-f', '!-f', '-d', '!-d', '-e', '!-e', '-x', '!-x']);

/** The words of an `if` condition, parentheses taken off. */
function conditionWords(d: NginxDirective): string[] {
  const words = d.args.map((w) => w.value);
  if (words[0]?.startsWith('(')) words[0] = words[0].slice(1);
  if (words[0] === '') words.shift();
  const last = words.length - 1;
  if (words[last] === ')') words.pop();
  else if (words[last]?.endsWith(')')) words[last] = words[last].slice(0, -1);
  return words;
}

/** The line (this one, or one inside this `if`) that reads a capture as a complex value. */
function readsCapture(d: NginxDirective): NginxDirective | null {
  if (d.name === 'set') return d.args[1] && captureRefs(d.args[1].value).length > 0 ? d : null;
  if (d.name !== 'if' || !d.block) return null;
  const w = conditionWords(d);
  if (w.length === 3 && (w[1] === '=' || w[1] === '!=') && captureRefs(w[2]).length > 0) return d;
  if (w.length === 2 && FILE_TESTS.has(w[0]) && captureRefs(w[1]).length > 0) return d;
  for (const child of d.block) {
    const found = readsCapture(child);
    if (found) return found;
  }
  return null;
}

/** The first line after `d` that reads a capture before the rewrite phase surely stops. */
function captureReadAfter(scope: Scope, d: NginxDirective): NginxDirective | null {
  let level: Scope | null = scope;
  let node = d;
  while (level) {
    const lines = level.directives;
    for (let k = lines.indexOf(node) + 1; k < lines.length; k++) {
      const s = lines[k];
      if (s.name === 'return' || (s.name === 'break' && !s.block)) return null;
      const found = readsCapture(s);
      if (found) return found;
    }
    if (level.kind !== 'if' || !level.directive) return null;
    node = level.directive;
    level = level.parent;
  }
  return null;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/capture-after-args-rewrite',
    description: 'A rewrite with "?" followed by a set or if reading $1..$9: heap overflow on nginx before 1.30.1 (CVE-2026-42945)',
    defaultSeverity: 'warning',
    tags: ['security'],
    securitySeverity: 8.1,
    fixable: false,
    precision: 'high',
    gixy: ['unnamed_groups'],
  },
  check(context) {
    if (nginxHasFix(context.project.settings.nginxVersion, ['1.30.1', '1.31.0']) === true) return;
    for (const { directive: d, scope } of context.query.nginx.directives('rewrite')) {
      const replacement = d.args[1];
      if (!replacement) continue;
      const text = replacement.value;
      const withoutFinal = text.endsWith('?') ? text.slice(0, -1) : text;
      if (!withoutFinal.includes('?')) continue;
      if ((d.args[2] && ENDS_REWRITE_PHASE.has(d.args[2].value)) || /^(https?:\/\/|\$scheme)/.test(text)) continue;
      const reader = captureReadAfter(scope, d);
      if (!reader) continue;
      context.report({
        span: wordSpan(d, replacement),
        message: `"${text}" has a "?", so nginx escapes what follows as arguments and stays in that mode, and "${reader.name} ${reader.args.map((a) => a.raw).join(' ')}" then reads a numbered capture: on nginx before 1.30.1 (stable) or 1.31.0 (mainline) its escaped copy overflows a buffer sized for the raw bytes, a heap overflow any request can trigger (CVE-2026-42945); upgrade nginx (then set "nginxVersion" so the linter knows), or capture a named group ((?<name>...)) and read $name there`,
        related: [relatedAt(reader, 'reads a numbered capture after the rewrite')],
      });
    }
  },
};
