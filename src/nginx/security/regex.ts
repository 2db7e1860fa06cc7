// A small reader of the PCRE regexes nginx configs hold (location ~, if ~, rewrite, map ~):
// enough structure to ask what a capture can contain, whether a pattern is anchored, and
// whether it backtracks catastrophically. Unknown syntax makes the reader give up (null):
// rules then say nothing rather than guess.
// Over 400 lines: one reader and the questions asked of its tree (captures, anchors, loops) share
// the node types and the walk; split, each question would re-export the reader.

/** The characters rules ask about: can this part of the regex match one of them? */
export const PROBES = ['\n', '\r', '/', '.', 'a', '0', ' ', ':'] as const;
export type Probe = (typeof PROBES)[number];

export type RegexNode =
  | { t: 'char'; can: ReadonlySet<Probe>; start: number; end: number }
  | { t: 'assert'; kind: '^' | '$' | 'other'; start: number; end: number; lookahead?: RegexNode }
  | { t: 'seq'; items: RegexNode[]; start: number; end: number }
  | { t: 'alt'; branches: RegexNode[]; start: number; end: number }
  | { t: 'group'; capture: number | null; name: string | null; body: RegexNode; start: number; end: number }
  | { t: 'rep'; min: number; max: number; body: RegexNode; start: number; end: number };

export interface ParsedRegex {
  root: RegexNode;
  captures: Extract<RegexNode, { t: 'group' }>[];
}

const ALL = (): Set<Probe> => new Set(PROBES);
const only = (...c: Probe[]): Set<Probe> => new Set(c);
const minus = (out: ReadonlySet<Probe>): Set<Probe> => new Set(PROBES.filter((p) => !out.has(p)));

/**
 * One set object for each combination of probes (eight probes: 256 at most), shared by every
 * character node that matches that combination. The parsed regexes are kept (parseRegex), and a
 * set per node was most of their memory: 13,000 nodes in the varied benchmark config's regexes.
 * Sets handed out here are never changed.
 */
const sharedProbeSets = new Map<number, ReadonlySet<Probe>>();
/** The sets sharedProbeSet handed out: one of them needs no second look (most nodes are literals). */
const handedOut = new Set<ReadonlySet<Probe>>();

function sharedProbeSet(set: ReadonlySet<Probe>): ReadonlySet<Probe> {
  if (handedOut.has(set)) return set;
  let mask = 0;
  for (const p of set) mask |= 1 << PROBES.indexOf(p);
  const known = sharedProbeSets.get(mask);
  if (known) return known;
  sharedProbeSets.set(mask, set);
  handedOut.add(set);
  return set;
}

function charNode(can: ReadonlySet<Probe>, start: number, end: number): RegexNode {
  return { t: 'char', can: sharedProbeSet(can), start, end };
}

/** `.` without and with the `s` flag, made once. */
let dotSets: { line: ReadonlySet<Probe>; all: ReadonlySet<Probe> } | null = null;

function dotSet(dotAll: boolean): ReadonlySet<Probe> {
  dotSets ??= { line: sharedProbeSet(minus(only('\n'))), all: sharedProbeSet(ALL()) };
  return dotAll ? dotSets.all : dotSets.line;
}

/** escapeSet's answers by escaped character, made once each (sets handed out are never changed). */
const escapeSets = new Map<string, ReadonlySet<Probe> | null>();

function sharedEscapeSet(c: string): ReadonlySet<Probe> | null {
  let set = escapeSets.get(c);
  if (set === undefined) {
    const made = escapeSet(c);
    set = made === null ? null : sharedProbeSet(made);
    if (escapeSets.size < 256) escapeSets.set(c, set);
  }
  return set;
}

function escapeSet(c: string): ReadonlySet<Probe> | null {
  switch (c) {
    case 'd': return only('0');
    case 'D': return minus(only('0'));
    case 'w': return only('a', '0');
    case 'W': return minus(only('a', '0'));
    case 's': return only('\n', '\r', ' ');
    case 'S': return minus(only('\n', '\r', ' '));
    case 'n': return only('\n');
    case 'r': return only('\r');
    case 'h': return only(' ');
    case 'R': case 'v': case 'N': return c === 'N' ? minus(only('\n')) : only('\n', '\r');
    case 't': case 'f': case 'e': case 'a': return new Set();
    default:
      if (/[0-9A-Za-z]/.test(c)) return null; // backreferences, \p{..}, \x..: not read
      return literal(c);
  }
}

/** The probe sets of single characters, made once each (a regex is mostly literal characters). */
const literalSets = new Map<string, ReadonlySet<Probe>>();

