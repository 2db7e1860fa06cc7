// The numbered captures of an nginx regex and the `$1`..`$9` that read them. nginx numbers
// captures as PCRE does: every capturing group, named or not, in the order of its `(`
// (ngx_http_regex_compile asks PCRE for the count). A reference is `$` and one digit 1-9
// (ngx_http_script_compile reads one digit: `$12` is capture 1 and the text "2").
//
// The groups are found by a walk over the parentheses, not by the full reader of regex.ts, so
// that a regex it cannot read (backreferences, `\p{..}`) still has its groups counted. Branch
// reset `(?|...)`, which numbers the groups of each branch anew, is not followed: null.

export interface CaptureRef {
  /** The group number, 1-9. */
  n: number;
  /** Offsets of `$N` in the value. */
  start: number;
  end: number;
}

/** The `$1`..`$9` of a value, in order. */
export function captureRefs(value: string): CaptureRef[] {
  const out: CaptureRef[] = [];
  if (!value.includes('$')) return out;
  for (let i = 0; i < value.length - 1; i++) {
    if (value[i] !== '$') continue;
    const c = value.charCodeAt(i + 1);
    if (c >= 49 && c <= 57) out.push({ n: c - 48, start: i, end: i + 2 });
  }
  return out;
}

/** Whether a value reads a capture (`$1` ... `$9`): captureRefs(value) is not empty, without making it. */
export function readsCapture(value: string): boolean {
  for (let i = value.indexOf('$'); i !== -1 && i < value.length - 1; i = value.indexOf('$', i + 1)) {
    const c = value.charCodeAt(i + 1);
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

/** Whether a value names a variable (`$host`, `${x}`) besides its captures. */
export function namesVariable(value: string): boolean {
  return /\$(?:[A-Za-z_]|\{)/.test(value);
}

/** The capturing groups of a regex: for each (index n-1 for group n), the group it sits in, or null at the top. */
export interface CaptureGroups {
  parents: (number | null)[];
}

export function captureGroups(source: string): CaptureGroups | null {
  const parents: (number | null)[] = [];
  // What each open `(` is: its group number, or 0 for a group that captures nothing.
  const open: number[] = [];
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source[i];
    if (c === '\\') {
      if (source[i + 1] === 'Q') {
        const close = source.indexOf('\\E', i + 2);
        if (close === -1) return { parents };
        i = close + 1;
      } else i++;
      continue;
    }
    if (c === '[') {
      i = classEnd(source, i);
      if (i < 0) return null;
      continue;
    }
    if (c === ')') {
      if (open.length === 0) return null;
      open.pop();
      continue;
    }
    if (c !== '(') continue;
    const next = source[i + 1];
    if (next === '*') {
      // A verb, (*UTF) (*MARK:x): no group.
      const close = source.indexOf(')', i);
      if (close === -1) return null;
      i = close;
      continue;
    }
    if (next !== '?') {
      parents.push(innermost(open));
      open.push(parents.length);
      continue;
    }
    const rest = source.slice(i + 2, i + 4);
    if (rest[0] === '#') {
      const close = source.indexOf(')', i);
      if (close === -1) return null;
      i = close;
      continue;
    }
    if (rest[0] === '|') return null;
    const named = (rest[0] === '<' && rest[1] !== '=' && rest[1] !== '!') || rest[0] === "'" || (rest[0] === 'P' && rest[1] === '<');
    if (named) {
      parents.push(innermost(open));
      open.push(parents.length);
    } else open.push(0);
  }
  return open.length === 0 ? { parents } : null;
}

function innermost(open: readonly number[]): number | null {
  for (let k = open.length - 1; k >= 0; k--) if (open[k] !== 0) return open[k];
  return null;
}

/** The index of the `]` closing the class opened at `start`, or -1. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[' && source[i + 1] === ':') {
      const close = source.indexOf(':]', i + 2);
      if (close !== -1) i = close + 1;
    } else if (c === ']') return i;
  }
  return -1;
}

/** Whether group `a` sits inside group `b` or `b` inside `a` (their matches overlap). */
export function nested(groups: CaptureGroups, a: number, b: number): boolean {
  const inside = (x: number, y: number) => {
    for (let p = groups.parents[x - 1]; p !== null && p !== undefined; p = groups.parents[p - 1]) if (p === y) return true;
    return false;
  };
  return inside(a, b) || inside(b, a);
}
