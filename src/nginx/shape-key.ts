// The shape of a piece of an nginx config, as the shape cache (shape-cache.ts) reads it: each run
// of characters the grammar never tells apart folds into one `a` (a run of blanks into one space,
// a comment's text and a plain string's into one `a`), everything else stays as it is.
// The classes of such characters (statements and the gaps between them), the key of a piece, and
// the map from file offsets to shape offsets. Why the fold is safe is said in shape-cache.ts.

/** Letters, digits and `.` `_` `-` `/` `:`: the characters a shape folds into runs. */
export const RUN_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:';

/** Whether a UTF-16 code unit is one of RUN_CHARACTERS (written out: this runs on every character). */
export function isRunChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x3a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x5f || c === 0x2d || c === 0x2f;
}

/**
 * A piece of text folded into its shape: each run of run characters becomes one `a`, each run of
 * spaces and tabs one space, anything else stays as it is (a `\` and the character it escapes
 * stay together). `at[k]` is the offset
 * in the file of shape character k, and `at[key.length]` the end of the piece.
 */
export interface Shape {
  key: string;
  at: Int32Array;
}

/** Sizes the buffers start with (statement pieces of up to 512 characters, blocks of up to 2,048); they grow for longer pieces. */
let atBuffer = new Int32Array(512 + 1);
/**
 * The shape's characters as they are found; made into the key once at the end. A typed array
 * that keeps its size: a plain array emptied with `length = 0` gives its storage back and grows
 * it again for every piece, garbage in proportion to the number of blocks.
 */
let keyCodes = new Uint16Array(2048 + 1);

/**
 * A class of characters as shapeKey reads it: a table for ASCII and one answer for everything
 * above (a call per character through a function parameter cost more than the rest of the loop).
 */
export interface CharacterClass {
  ascii: Uint8Array;
  nonAscii: boolean;
}

export function characterClass(test: (c: number) => boolean): CharacterClass {
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = test(c) ? 1 : 0;
  return { ascii, nonAscii: test(0x80) };
}

/** isRunChar and isGapRunChar as tables (the test "character classes" checks them code unit by code unit). */
export const STATEMENT_RUNS = characterClass(isRunChar);
export const GAP_RUNS = characterClass(isGapRunChar);

/**
 * The key of the piece's shape; its offsets are left in `atBuffer` (shapeAt()) until the next
 * call. No object per call: a lookup runs for every statement of a file.
 */
export function shapeKey(text: string, start: number, end: number): string {
  reserve(end - start);
  return keyOf(plainStrings(text, start, end) ? foldStrings(text, start, end) : fold(text, start, end, STATEMENT_RUNS, 0), end);
}

/**
 * Whether the piece has a quote and none of the characters that make a quote anything but the
 * start or the end of a plain string: `#` (a comment), `\` (an escape), `{` but a block head's
 * own, `}`, `%`, `<` and `@` (template marks, which the parser looks for inside strings too).
 */
function plainStrings(text: string, start: number, end: number): boolean {
  let quote = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x27) quote = true;
    else if (c === 0x7b /* { */) {
      if (i !== end - 1) return false;
    } else if (c === 0x7d || c === 0x25 || c === 0x3c || c === 0x40 || c === 0x23 || c === 0x5c) return false;
  }
  return quote;
}

/**
 * fold(), with the text inside each quoted string (a quote where a token starts: at the piece's
 * start or after a blank or line end) folded whole into one `a`. The grammar reads a string's
 * text as one repetition of any character but its quote and `\` (doubleQuoted, singleQuoted),
 * and plainStrings() ruled out everything else that could start or end there.
 */
function foldStrings(text: string, start: number, end: number): number {
  const at = atBuffer;
  const codes = keyCodes;
  let k = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const quote = text.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) continue;
    const before = i === start ? 0x20 : text.charCodeAt(i - 1);
    if (before !== 0x20 && before !== 0x09 && before !== 0x0a && before !== 0x0d) continue;
    k = fold(text, from, i, STATEMENT_RUNS, k);
    codes[k] = quote;
    at[k++] = i;
    let close = i + 1;
    while (close < end && text.charCodeAt(close) !== quote) close++;
    if (close > i + 1) {
      codes[k] = 0x61 /* a */;
      at[k++] = i + 1;
    }
    if (close < end) {
      codes[k] = quote;
      at[k++] = close;
    }
    i = close;
    from = close + 1;
  }
  return fold(text, Math.min(from, end), end, STATEMENT_RUNS, k);
}

/**
 * The key of a gap between statements (GAP_RUNS), in which each comment met before anything but
 * blanks, line ends and comments folds further: its text, up to its line end, into one `a`. The
 * grammar reads a comment as `#` and one repetition of lineChar, any character but a line end,
 * so any text lexes alike; only a `\r` just before the line end counts (the parser cuts it off the
 * comment), and it stays. Inside a template tag (`{# x #}`) a `#` is no comment: from the first
 * character that is not a blank, a line end or a comment, the gap folds as shapeKey folds it.
 */