function literal(c: string): ReadonlySet<Probe> {
  let known = literalSets.get(c);
  if (known) return known;
  const s = new Set<Probe>();
  for (const p of PROBES) if (p === c || (p === 'a' && /[A-Za-z]/.test(c)) || (p === '0' && /[0-9]/.test(c))) s.add(p);
  // A letter or digit stands for its kind only when it is that probe; others match no probe but themselves.
  if (/[A-Za-z]/.test(c) && c.toLowerCase() !== 'a') s.delete('a');
  if (/[0-9]/.test(c) && c !== '0') s.delete('0');
  known = sharedProbeSet(s);
  if (literalSets.size < 4096) literalSets.set(c, known);
  return known;
}

/**
 * Parses `source`; `caseless` for ~* (only matters for literals, which probes treat alike). A
 * run asks for the same regex many times (several rules, every location of generated vhosts):
 * the answers of a pure function of the text are kept, at most PARSED_KEPT of them. Callers
 * treat the result as read-only.
 */
export function parseRegex(source: string): ParsedRegex | null {
  let parsed = parsedRegexes.get(source);
  if (parsed === undefined) {
    if (parsedRegexes.size >= PARSED_KEPT) parsedRegexes.clear();
    parsed = parseRegexText(source);
    parsedRegexes.set(source, parsed);
  }
  return parsed;
}

const PARSED_KEPT = 4096;
const parsedRegexes = new Map<string, ParsedRegex | null>();

function parseRegexText(source: string): ParsedRegex | null {
  let i = 0;
  let dotAll = false;
  const captures: ParsedRegex['captures'] = [];
  const fail = (): never => {
    throw new Error('unreadable');
  };

  const parseAlt = (): RegexNode => {
    const start = i;
    const branches = [parseSeq()];
    while (source[i] === '|') {
      i++;
      branches.push(parseSeq());
    }
    return branches.length === 1 ? branches[0] : { t: 'alt', branches, start, end: i };
  };

  const parseSeq = (): RegexNode => {
    const start = i;
    const items: RegexNode[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      let atom = parseAtom();
      if (atom === null) continue;
      atom = parseQuantifier(atom);
      items.push(atom);
    }
    return { t: 'seq', items, start, end: i };
  };

  const parseQuantifier = (atom: RegexNode): RegexNode => {
    for (;;) {
      const c = source[i];
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{(\d*)(,?)(\d*)\}/.exec(source.slice(i));
        if (!m || (m[1] === '' && m[3] === '')) return atom; // a literal {
        min = m[1] === '' ? 0 : Number(m[1]);
        max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
        i += m[0].length - 1;
      } else return atom;
      i++;
      if (source[i] === '?' || source[i] === '+') i++; // lazy or possessive
      atom = { t: 'rep', min, max, body: atom, start: atom.start, end: i };
    }
  };

  const parseAtom = (): RegexNode | null => {
    const start = i;
    const c = source[i++];
    if (c === '^' || c === '$') return { t: 'assert', kind: c, start, end: i };
    if (c === '.') return charNode(dotSet(dotAll), start, i);
    if (c === '[') return parseClass(start);
    if (c === '\\') {
      const e = source[i++];
      if (e === undefined) fail();
      // \A is `^` without multiline, \z and \Z are `$`: the anchors of the string.
      if (e === 'A') return { t: 'assert', kind: '^', start, end: i };
      if (e === 'z' || e === 'Z') return { t: 'assert', kind: '$', start, end: i };
      if ('bBG'.includes(e)) return { t: 'assert', kind: 'other', start, end: i };
      if (e === 'Q') {
        const close = source.indexOf('\\E', i);
        const text = source.slice(i, close === -1 ? source.length : close);
        i = close === -1 ? source.length : close + 2;
        return { t: 'seq', items: [...text].map((ch) => charNode(literal(ch), start, i)), start, end: i };
      }
      const set = sharedEscapeSet(e);
      if (set === null) fail();
      return charNode(set!, start, i);
    }
    if (c === '(' && source[i] === '*') {
      // A PCRE verb, `(*UTF)`, `(*COMMIT)`, `(*MARK:x)`: no group, matches nothing.
      const close = source.indexOf(')', i);
      if (close === -1) fail();
      i = close + 1;
      return { t: 'assert', kind: 'other', start, end: i };
    }
    if (c === '(') {
      let capture: number | null = null;
      let name: string | null = null;
      if (source[i] === '?') {
        const rest = source.slice(i);
        const named = /^\?(?:P?<|')([A-Za-z_]\w*)[>']/.exec(rest);
        if (named) {
          name = named[1];
          capture = captures.length + 1;
          i += named[0].length;
        } else if (/^\?[:>|]/.test(rest)) {
          i += 2;
        } else if (/^\?<?[=!]/.test(rest)) {
          i += rest[1] === '<' ? 3 : 2;
          const body = parseAlt();
          if (source[i++] !== ')') fail();
          return rest.startsWith('?=') ? { t: 'assert', kind: 'other', start, end: i, lookahead: body } : { t: 'assert', kind: 'other', start, end: i };
        } else {
          const flags = /^\?([a-zA-Z-]*)(:|\))/.exec(rest);
          if (!flags) fail();
          if (/s/.test(flags![1].split('-')[0])) dotAll = true;
          i += flags![0].length;
          if (flags![2] === ')') return null;
        }
      } else {
        capture = captures.length + 1;
      }
      const group = { t: 'group' as const, capture, name, body: null as unknown as RegexNode, start, end: 0 };
      if (capture !== null) captures.push(group);
      group.body = parseAlt();
      if (source[i++] !== ')') fail();
      group.end = i;
      return group;
    }
    if (c === ')') fail();
    return charNode(literal(c), start, i);
  };

  const parseClass = (start: number): RegexNode => {
    let negate = false;
    if (source[i] === '^') {
      negate = true;
      i++;
    }
    const can = new Set<Probe>();
    let first = true;
    while (i < source.length && (source[i] !== ']' || first)) {
      first = false;
      let set: ReadonlySet<Probe>;
      let lo: string | null = null;
      if (source.startsWith('[:', i)) {
        const close = source.indexOf(':]', i);
        if (close === -1) fail();
        const cls = source.slice(i + 2, close).replace(/^\^/, '');
        i = close + 2;
        set = cls === 'space' ? only('\n', '\r', ' ') : cls === 'digit' ? only('0') : cls === 'alpha' || cls === 'lower' || cls === 'upper' ? only('a') : cls === 'alnum' || cls === 'word' ? only('a', '0') : ALL();
      } else if (source[i] === '\\') {
        const e = source[i + 1];
        i += 2;
        const s = sharedEscapeSet(e ?? '');
        if (s === null) fail();
        set = s!;
        if (e !== undefined && !/[dDwWsShRvN]/.test(e)) lo = e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
      } else {
        lo = source[i++];
        set = literal(lo);
      }
      if (lo !== null && source[i] === '-' && source[i + 1] !== ']' && i + 1 < source.length) {
        let hi = source[i + 1];
        i += 2;
        if (hi === '\\') {
          const e = source[i++];
          hi = e === 'n' ? '\n' : e === 'r' ? '\r' : e;
        }
        set = new Set(PROBES.filter((p) => rangeHas(lo!, hi, p)));
      }
      for (const p of set) can.add(p);
    }
    if (source[i++] !== ']') fail();
    return charNode(negate ? minus(can) : can, start, i);
  };

  try {
    const root = parseAlt();
    if (i !== source.length) return null;
    return { root, captures };
  } catch {
    return null;
  }
}

