// A file's text and the table that turns offsets into lines and columns.
// Offsets index the decoded text (UTF-16 code units, as JavaScript strings do), after any BOM.
// Lines are 1-based and split on "\n" only, as both nginx and uWSGI count them; a "\r" before
// the "\n" belongs to the line it ends. Columns are 1-based UTF-16 code units; end columns are
// exclusive, so a one-character token at column 5 ends at column 6.

export interface SourceFile {
  /** Path as the user named it (or a synthetic name for in-memory text). */
  readonly path: string;
  /** Decoded text without a leading byte-order mark. */
  readonly text: string;
  /** True when the bytes started with a UTF-8 byte-order mark, which was removed from `text`. */
  readonly hasBom: boolean;
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];
}

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const BOM = '\uFEFF';

export function createSourceFile(path: string, content: string | Uint8Array): SourceFile {
  let text = typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(content);
  const hasBom = text.startsWith(BOM);
  if (hasBom) text = text.slice(1);
  return { path, text, hasBom, lineStarts: computeLineStarts(text) };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** Line and column of an offset, by binary search over the line-start table. */
export function positionAt(source: SourceFile, offset: number): Position {
  const clamped = clampOffset(source, offset);
  const line = lineIndexAt(source.lineStarts, clamped);
  return { line: line + 1, column: clamped - source.lineStarts[line] + 1 };
}

export function rangeOf(source: SourceFile, start: number, end: number): Range {
  // Without a Position for each end: a large run turns thousands of findings into ranges.
  const starts = source.lineStarts;
  const from = clampOffset(source, start);
  const to = clampOffset(source, Math.max(start, end));
  const line = lineIndexAt(starts, from);
  const endLine = to === from ? line : lineIndexAt(starts, to);
  return { line: line + 1, column: from - starts[line] + 1, endLine: endLine + 1, endColumn: to - starts[endLine] + 1 };
}

function clampOffset(source: SourceFile, offset: number): number {
  return Math.max(0, Math.min(offset, source.text.length));
}

/** The index of the line holding `offset`: the last line start at or before it. */
function lineIndexAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The text of one line (1-based), without its line ending. */
export function lineText(source: SourceFile, line: number): string {
  const start = source.lineStarts[line - 1];
  if (start === undefined) return '';
  const next = source.lineStarts[line];
  let end = next === undefined ? source.text.length : next - 1;
  if (end > start && source.text[end - 1] === '\r') end--;
  return source.text.slice(start, end);
}