export function gapKey(text: string, start: number, end: number): string {
  reserve(end - start);
  const at = atBuffer;
  const codes = keyCodes;
  let k = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      codes[k] = c;
      at[k++] = i++;
      let lineEnd = i;
      while (lineEnd < end && text.charCodeAt(lineEnd) !== 0x0a) lineEnd++;
      const textEnd = lineEnd > i && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
      if (textEnd > i) {
        codes[k] = 0x61 /* a */;
        at[k++] = i;
      }
      i = textEnd;
    } else if (c === 0x20 || c === 0x09) {
      // A run of spaces and tabs is one space, as fold() has it.
      codes[k] = 0x20;
      at[k++] = i++;
      while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    } else if (c === 0x0a || c === 0x0d) {
      codes[k] = c;
      at[k++] = i++;
    } else {
      return keyOf(fold(text, i, end, GAP_RUNS, k), end);
    }
  }
  return keyOf(k, end);
}

/** Room in the buffers for a piece of `length` characters. */
function reserve(length: number): void {
  if (atBuffer.length < length + 1) atBuffer = new Int32Array(length + 1);
  if (keyCodes.length < length + 1) keyCodes = new Uint16Array(length + 1);
}

/** Folds text[start, end) into the key's characters from k on; the number of characters then. */
function fold(text: string, start: number, end: number, runs: CharacterClass, k: number): number {
  const ascii = runs.ascii;
  const nonAscii = runs.nonAscii;
  const at = atBuffer;
  const codes = keyCodes;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 128 ? ascii[c] === 1 : nonAscii) {
      codes[k] = 0x61 /* a */;
      at[k++] = i;
      i++;
      while (i < end) {
        const next = text.charCodeAt(i);
        if (next < 128 ? ascii[next] !== 1 : !nonAscii) break;
        i++;
      }
      continue;
    }
    if (c === 0x20 || c === 0x09) {
      // A run of spaces and tabs folds into one space: the grammar reads them alike, one by one
      // (gap, holeLine, quoted strings, templates), and nothing ends inside such a run.
      codes[k] = 0x20;
      at[k++] = i;
      i++;
      while (i < end) {
        const next = text.charCodeAt(i);
        if (next !== 0x20 && next !== 0x09) break;
        i++;
      }
      continue;
    }
    codes[k] = c;
    at[k++] = i;
    if (c === 0x5c /* \ */ && i + 1 < end) {
      codes[k] = text.charCodeAt(i + 1);
      at[k++] = ++i;
    }
    i++;
  }
  return k;
}

/** The key of the k characters folded so far, the piece ending at `end`. */
function keyOf(k: number, end: number): string {
  atBuffer[k] = end;
  // One string per shape (building it piece by piece made a string per run). The cache's pieces
  // are at most 2,048 characters long, far below the limit on the number of arguments of a call.
  return String.fromCharCode.apply(null, keyView(k) as unknown as number[]);
}

/** The offsets of the shape shapeKey() read last (valid until its next call). */
export function shapeAt(): Int32Array {
  return atBuffer;
}

/** Views of keyCodes by length, made once each (a subarray per lookup was garbage for every statement). */
let keyViews: Uint16Array[] = [];
let keyViewsOf: Uint16Array = keyCodes;

function keyView(length: number): Uint16Array {
  if (keyViewsOf !== keyCodes) {
    keyViews = [];
    keyViewsOf = keyCodes;
  }
  return (keyViews[length] ??= keyCodes.subarray(0, length));
}

/** An offset inside a run: the piece breaks the claim the cache rests on, and is not cached. */
export class OffsetInsideRun extends Error {}

/**
 * From offsets in the file to offsets in `shape`. An offset inside a run would break the claim
 * the cache rests on: it throws OffsetInsideRun, and the piece is simply not cached.
 */
export function shapeOffsets(shape: Shape): (offset: number) => number {
  // `at` rises strictly: a binary search (a Map of every offset cost more to build than all the lookups).
  const at = shape.at;
  const last = shape.key.length;
  return (offset) => {
    let lo = 0;
    let hi = last;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = at[mid];
      if (v === offset) return mid;
      if (v < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new OffsetInsideRun();
  };
}

/**
 * Whether a UTF-16 code unit is one the grammar's `gap` rule (whitespace, comments and template
 * tags between statements) never tells apart from another: anything but a blank, a line end and
 * the `#`, `{`, `}`, `%` that open and close comments and template tags. Inside a comment every
 * such character is a `lineChar`; anywhere else in a gap each one ends the gap alike.
 */
export function isGapRunChar(c: number): boolean {
  return c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x23 && c !== 0x7b && c !== 0x7d && c !== 0x25;
}