function rangeHas(lo: string, hi: string, p: Probe): boolean {
  const a = lo.charCodeAt(0);
  const b = hi.charCodeAt(0);
  const probeChars = p === 'a' ? 'az' : p === '0' ? '09' : p;
  return [...probeChars].some((ch) => ch.charCodeAt(0) >= a && ch.charCodeAt(0) <= b);
}

/** Whether the node can match some string containing the probe character. */
export function canContain(node: RegexNode, probe: Probe): boolean {
  switch (node.t) {
    case 'char':
      return node.can.has(probe);
    case 'assert':
      return false;
    case 'seq':
      return node.items.some((n) => canContain(n, probe));
    case 'alt':
      return node.branches.some((n) => canContain(n, probe));
    case 'group':
      return canContain(node.body, probe);
    case 'rep':
      return node.max > 0 && canContain(node.body, probe);
  }
}

/** Whether the node can match the empty string. */
export function nullable(node: RegexNode): boolean {
  switch (node.t) {
    case 'char':
      return false;
    case 'assert':
      return true;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.branches.some(nullable);
    case 'group':
      return nullable(node.body);
    case 'rep':
      return node.min === 0 || nullable(node.body);
  }
}

/** Whether the node can match a non-empty string. */
function consumes(node: RegexNode): boolean {
  switch (node.t) {
    case 'char':
      return node.can.size > 0 || true;
    case 'assert':
      return false;
    case 'seq':
      return node.items.some(consumes);
    case 'alt':
      return node.branches.some(consumes);
    case 'group':
      return consumes(node.body);
    case 'rep':
      return node.max > 0 && consumes(node.body);
  }
}

