// Reads one uWSGI ini file the way core/ini.c does: magic variables are substituted over the
// whole text first (io.c), then the substituted text is lexed line by line by the Ohm grammar,
// and every offset is mapped back to the original file (the lexing is in lex.ts).
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
import { lexLines } from './lex.js';
import { hasTemplateSyntax } from './template.js';

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

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
