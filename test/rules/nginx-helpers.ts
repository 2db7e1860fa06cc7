// Lints nginx texts in memory and returns one rule's findings as [severity, line, column, endColumn, message].
import { lintText } from '../../src/lint.js';

export type Row = [string, number, number, number, string];

export async function findings(id: string, files: Record<string, string>): Promise<Row[]> {
  const result = await lintText(Object.entries(files).map(([path, text]) => ({ path, text, kind: 'nginx' as const })), { cwd: '/project' });
  return result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === id).map((m): Row => [m.severity, m.line, m.column, m.endColumn, m.message]));
}

/** Positions only: [severity, line, column, endColumn]. */
export async function at(id: string, files: Record<string, string>): Promise<[string, number, number, number][]> {
  return (await findings(id, files)).map(([s, l, c, e]) => [s, l, c, e]);
}
