// What a check found, tied to the exact span of source it blames.
import { rangeOf, type SourceFile } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A span of one file: offsets into `source.text`, end exclusive. */
export interface SourceSpan {
  source: SourceFile;
  start: number;
  end: number;
}

export interface RelatedInformation {
  span: SourceSpan;
  message: string;
}

/**
 * How far a fix can be trusted, as in ruff: a safe fix keeps what the server does today, or makes
 * it do what the line plainly says without weakening anything (`--fix` applies it); an unsafe fix
 * changes behaviour (it activates an ignored line, or removes text the server reads as part of a
 * value) and is applied only with `--unsafe-fixes`.
 */
export type FixApplicability = 'safe' | 'unsafe';

/** A text edit: replace [start, end) of the file with `text`. */
export interface Fix {
  span: SourceSpan;
  text: string;
  applicability: FixApplicability;
}

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  span: SourceSpan;
  related: RelatedInformation[];
  fix?: Fix;
}

export function diagnostic(
  ruleId: string,
  severity: Severity,
  span: SourceSpan,
  message: string,
  related: RelatedInformation[] = [],
): Diagnostic {
  return { ruleId, severity, message, span, related };
}

export function span(source: SourceFile, start: number, end: number): SourceSpan {
  return { source, start, end };
}

/** Line/column form of a span, for reporters. */
export function spanRange(s: SourceSpan) {
  return rangeOf(s.source, s.start, s.end);
}
