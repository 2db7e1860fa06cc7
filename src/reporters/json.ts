// The machine format: a stable JSON shape, documented in docs/json-format.md. Keys are written
// in a fixed order; the file text the text reporter uses is never part of it.
import type { LintMessage, LintResult } from '../result.js';

export interface JsonReporterOptions {
  /** Indent for pretty output; 0 writes one line. Default 0. */
  indent?: number;
}

export function toJsonObject(result: LintResult) {
  return {
    results: result.results.map((file) => ({
      filePath: file.filePath,
      kind: file.kind,
      messages: file.messages.map(jsonMessage),
    })),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    infoCount: result.infoCount,
  };
}

function jsonMessage(m: LintMessage): LintMessage {
  const out: LintMessage = {
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: m.line,
    column: m.column,
    endLine: m.endLine,
    endColumn: m.endColumn,
    related: m.related.map((r) => ({
      filePath: r.filePath,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      message: r.message,
    })),
  };
  // Added only when there is one: no spread of an empty object for each finding without a fix.
  if (m.fix) out.fix = { range: [m.fix.range[0], m.fix.range[1]], text: m.fix.text, applicability: m.fix.applicability };
  return out;
}

export function formatJson(result: LintResult, options: JsonReporterOptions = {}): string {
  return JSON.stringify(toJsonObject(result), null, options.indent ?? 0) + '\n';
}