/**
 * Whether one match of the node can itself be split into several matches of an unbounded
 * repetition inside it: the node is such a repetition, or all it needs besides one is optional.
 */
function repeatsWithin(node: RegexNode): boolean {
  switch (node.t) {
    case 'rep':
      return (node.max === Infinity && consumes(node.body)) || (node.max > 0 && repeatsWithin(node.body));
    case 'group':
      return repeatsWithin(node.body);
    case 'alt':
      return node.branches.some(repeatsWithin);
    case 'seq': {
      const needed = node.items.filter((n) => !nullable(n));
      if (needed.length === 0) return node.items.some(repeatsWithin);
      return needed.length === 1 && repeatsWithin(needed[0]);
    }
    default:
      return false;
  }
}

/**
 * The unbounded repetitions whose body is itself an unbounded repetition plus optional parts:
 * `(a+)+`, `(.*)*`, `(\w+\d*)+`, `(?:x|y+)*`. On a near-miss input PCRE tries every way to split
 * the text between the two loops: time exponential in the input's length.
 */
export function nestedQuantifiers(parsed: ParsedRegex): Extract<RegexNode, { t: 'rep' }>[] {
  return unboundedRepeatsOf(parsed, repeatsWithin);
}

/** The outermost unbounded repetitions whose body `bad` accepts (none inside a found one). */
function unboundedRepeatsOf(parsed: ParsedRegex, bad: (body: RegexNode) => boolean): Extract<RegexNode, { t: 'rep' }>[] {
  const found: Extract<RegexNode, { t: 'rep' }>[] = [];
  const walk = (n: RegexNode) => {
    if (n.t === 'rep' && n.max === Infinity && bad(n.body)) {
      found.push(n);
      return;
    }
    if (n.t === 'seq') n.items.forEach(walk);
    else if (n.t === 'alt') n.branches.forEach(walk);
    else if (n.t === 'group' || n.t === 'rep') walk(n.body);
  };
  walk(parsed.root);
  return found;
}

/** The node a group or a one-item sequence stands for. */
function unwrap(n: RegexNode): RegexNode {
  while ((n.t === 'group' && n.body) || (n.t === 'seq' && n.items.length === 1)) n = n.t === 'group' ? n.body : (n as Extract<RegexNode, { t: 'seq' }>).items[0];
  return n;
}

/**
 * The unbounded repetitions of an alternation with two one-character branches that can match the
 * same character: `(\w|\d)+`, `(.|\s)*`, `([^/]|\.)+`. Each such character can be taken by
 * either branch, so on a near-miss input PCRE tries 2^n ways: time exponential in its length.
 */
export function ambiguousAlternationLoops(parsed: ParsedRegex): Extract<RegexNode, { t: 'rep' }>[] {
  return unboundedRepeatsOf(parsed, (body) => {
    const alt = unwrap(body);
    if (alt.t !== 'alt') return false;
    const sets = alt.branches.map(unwrap).filter((b): b is Extract<RegexNode, { t: 'char' }> => b.t === 'char').map((b) => b.can);
    for (let a = 0; a < sets.length; a++) for (let b = a + 1; b < sets.length; b++) for (const p of sets[a]) if (sets[b].has(p)) return true;
    return false;
  });
}

/** Whether every branch of the top level starts with `^` (or \A). */
export function anchoredAtStart(parsed: ParsedRegex): boolean {
  const starts = (n: RegexNode): boolean => {
    if (n.t === 'assert') return n.kind === '^';
    if (n.t === 'seq') return n.items.length > 0 && starts(n.items[0]);
    if (n.t === 'alt') return n.branches.every(starts);
    if (n.t === 'group') return starts(n.body);
    return false;
  };
  return starts(parsed.root);
}

/**
 * Whether every match of the regex passes an anchor: `^`/`\A` or `$`/`\z`/`\Z` on each branch
 * of the top level, reached on every path (not under `?` or `*`), or inside a lookahead
 * (`(?=^/a)`). A regex for which this is false matches its text anywhere in the subject.
 */
export function anchoredSomewhere(parsed: ParsedRegex): boolean {
  const anchored = (n: RegexNode): boolean => {
    switch (n.t) {
      case 'assert':
        return n.kind !== 'other' || (n.lookahead !== undefined && anchored(n.lookahead));
      case 'seq':
        return n.items.some(anchored);
      case 'alt':
        return n.branches.every(anchored);
      case 'group':
        return anchored(n.body);
      case 'rep':
        return n.min >= 1 && anchored(n.body);
      default:
        return false;
    }
  };
  return anchored(parsed.root);
}
