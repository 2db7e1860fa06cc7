// Quick fixes: the findings that carry a fix (src/fix.ts, LintMessage.fix) as code actions. The
// fix travels in the diagnostic's data with the document version it was computed for; a fix for
// an older version of the buffer is not offered (its offsets no longer hold).
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FixData } from './convert.js';

function fixDataOf(d: LspDiagnostic): FixData | undefined {
  const data = d.data as Partial<FixData> | undefined;
  if (!data || typeof data.version !== 'number' || !data.fix || !Array.isArray(data.fix.range)) return undefined;
  return data as FixData;
}

/** The quick fixes for the diagnostics the editor asks about, in `doc` as it is now. */
export function quickFixes(doc: TextDocument, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = fixDataOf(d);
    if (!data || data.version !== doc.version) continue;
    const shift = data.bom ? 1 : 0;
    const [start, end] = data.fix.range;
    const range = { start: doc.positionAt(start + shift), end: doc.positionAt(end + shift) };
    const unsafe = data.fix.applicability === 'unsafe';
    actions.push({
      title: `Fix ${String(d.code)}${unsafe ? ' (changes what the server does)' : ''}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: !unsafe,
      edit: { changes: { [doc.uri]: [{ range, newText: data.fix.text }] } },
    });
  }
  return actions;
}
