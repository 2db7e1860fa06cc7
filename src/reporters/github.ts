// GitHub Actions workflow commands: one `::error file=...,line=...::message` line a finding,
// which the runner turns into an annotation on the file and line of the pull request.
// Two layers: control characters of config text and file names are first shown as escapes (the
// log is read on a terminal), then the command is escaped as @actions/core does and the runner
// unescapes (ActionCommand.cs): in the message % \r \n; in property values also : and ,.
import type { Severity } from '../diagnostic.js';
import type { LintMessage, LintResult } from '../result.js';
import { escapeControls } from './escape.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export function formatGithub(result: LintResult): string {
  let out = '';
  for (const file of result.results) {
    for (const m of file.messages) out += githubCommand(file.filePath, m) + '\n';
  }
  return out;
}

export function githubCommand(filePath: string, m: LintMessage): string {
  const properties: [string, string | number][] = [
    ['file', escapeControls(filePath)],
    ['line', m.line],
  ];
  // GitHub takes columns only for a span on one line; its end column is inclusive.
  if (m.endLine === m.line) {
    properties.push(['col', m.column], ['endLine', m.endLine], ['endColumn', Math.max(m.column, m.endColumn - 1)]);
  } else {
    properties.push(['endLine', m.endLine]);
  }
  properties.push(['title', escapeControls(m.ruleId)]);
  // The line breaks between the related locations are the only ones left for escapeData.
  let message = escapeControls(m.message);
  for (const r of m.related) message += `\n${escapeControls(r.filePath)}:${r.line}:${r.column}: ${escapeControls(r.message)}`;
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[m.severity]} ${props}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
