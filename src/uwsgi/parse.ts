// Reads one uWSGI ini file the way core/ini.c does: magic variables are substituted over the
// whole text first (io.c), then the substituted text is lexed line by line by the Ohm grammar,
// and every offset is mapped back to the original file. Lines of one shape lex alike, so the
// grammar matches each shape once (lexLine); lexWhole matches the whole text, for the test that
// keeps the two equal (test/uwsgi-line-shape-equivalence.test.ts).
import type { NonterminalNode } from 'ohm-js';
import grammar from '../../grammars/uwsgi-ini.ohm-bundle.js';
import { span } from '../diagnostic.js';
import type { UwsgiParseProblem } from '../parsed-findings.js';
import { positionAt, type SourceFile } from '../source.js';
import {
  UNKNOWN,
  type MagicFileVars,
  type ParseOptions,
  type UwsgiComment,
  type UwsgiEntry,
  type UwsgiIniFile,
  type UwsgiLogicBlock,
  type UwsgiSection,
} from './ast.js';
import { LOGIC_CLOSERS, LOGIC_OPENERS } from './logic.js';
import { fileMagicVars, magicTable, substituteMagic, type OffsetMap } from './magic.js';
import { hasTemplateSyntax } from './template.js';

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;
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

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\r';

function rstrip(text: string, start: number, end: number): number {
  while (end > start && isBlank(text[end - 1])) end--;
  return end;
}

function lstrip(text: string, start: number, end: number): number {
  while (start < end && isBlank(text[start])) start++;
  return start;
}

/** A NUL or a high share of control characters: not a text file. */
function binaryCheck(text: string): { firstNul: number; binary: boolean } {
  const firstNul = text.indexOf('\0');
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 0xfffd) control++;
  }
  return { firstNul, binary: control > 8 && control * 20 > sample.length };
}

function emptyFile(source: SourceFile, options: ParseOptions, vars: MagicFileVars, problems: UwsgiParseProblem[]): UwsgiIniFile {
  return {
    source,
    sections: [],
    entries: [],
    comments: [],
    blocks: [],
    magic: [],
    unknownMagic: [],
    templated: false,
    magicVars: vars,
    options,
    problems,
  };
}

/** Parses one ini file; never throws on any input. */
export function parseUwsgiIni(source: SourceFile, options: ParseOptions = {}): UwsgiIniFile {
  // Without a configName, source.path is a real file path: a `:` in it is part of the name.
  const vars = options.fileVars ?? fileMagicVars(options.configName ?? source.path, options.cwd, options.inode, options.configName === undefined);
  const problems: UwsgiParseProblem[] = [];
  const text = source.text;
  const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > limit) {
    problems.push({ kind: 'syntax', span: span(source, 0, 0), error: 'file-too-large', size: text.length, limit });
    return emptyFile(source, options, vars, problems);
  }
  const { firstNul, binary } = binaryCheck(text);
  if (binary) {
    problems.push({ kind: 'syntax', span: span(source, 0, 0), error: 'binary' });
    return emptyFile(source, options, vars, problems);
  }
  if (firstNul !== -1) {
    problems.push({ kind: 'syntax', span: span(source, firstNul, firstNul + 1), error: 'nul' });
  }

  const table = magicTable(vars, options.topLevel ?? vars, options);
  const magic = substituteMagic(text, table);
  const file = buildFile(source, magic.text, magic.map, problems);
  return {
    ...file,
    magic: magic.uses,
    unknownMagic: magic.unknown,
    magicVars: vars,
    options,
    problems,
  };
}

