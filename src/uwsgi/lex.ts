// Lexes the substituted text of a uWSGI ini into lines with grammars/uwsgi-ini.ohm. Lines of one
// shape lex alike, so the grammar matches each shape once (lexLines); lexWhole matches the whole
// text, for the test that keeps the two equal (test/uwsgi-line-shape-equivalence.test.ts).
import type { NonterminalNode } from 'ohm-js';
import grammar from '../../grammars/uwsgi-ini.ohm-bundle.js';

const CHUNK_SIZE = 32 * 1024;

/** One line as the grammar lexed it, offsets in the substituted text. */
export interface LexedLine {
  kind: 'header' | 'comment' | 'entry';
  start: number;
  /** header/comment: the text after `[`/`;`; entry: the key. */
  textStart: number;
  textEnd: number;
  /** entry: offset of `=`, or -1. */
  equalsAt: number;
  valueStart: number;
  valueEnd: number;
}

let sink: LexedLine[] = [];
let chunkBase = 0;

/** A header or comment line: where it starts and the text after its `[`, `;` or `#`. */
function markLine(kind: 'header' | 'comment', start: number, text: NonterminalNode): void {
  sink.push({ kind, start: start + chunkBase, textStart: text.source.startIdx + chunkBase, textEnd: text.source.endIdx + chunkBase, equalsAt: -1, valueStart: -1, valueEnd: -1 });
}

const semantics = grammar.createSemantics().addOperation<void>('collect', {
  lines(first, _newlines, rest) {
    first.collect();
    for (const line of rest.children) line.collect();
  },
  line(_blanks, body) {
    body.collect();
  },
  header(_open, text) {
    markLine('header', this.source.startIdx, text);
  },
  comment(_mark, text) {
    markLine('comment', this.source.startIdx, text);
  },
  entry(key, equals, value) {
    const hasEquals = equals.children.length > 0;
    sink.push({
      kind: 'entry',
      start: this.source.startIdx + chunkBase,
      textStart: key.source.startIdx + chunkBase,
      textEnd: key.source.endIdx + chunkBase,
      equalsAt: hasEquals ? equals.children[0].source.startIdx + chunkBase : -1,
      valueStart: hasEquals ? value.children[0].source.startIdx + chunkBase : -1,
      valueEnd: hasEquals ? value.children[0].source.endIdx + chunkBase : -1,
    });
  },
});

/**
 * Lexes text into lines with one grammar match over the whole text (in chunks of whole lines,
 * each chunk's match result dropped once its lines are collected). The reference lexLines must equal.
 */
export function lexWhole(text: string, visit: (line: LexedLine) => void): void {
  let from = 0;
  while (from <= text.length) {
    let to = text.length;
    if (to - from > CHUNK_SIZE) {
      const newline = text.indexOf('\n', from + CHUNK_SIZE);
      if (newline !== -1) to = newline;
    }
    const lines = collect(text.slice(from, to), 'lines', from);
    for (const line of lines) visit(line);
    from = to + 1;
  }
}

/** The lines the grammar finds in `text` from `startRule`, offsets moved by `base`. */
function collect(text: string, startRule: 'lines' | 'line', base: number): LexedLine[] {
  const match = grammar.match(text, startRule);
  // The grammar is total; a failure would be a bug in it, not in the input.
  if (match.failed()) throw new Error(`uwsgi-ini grammar failed: ${match.message ?? ''}`);
  const lines: LexedLine[] = [];
  sink = lines;
  chunkBase = base;
  try {
    semantics(match).collect();
  } finally {
    sink = [];
  }
  return lines;
}

// Line shapes. After its leading blanks, the grammar reads a line by its first character (`[`,
// `;`, `#` or another) and its first `=`; every other character is one of a range it repeats
// over (key, text), so a run of them lexes as one of them does, and the leading blanks as one
// blank. A line folded into its shape (each run of blanks one " ", each run of other characters
// one "a", `[ ; # =` kept) therefore lexes as the line does, with offsets at the same run
// boundaries. What the grammar must keep for this is at the top of grammars/uwsgi-ini.ohm.

