// The human format, after actionlint and gcc: a `path:line:col: severity: headline [rule]` line,
// the source line and a `^~~~` underline beneath the exact span, related locations below, then the
// message's why and fix and the rule's doc page on indented lines; a summary at the end. The
// severity is a word, so an error and a warning differ without colour too (piped, NO_COLOR, CI logs).
// A clean run prints nothing, as eslint and actionlint do.
import { Chalk, type ChalkInstance } from 'chalk';
import { lineText, type SourceFile } from '../source.js';
import type { Severity } from '../diagnostic.js';
import type { FileResult, LintMessage, LintResult } from '../result.js';
import { rules as registry } from '../../rules/index.js';
import { ruleDocsUrl, type RuleMeta } from '../rule.js';
import { controlEscape, escapeControls } from './escape.js';
import { messageParts } from './message-parts.js';
import { ResultSources } from './sources.js';

export interface TextReporterOptions {
  /** Colour the output with ANSI escapes. Default false. */
  color?: boolean;
  /** Columns a tab advances to (the next multiple of this). Default 8, as terminals do. */
  tabWidth?: number;
  /** Rules whose doc pages findings link to (default: the registry); other ids get no `docs:` line. */
  rules?: readonly RuleMeta[];
}

export function formatText(result: LintResult, options: TextReporterOptions = {}): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const tabWidth = options.tabWidth ?? 8;
  const sources = new ResultSources(result);
  const documented = new Set((options.rules ?? registry.map((r) => r.meta)).map((meta) => meta.id));
  const out: string[] = [];
  let filesWithProblems = 0;
  for (const file of result.results) {
    if (file.messages.length === 0) continue;
    filesWithProblems++;
    for (const message of file.messages) {
      // A blank line between findings: each one is several lines now.
      if (out.length > 0) out.push('');
      out.push(...formatMessage(file, sources, message, documented.has(message.ruleId), chalk, tabWidth));
    }
  }
  if (filesWithProblems === 0) return '';
  out.push(summary(result, filesWithProblems, chalk));
  return out.join('\n') + '\n';
}

const severityColor = (chalk: ChalkInstance, severity: Severity) =>
  severity === 'error' ? chalk.red : severity === 'warning' ? chalk.yellow : chalk.blue;

function formatMessage(
  file: FileResult,
  sources: ResultSources,
  m: LintMessage,
  documented: boolean,
  chalk: ChalkInstance,
  tabWidth: number,
): string[] {
  const color = severityColor(chalk, m.severity);
  // Paths and messages quote file names and config text: shown escaped, never acted on.
  const { headline, why, fix } = messageParts(escapeControls(m.message));
  const lines = [
    `${chalk.bold(`${escapeControls(file.filePath)}:${m.line}:${m.column}:`)} ${color.bold(`${m.severity}:`)} ${chalk.bold(headline)} ${chalk.gray(`[${escapeControls(m.ruleId)}]`)}`,
  ];
  lines.push(...snippet(sources.get(file.filePath), m, '', color, chalk, tabWidth));
  // The other side of a pair: where it is, what it says, and its line, indented under the message.
  for (const r of m.related) {
    lines.push(`  ${chalk.bold(`${escapeControls(r.filePath)}:${r.line}:${r.column}:`)} ${escapeControls(r.message)}`);
    lines.push(...snippet(sources.get(r.filePath), r, '  ', chalk.cyan, chalk, tabWidth));
  }
  if (why) lines.push(`  ${chalk.gray('why:')}  ${why}`);
  if (fix) lines.push(`  ${chalk.gray('fix:')}  ${chalk.green(fix)}`);
  if (documented) lines.push(`  ${chalk.gray('docs:')} ${chalk.gray(ruleDocsUrl(m.ruleId))}`);
  return lines;
}

/** The source line of a span and its `^~~~` underline, or nothing when the text is not at hand. */
function snippet(
  source: SourceFile | null,
  at: { line: number; column: number; endLine: number; endColumn: number },
  indent: string,
  color: ChalkInstance,
  chalk: ChalkInstance,
  tabWidth: number,
): string[] {
  if (source === null || at.line < 1 || at.line > source.lineStarts.length) return [];
  const full = lineText(source, at.line);
  // A span over several lines is underlined to the end of its first line.
  const fullEnd = at.endLine > at.line ? full.length + 1 : at.endColumn;
  // A very long line (minified, generated, binary) is shown as a window around the span.
  const { text, column, endColumn } = lineWindow(full, at.column, fullEnd);
  const { shown, start, width } = underline(text, column, endColumn, tabWidth);
  const number = String(at.line);
  const gutter = ' '.repeat(number.length);
  return [
    indent + chalk.gray(`${gutter} |`),
    `${indent}${chalk.gray(`${number} |`)} ${shown}`,
    `${indent}${chalk.gray(`${gutter} |`)} ${' '.repeat(start)}${color('^' + '~'.repeat(Math.max(0, width - 1)))}`,
  ];
}

