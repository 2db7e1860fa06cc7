// Lints an in-memory run (nginx files and uWSGI ini files by extension) and returns the pair findings.
import { contextKindFromName } from '../../src/context/index.js';
import { lintText } from '../../src/lint.js';

export interface Finding {
  file: string;
  ruleId: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: { filePath: string; line: number; column: number; message: string }[];
}

export async function lintPair(files: Record<string, string>, config?: Record<string, unknown>): Promise<Finding[]> {
  const inputs = Object.entries(files).map(([path, text]) => ({ path, text, kind: contextKindFromName(path) ? ('context' as const) : path.endsWith('.ini') ? ('uwsgi' as const) : ('nginx' as const) }));
  const result = await lintText(inputs, { cwd: '/project', config: config as never });
  return result.results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId.startsWith('pair/'))
      .map((m) => ({ file: r.filePath, ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, message: m.message, related: m.related })),
  );
}

export const byRule = (findings: Finding[], id: string) => findings.filter((f) => f.ruleId === id);

/** A location passing to `target` with `directive`, and the lines given. */
export function site(pass: string, extra = 'include uwsgi_params;'): string {
  return `server {\n    listen 80;\n    location / {\n        ${extra}\n        ${pass};\n    }\n}\n`;
}

export function ini(...lines: string[]): string {
  return `[uwsgi]\n${lines.join('\n')}\n`;
}