/** Shapes longer than this are matched as their line, not cached (rare, and rarely repeat). */
const CACHEABLE_SHAPE = 512;
/** The cache starts over when it holds this many shapes. */
const CACHE_ENTRIES = 20000;
/** A shape the grammar has lexed, its offsets in shape characters; shapes whose hashes collide are chained. */
interface CachedShape {
  codes: Uint16Array;
  lexed: LexedLine;
  next: CachedShape | undefined;
}
/** By a hash of the shape's characters: a line is looked up without making its shape a string. */
const lineShapes = new Map<number, CachedShape>();
let cachedShapes = 0;
/** at[k]: offset in the text of shape character k; at[length]: the line's end. */
const at = new Int32Array(CACHEABLE_SHAPE + 1);
const shapeCodes = new Uint16Array(CACHEABLE_SHAPE);
const BLANK_RUN = 0x20;
const OTHER_RUN = 0x61;

/** The shape character of a UTF-16 code unit (never called on "\n"). */
function shapeCode(c: number): number {
  if (c === 0x20 || c === 0x09 || c === 0x0d) return BLANK_RUN;
  if (c === 0x5b || c === 0x3b || c === 0x23 || c === 0x3d) return c;
  return OTHER_RUN;
}

function isShape(cached: CachedShape, length: number): boolean {
  const codes = cached.codes;
  if (codes.length !== length) return false;
  for (let k = 0; k < length; k++) if (codes[k] !== shapeCodes[k]) return false;
  return true;
}

/** The offset in the text of a shape offset (-1 stays: no `=`). */
function place(offset: number): number {
  return offset < 0 ? -1 : at[offset];
}

/** Lexes the line text[start, end) into `out`, through the grammar's match of its shape. */
function lexLine(text: string, start: number, end: number, out: LexedLine): void {
  let length = 0;
  let previous = -1;
  let hash = 0;
  for (let i = start; i < end; i++) {
    const code = shapeCode(text.charCodeAt(i));
    if (code === previous && (code === BLANK_RUN || code === OTHER_RUN)) continue;
    if (length === CACHEABLE_SHAPE) {
      Object.assign(out, collect(text.slice(start, end), 'line', start)[0]);
      return;
    }
    shapeCodes[length] = code;
    at[length++] = i;
    previous = code;
    hash = (Math.imul(hash, 31) + code) & 0x3fffffff;
  }
  at[length] = end;
  let cached = lineShapes.get(hash);
  while (cached !== undefined && !isShape(cached, length)) cached = cached.next;
  if (cached === undefined) {
    const key = String.fromCharCode.apply(null, shapeCodes.subarray(0, length) as unknown as number[]);
    if (cachedShapes >= CACHE_ENTRIES) {
      lineShapes.clear();
      cachedShapes = 0;
    }
    cached = { codes: shapeCodes.slice(0, length), lexed: collect(key, 'line', 0)[0], next: lineShapes.get(hash) };
    lineShapes.set(hash, cached);
    cachedShapes++;
  }
  const shape = cached.lexed;
  out.kind = shape.kind;
  out.start = place(shape.start);
  out.textStart = place(shape.textStart);
  out.textEnd = place(shape.textEnd);
  out.equalsAt = place(shape.equalsAt);
  out.valueStart = place(shape.valueStart);
  out.valueEnd = place(shape.valueEnd);
}

/** Lexes text line by line (split on "\n", as the grammar's `lines` does); `visit` gets one reused object. */
export function lexLines(text: string, visit: (line: LexedLine) => void): void {
  const line: LexedLine = { kind: 'entry', start: 0, textStart: 0, textEnd: 0, equalsAt: -1, valueStart: -1, valueEnd: -1 };
  let from = 0;
  for (;;) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline;
    lexLine(text, from, end, line);
    visit(line);
    if (newline === -1) return;
    from = newline + 1;
  }
}
