// Lints nginx texts in memory and returns one rule's findings as [severity, line, column, endColumn, message].
import { spanRange } from '../../src/diagnostic.js';
import { runRules } from '../../src/engine.js';
import { lintText, projectFromTexts } from '../../src/lint.js';
import type { Rule } from '../../src/rule.js';

export type Row = [string, number, number, number, string];

export async function findings(id: string, files: Record<string, string>): Promise<Row[]> {
  const result = await lintText(Object.entries(files).map(([path, text]) => ({ path, text, kind: 'nginx' as const })), { cwd: '/project' });
  return result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === id).map((m): Row => [m.severity, m.line, m.column, m.endColumn, m.message]));
}

/** Positions only: [severity, line, column, endColumn]. */
export async function at(id: string, files: Record<string, string>): Promise<[string, number, number, number][]> {
  return (await findings(id, files)).map(([s, l, c, e]) => [s, l, c, e]);
}

/**
 * One rule's findings as the engine hands them on, before the results are put together (which
 * drop a double again): [file name, severity, line, column, endColumn]. For the tests that a line
 * several includes reach is reported once.
 */
export function engineFindings(rule: Rule, files: Record<string, string>): [string, string, number, number, number][] {
  const project = projectFromTexts(Object.entries(files).map(([path, text]) => ({ path, text, kind: 'nginx' as const })), { cwd: '/project' });
  return runRules(project, [rule], []).map((d) => {
    const r = spanRange(d.span);
    return [d.span.source.path.replace('/project/', ''), d.severity, r.line, r.column, r.endColumn];
  });
}
