// Our findings as LSP diagnostics: 1-based line/column (UTF-16 code units, end exclusive) become
// LSP's 0-based positions in the same units; the rule id is the code, its doc page the
// codeDescription, the other side of a pair the relatedInformation.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { LintMessage } from '../result.js';
import type { Severity } from '../diagnostic.js';
import { ruleDocsUrl } from '../rule.js';

export const SOURCE = 'nginx-uwsgi-lint';

/** What a quick fix needs, carried in the diagnostic's `data` (offsets into the text the run saw). */
export interface FixData {
  version: number;
  bom: boolean;
  fix: NonNullable<LintMessage['fix']>;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * An LSP position from our 1-based line and column. Our texts drop a leading byte-order mark
 * (src/source.ts); the editor's buffer may keep it, which shifts the first line by one unit.
 */
export function lspPosition(line: number, column: number, bom = false): { line: number; character: number } {
  return { line: line - 1, character: column - 1 + (bom && line === 1 ? 1 : 0) };
}

export function fileUri(cwd: string, filePath: string): string {
  return pathToFileURL(resolve(cwd, filePath)).href;
}

/** One finding of `cwd`'s run, for a document at `version` (whose text starts with a BOM when `bom`). */
export function toLspDiagnostic(m: LintMessage, cwd: string, version: number, bom: boolean): LspDiagnostic {
  const d: LspDiagnostic = {
    range: { start: lspPosition(m.line, m.column, bom), end: lspPosition(m.endLine, m.endColumn, bom) },
    severity: SEVERITY[m.severity],
    code: m.ruleId,
    codeDescription: { href: ruleDocsUrl(m.ruleId) },
    source: SOURCE,
    message: m.message,
  };
  if (m.related.length > 0) {
    d.relatedInformation = m.related.map((r) => ({
      location: { uri: fileUri(cwd, r.filePath), range: { start: lspPosition(r.line, r.column), end: lspPosition(r.endLine, r.endColumn) } },
      message: r.message,
    }));
  }
  if (m.fix) d.data = { version, bom, fix: m.fix } satisfies FixData;
  return d;
}

/** A configuration file that cannot be read: one error at the top of the document, never a crash. */
export function configDiagnostic(message: string): LspDiagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: 'config',
    source: SOURCE,
    message: `The configuration cannot be used, so this file was not linted: ${message}`,
  };
}
