// GitHub Actions workflow commands: one `::error file=...,line=...::message` line a finding,
// which the runner turns into an annotation on the file and line of the pull request.
// Escaping follows @actions/core: in the message % \r \n; in property values also : and ,.
import type { Severity } from '../diagnostic.js';
import type { LintMessage, LintResult } from '../result.js';

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
    ['file', filePath],
    ['line', m.line],
  ];
  // GitHub takes columns only for a span on one line; its end column is inclusive.
  if (m.endLine === m.line) {
    properties.push(['col', m.column], ['endLine', m.endLine], ['endColumn', Math.max(m.column, m.endColumn - 1)]);
  } else {
    properties.push(['endLine', m.endLine]);
  }
  properties.push(['title', m.ruleId]);
  let message = m.message;
  for (const r of m.related) message += `\n${r.filePath}:${r.line}:${r.column}: ${r.message}`;
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[m.severity]} ${props}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
