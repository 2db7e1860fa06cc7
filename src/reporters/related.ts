// For formats with one location a finding: its message with the other side of a pair named in it.
import type { LintMessage } from '../result.js';

export function messageWithRelated(m: Pick<LintMessage, 'message' | 'related'>): string {
  if (m.related.length === 0) return m.message;
  return `${m.message} (${m.related.map((r) => `${r.filePath}:${r.line}:${r.column}: ${r.message}`).join('; ')})`;
}
