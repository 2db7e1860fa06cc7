// The hover over a finding: what the text reporter prints under it (src/reporters/text.ts), in
// Markdown: the rule id and severity, the message's headline, its why and its fix
// (src/reporters/message-parts.ts), and the rule's doc page (the diagnostic's codeDescription).
import { DiagnosticSeverity, MarkupKind, type Hover, type Diagnostic as LspDiagnostic, type Position } from 'vscode-languageserver';
import { messageParts } from '../reporters/message-parts.js';

const SEVERITY_NAME: Record<DiagnosticSeverity, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Whether `at` lies in the diagnostic's range, its end included (the cursor just after a word is on it). */
function covers(d: LspDiagnostic, at: Position): boolean {
  return before(d.range.start, at) && before(at, d.range.end);
}

/**
 * Markdown's punctuation in the message's prose escaped, so that config text it mentions outside
 * backticks (`~*`, `$1_x`, `<name>`) shows as written; backtick spans are code already.
 */
function escapeProse(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_[\]<>#|~]/g, (c) => `\\${c}`)))
    .join('');
}

function explain(d: LspDiagnostic): string {
  const { headline, why, fix } = messageParts(typeof d.message === 'string' ? d.message : d.message.value);
  const lines = [`**${escapeProse(String(d.code ?? 'nginx-uwsgi-lint'))}** (${SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error]}): ${escapeProse(headline)}`];
  if (why) lines.push(`*Why:* ${escapeProse(why)}`);
  if (fix) lines.push(`*Fix:* ${escapeProse(fix)}`);
  if (d.codeDescription) lines.push(`[Rule documentation: ${escapeProse(String(d.code))}](${d.codeDescription.href})`);
  return lines.join('\n\n');
}

/** The hover at `at` among a document's published diagnostics: one section per finding there, or null. */
export function findingHover(diagnostics: readonly LspDiagnostic[], at: Position): Hover | null {
  const here = diagnostics.filter((d) => covers(d, at));
  if (here.length === 0) return null;
  const range = here.length === 1 ? here[0].range : undefined;
  return { contents: { kind: MarkupKind.Markdown, value: here.map(explain).join('\n\n---\n\n') }, ...(range ? { range } : {}) };
}
