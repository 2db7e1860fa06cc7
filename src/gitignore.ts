// .gitignore patterns, as gitignore(5) reads them, for directory walks: a walk does not enter
// what git would not track. Covered: comments and blank lines, `\#` and `\!`, trailing spaces,
// `!` negation (the last matching pattern wins), a `/` at the start or in the middle anchors the
// pattern to the .gitignore's directory, a trailing `/` matches directories only, `*`, `?`,
// `[...]` (with `!` or `^` negation) that never match `/`, and `**` as a whole segment.

export interface IgnoreRule {
  readonly regex: RegExp;
  readonly negated: boolean;
  readonly directoryOnly: boolean;
}

/** The rules of one .gitignore, in file order. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    // Trailing spaces are dropped unless escaped with a backslash.
    line = line.replace(/(?<!\\)[ ]+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let directoryOnly = false;
    if (line.endsWith('/') && !line.endsWith('\\/')) {
      directoryOnly = true;
      line = line.slice(0, -1);
    }
    if (line === '') continue;
    // A slash anywhere but at the end anchors the pattern to the .gitignore's directory.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRegExpSource(line);
    if (body === null) continue;
    rules.push({ regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negated, directoryOnly });
  }
  return rules;
}

/**
 * Whether `relative` (slash-separated, from the .gitignore's directory) is ignored by `rules`:
 * the last rule that matches decides. Undefined when none matches (an outer file may decide).
 */
export function matchIgnore(rules: readonly IgnoreRule[], relative: string, isDirectory: boolean): boolean | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i];
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.regex.test(relative)) return !rule.negated;
  }
  return undefined;
}

/** A gitignore glob as a regular expression body; null when it cannot match anything. */
function globToRegExpSource(glob: string): string | null {
  const segments = glob.split('/');
  let out = '';
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    const last = s === segments.length - 1;
    if (segment === '**') {
      // `**/` at the start or in the middle: zero or more directories; `/**` at the end: everything inside.
      out += last ? (s === 0 ? '.*' : '.*') : '(?:[^/]+/)*';
      continue;
    }
    out += segmentSource(segment);
    if (!last) out += '/';
  }
  // `a/**` must not match `a` itself, only what is inside.
  if (segments.length > 1 && segments[segments.length - 1] === '**') out = out.replace(/\.\*$/, '.+');
  return out;
}

function segmentSource(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) {
      out += escape(segment[++i]);
    } else if (c === '*') {
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = classEnd(segment, i);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      out += `[${negate ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]').replace(/\[/g, '\\[')}]`;
      i = close;
    } else {
      out += escape(c);
    }
  }
  return out;
}

/** Index of the `]` closing a class opened at `open` (a `]` right after `[` or `[!` is literal). */
function classEnd(segment: string, open: number): number {
  let i = open + 1;
  if (segment[i] === '!' || segment[i] === '^') i++;
  if (segment[i] === ']') i++;
  const close = segment.indexOf(']', i);
  return close;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