function buildFile(
  source: SourceFile,
  text: string,
  map: OffsetMap,
  problems: UwsgiParseProblem[],
): Omit<UwsgiIniFile, 'magic' | 'unknownMagic' | 'magicVars' | 'options'> {
  const sections: UwsgiSection[] = [];
  const entries: UwsgiEntry[] = [];
  const comments: UwsgiComment[] = [];
  const startOf = (offset: number) => map.toSource(offset, 'start');
  const endOf = (offset: number, start: number) => Math.max(start, map.toSource(offset, 'end'));
  let section = '';
  let sectionIndex = -1;
  let templated = false;

  lexLines(text, (line) => {
    if (line.kind === 'header') {
      const textEnd = rstrip(text, line.textStart, line.textEnd);
      // ini.c chops the last character of the stripped line, whatever it is.
      const nameEnd = Math.max(line.textStart, textEnd - 1);
      const start = startOf(line.start);
      const nameStart = startOf(line.textStart);
      const name = text.slice(line.textStart, nameEnd);
      // ini.c tests the line's first byte for `[`; after a byte-order mark that byte is 0xEF.
      const hiddenByBom = source.hasBom && source.text.lastIndexOf('\n', start) === -1;
      sections.push({
        name,
        start,
        end: endOf(textEnd, start),
        nameStart,
        nameEnd: endOf(nameEnd, nameStart),
        source,
        ...(hiddenByBom ? { hiddenByBom: true as const } : {}),
      });
      if (hiddenByBom) return;
      section = name;
      sectionIndex = sections.length - 1;
      return;
    }
    if (line.kind === 'comment') {
      const start = startOf(line.start);
      const end = endOf(rstrip(text, line.textStart, line.textEnd), start);
      comments.push({ text: source.text.slice(start + 1, end), start, end });
      return;
    }
    const keyEndLexed = rstrip(text, line.textStart, line.textEnd);
    const hasEquals = line.equalsAt !== -1;
    if (!hasEquals && keyEndLexed === line.textStart) return; // empty line
    let valueStartLexed = keyEndLexed;
    let valueEndLexed = keyEndLexed;
    if (hasEquals) {
      valueStartLexed = lstrip(text, line.valueStart, line.valueEnd);
      valueEndLexed = rstrip(text, valueStartLexed, line.valueEnd);
    }
    const keyStart = startOf(line.textStart);
    const keyEnd = endOf(keyEndLexed, keyStart);
    const equalsAt = hasEquals ? startOf(line.equalsAt) : -1;
    let valueStart: number;
    let valueEnd: number;
    if (hasEquals) {
      valueStart = Math.max(startOf(valueStartLexed), equalsAt + 1);
      valueEnd = endOf(valueEndLexed, valueStart);
    } else {
      valueStart = valueEnd = keyEnd;
    }
    const start = Math.min(keyStart, startOf(line.start));
    const end = Math.max(keyEnd, hasEquals ? Math.max(equalsAt + 1, valueEnd) : keyEnd);
    const rawKey = source.text.slice(keyStart, keyEnd);
    const rawValue = source.text.slice(valueStart, valueEnd);
    const entryTemplated = hasTemplateSyntax(source.text.slice(start, end));
    templated ||= entryTemplated;
    entries.push({
      key: text.slice(line.textStart, keyEndLexed),
      rawKey,
      keyStart,
      keyEnd,
      rawValue,
      value: text.slice(valueStartLexed, valueEndLexed),
      valueStart,
      valueEnd,
      hasEquals,
      equalsAt,
      start,
      end,
      line: positionAt(source, start).line,
      section,
      sectionIndex,
      templated: entryTemplated,
      index: entries.length,
      source,
    });
  });
  for (const comment of comments) templated ||= hasTemplateSyntax(comment.text) && /^\s*[{<]/.test(source.text.slice(comment.start));
  const blocks = findBlocks(entries, source, problems);
  return { source, sections, entries, comments, blocks, templated, problems };
}

/**
 * Groups each section's entries into config-logic blocks. uWSGI feeds a loaded section's options
 * in order, so a block runs from its opener to the next closer of the same section.
 */
function findBlocks(entries: UwsgiEntry[], source: SourceFile, problems: UwsgiParseProblem[]): UwsgiLogicBlock[] {
  const blocks: UwsgiLogicBlock[] = [];
  const open = new Map<string, UwsgiLogicBlock>();
  for (const entry of entries) {
    const current = open.get(entry.section);
    if (LOGIC_CLOSERS.has(entry.key)) {
      if (current) {
        current.closer = entry.index;
        open.delete(entry.section);
      }
      continue;
    }
    const kind = LOGIC_OPENERS.get(entry.key);
    if (current) {
      if (kind) {
        const opener = entries[current.opener];
        problems.push({
          kind: 'syntax',
          span: span(source, entry.keyStart, entry.keyEnd),
          error: 'nested-logic',
          key: entry.key,
          opener: opener.key,
          openerKind: current.kind,
          openerLine: opener.line,
          openerSpan: span(source, opener.keyStart, opener.keyEnd),
        });
      }
      if (entry.key === 'else' && current.kind === 'if' && current.elseAt === -1) current.elseAt = entry.index;
      current.body.push(entry.index);
      continue;
    }
    if (kind) {
      const block: UwsgiLogicBlock = { kind, opener: entry.index, body: [], closer: -1, elseAt: -1, section: entry.section };
      blocks.push(block);
      open.set(entry.section, block);
    }
  }
  for (const block of open.values()) {
    const opener = entries[block.opener];
    const closer = block.kind === 'for' ? 'endfor' : 'endif';
    problems.push({ kind: 'syntax', span: span(source, opener.keyStart, opener.keyEnd), error: 'unclosed-logic', key: opener.key, section: block.section, closer });
  }
  return blocks;
}

/** True when the value read by uWSGI has a part that cannot be known. */
export function hasUnknown(value: string): boolean {
  return value.includes(UNKNOWN);
}