const LINE_WINDOW = 160;

/** The part of a long line around columns [column, endColumn), with `…` where it was cut. */
export function lineWindow(line: string, column: number, endColumn: number): { text: string; column: number; endColumn: number } {
  if (line.length <= LINE_WINDOW) return { text: line, column, endColumn };
  const from = Math.max(0, Math.min(column - 1 - 40, line.length - LINE_WINDOW));
  const to = Math.min(line.length, from + LINE_WINDOW);
  const head = from > 0 ? '…' : '';
  const text = head + line.slice(from, to) + (to < line.length ? '…' : '');
  const shift = from - head.length;
  return { text, column: column - shift, endColumn: Math.min(endColumn, to + 1) - shift };
}

/**
 * The line as displayed (tabs expanded, control characters shown as escapes) and where the
 * underline of UTF-16 columns [column, endColumn) starts and how wide it is, in terminal cells.
 */
export function underline(
  text: string,
  column: number,
  endColumn: number,
  tabWidth = 8,
): { shown: string; start: number; width: number } {
  const from = Math.max(0, Math.min(column - 1, text.length));
  const to = Math.max(from, Math.min(endColumn - 1, text.length));
  let shown = '';
  let cell = 0;
  let start = -1;
  let endCell = -1;
  for (let i = 0; i < text.length; ) {
    if (i >= from && start < 0) start = cell;
    if (i >= to && endCell < 0) endCell = cell;
    const code = text.codePointAt(i)!;
    const units = code > 0xffff ? 2 : 1;
    const escape = code === 0x09 ? null : controlEscape(code);
    if (code === 0x09) {
      const advance = tabWidth - (cell % tabWidth);
      shown += ' '.repeat(advance);
      cell += advance;
    } else if (escape !== null) {
      shown += escape;
      cell += escape.length;
    } else {
      shown += String.fromCodePoint(code);
      cell += cellWidth(code);
    }
    i += units;
  }
  if (start < 0) start = cell;
  if (endCell < 0) endCell = cell;
  // An empty span, or one at the end of the line (a missing `;`), still gets one caret.
  return { shown, start, width: Math.max(1, endCell - start) };
}

/** Terminal cells a code point takes: 0 for combining marks, 2 for wide East Asian and emoji. */
export function cellWidth(code: number): number {
  if (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x20d0 && code <= 0x20ff)
  ) {
    return 0;
  }
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Counted from the messages shown, so the line always agrees with what was printed. */
function summary(result: LintResult, files: number, chalk: ChalkInstance): string {
  const count = { error: 0, warning: 0, info: 0 };
  for (const file of result.results) for (const m of file.messages) count[m.severity]++;
  const parts: string[] = [];
  if (count.error > 0) parts.push(plural(count.error, 'error'));
  if (count.warning > 0) parts.push(plural(count.warning, 'warning'));
  if (count.info > 0) parts.push(plural(count.info, 'info'));
  const line = `${parts.join(', ')} in ${plural(files, 'file')}`;
  const color = count.error > 0 ? chalk.red : count.warning > 0 ? chalk.yellow : chalk.blue;
  const fixes = fixSummary(result);
  return '\n' + color.bold(line) + (fixes ? '\n' + fixes : '');
}

/** As ruff says it: how many findings --fix would fix, and how many more only --unsafe-fixes would. */
function fixSummary(result: LintResult): string {
  let safe = 0;
  let unsafe = 0;
  for (const file of result.results) {
    for (const m of file.messages) {
      if (m.fix?.applicability === 'unsafe') unsafe++;
      else if (m.fix) safe++;
    }
  }
  const hidden = unsafe === 0 ? '' : `${unsafe} hidden ${unsafe === 1 ? 'fix' : 'fixes'} can be enabled with --fix --unsafe-fixes`;
  if (safe > 0) return `[*] ${safe} fixable with the --fix option${hidden ? ` (${hidden})` : ''}.`;
  return hidden ? `No safe fixes available (${hidden}).` : '';
}
