// Lexes the substituted text of a uWSGI ini into lines with grammars/uwsgi-ini.ohm. Lines of one
// shape lex alike, so the grammar matches each shape once (lexLines); lexWhole matches the whole
// text, for the test that keeps the two equal (test/uwsgi-line-shape-equivalence.test.ts).
import type { NonterminalNode } from 'ohm-js';
import { load as iniGrammar, type UwsgiIniActionDict, type UwsgiIniSemantics } from '../../grammars/uwsgi-ini.ohm-bundle.js';

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

/** The grammar's semantics, made on the first match: a run whose every line shape is known never loads Ohm. */
let semantics: UwsgiIniSemantics | undefined;
const iniSemantics = (): UwsgiIniSemantics => (semantics ??= iniGrammar().createSemantics().addOperation<void>('collect', collectActions));

const collectActions: UwsgiIniActionDict<void> = {
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
};

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
  const match = iniGrammar().match(text, startRule);
  // The grammar is total; a failure would be a bug in it, not in the input.
  if (match.failed()) throw new Error(`uwsgi-ini grammar failed: ${match.message ?? ''}`);
  const lines: LexedLine[] = [];
  sink = lines;
  chunkBase = base;
  try {
    iniSemantics()(match).collect();
  } finally {
    sink = [];
  }
  return lines;
}

// Line shapes. The grammar reads a line by its leading blanks, its first other character (`[`,
// `;`, `#` or another) and, in an entry, its first `=`. Everything else is one repetition over
// one range: the key (any character but `=`) and the text after `[`, `;`, `#` or `=` (any
// character at all). So every line folds into one of a few dozen shapes: " " for its leading
// blanks, then `[`, `;` or `#` and "a" for any text after it, or "a" for a key, "=" and "a" for a
// value (`  key = some value` is " a=a"). The shape, given to the grammar as a line, lexes as
// the line does, with its offsets at the shape characters' places. What the grammar must keep
// for this is at the top of grammars/uwsgi-ini.ohm.

/** A shape the grammar has lexed (offsets in shape characters), by its code (shapeCode). */
const lineShapes = new Map<number, LexedLine>();
/** at[k]: offset in the text of shape character k; at[length]: the line's end. A shape has at most 5 characters. */
const at = new Int32Array(6);
/** The shape's characters, as the string the grammar lexes for it. */
const SHAPE_CHARS = ' [;#a=';
const BLANK = 0;
const OTHER = 4;
const EQUALS = 5;
let shapeLength = 0;
/** The shape as a number: its characters' indices in SHAPE_CHARS, in base 8, after a leading 1. */
let shapeCode = 1;

function push(char: number, offset: number): void {
  at[shapeLength++] = offset;
  shapeCode = shapeCode * 8 + char;
}

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;

/** The offset in the text of a shape offset (-1 stays: no `=`). */
function place(offset: number): number {
  return offset < 0 ? -1 : at[offset];
}

/** Lexes the line text[start, end) into `out`, through the grammar's match of its shape. */
function lexLine(text: string, start: number, end: number, out: LexedLine): void {
  shapeLength = 0;
  shapeCode = 1;
  let i = start;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i > start) push(BLANK, start);
  if (i < end) {
    const first = text.charCodeAt(i);
    const mark = first === 0x5b ? 1 : first === 0x3b ? 2 : first === 0x23 ? 3 : -1;
    if (mark > 0) {
      push(mark, i);
      if (i + 1 < end) push(OTHER, i + 1);
    } else {
      let equals = i;
      while (equals < end && text.charCodeAt(equals) !== 0x3d) equals++;
      if (equals > i) push(OTHER, i);
      if (equals < end) {
        push(EQUALS, equals);
        if (equals + 1 < end) push(OTHER, equals + 1);
      }
    }
  }
  at[shapeLength] = end;
  let shape = lineShapes.get(shapeCode);
  if (shape === undefined) {
    let key = '';
    for (let code = shapeCode; code > 1; code = Math.floor(code / 8)) key = SHAPE_CHARS[code % 8] + key;
    shape = collect(key, 'line', 0)[0];
    lineShapes.set(shapeCode, shape);
  }
  out.kind = shape.kind;
  out.start = place(shape.start);
  out.textStart = place(shape.textStart);
  out.textEnd = place(shape.textEnd);
  out.equalsAt = place(shape.equalsAt);
  out.valueStart = place(shape.valueStart);
  out.valueEnd = place(shape.valueEnd);
}

/** A line of each shape there is: leading blanks or none, then each way a line can go on. */
const SHAPE_LINES = ['', '[', '[a', ';', ';a', '#', '#a', 'a', 'a=', 'a=a', '=', '=a'].flatMap((rest) => [rest, ' ' + rest]);

/**
 * Every line shape, lexed: the CLI bundle ships them (INI_LINE_SHAPES, scripts/build-bin.js), so
 * that it lexes any ini without loading Ohm. The library lexes each shape the first time it meets it.
 */
export function lineShapeSeeds(): [number, LexedLine][] {
  const line: LexedLine = { kind: 'entry', start: 0, textStart: 0, textEnd: 0, equalsAt: -1, valueStart: -1, valueEnd: -1 };
  for (const text of SHAPE_LINES) lexLine(text, 0, text.length, line);
  return [...lineShapes];
}

declare const INI_LINE_SHAPES: string | undefined;
if (typeof INI_LINE_SHAPES === 'string') for (const [code, lexed] of JSON.parse(INI_LINE_SHAPES) as [number, LexedLine][]) lineShapes.set(code, lexed);

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
