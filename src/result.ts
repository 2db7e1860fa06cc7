// The result of a lint run, in the plain shape the reporters and the JSON format share.
// Paths are relative to the run's working directory; positions are 1-based, end exclusive.
import type { FixApplicability, Severity } from './diagnostic.js';

/**
 * 'context': a Dockerfile, compose file, systemd unit or supervisord config read for how uWSGI starts.
 * 'other': a file named outright that looks like another format (lint/not-a-config): not linted.
 */
export type FileKind = 'nginx' | 'uwsgi' | 'context' | 'other';

export interface RelatedLocation {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface LintMessage {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: RelatedLocation[];
  /**
   * A replacement that fixes the problem: offsets into the file's text (after any BOM). `safe`
   * fixes are applied by `--fix`, `unsafe` ones (they change what the server does) only with
   * `--unsafe-fixes` too.
   */
  fix?: { range: [number, number]; text: string; applicability: FixApplicability };
}

export interface FileResult {
  filePath: string;
  kind: FileKind;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** The file's text, for reporters that show the offending line. Not part of the JSON format. */
  text?: string;
}

export interface LintResult {
  results: FileResult[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /**
   * Texts of files that related locations point into, by the same display path, for reporters
   * that show the other side of a pair (files with a result entry carry theirs in `text`).
   * Not part of the JSON format.
   */
  sources?: Record<string, string>;
}
