// The last step of a run before the reporters: its diagnostics, as the plain LintResult the
// reporters and the JSON format share. Repeated findings are dropped, paths are shown relative to
// the working directory, and files and messages are put in an order that is the same on every
// machine.
import { spanRange, type Diagnostic, type SourceSpan } from './diagnostic.js';
import type { Range } from './source.js';
import { toPosix, type PathHost } from './posix-path.js';
import type { FileKind, FileResult, LintMessage, LintResult, RelatedLocation } from './result.js';

export function toResult(diagnostics: Diagnostic[], kinds: Map<string, FileKind>, texts: Map<string, string>, cwd: string, host: PathHost): LintResult {
  const byFile = new Map<string, LintMessage[]>();
  for (const path of kinds.keys()) byFile.set(path, []);
  // The findings at each span by rule, to drop repeats: keyed without the message, which runs to
  // hundreds of characters (a large pair has thousands of findings).
  const seen = new Map<string, string | string[]>();
  const sources: Record<string, string> = {};
  // Thousands of findings name a few files: each path is made relative once.
  const shown = new Map<string, string>();
  const show = (path: string): string => {
    let out = shown.get(path);
    if (out === undefined) {
      out = displayPath(path, cwd, host);
      shown.set(path, out);
    }
    return out;
  };
  // Many findings point at one related place (the uWSGI option thousands of nginx lines pass to):
  // its range is worked out once.
  const relatedRanges = new Map<SourceSpan, Range>();
  const relatedRange = (s: SourceSpan): Range => {
    let range = relatedRanges.get(s);
    if (range === undefined) {
      range = spanRange(s);
      relatedRanges.set(s, range);
    }
    return range;
  };
  for (const d of diagnostics) {
    for (const rel of d.related) sources[show(rel.span.source.path)] ??= rel.span.source.text;
    const path = d.span.source.path;
    const r = spanRange(d.span);
    const key = `${path}\0${d.span.start}\0${d.span.end}\0${d.ruleId}`;
    const earlier = seen.get(key);
    if (earlier === d.message || (Array.isArray(earlier) && earlier.includes(d.message))) continue;
    seen.set(key, earlier === undefined ? d.message : Array.isArray(earlier) ? [...earlier, d.message] : [earlier, d.message]);
    // Each field written out, not spread: one object shape for thousands of findings.
    const related: RelatedLocation[] = new Array<RelatedLocation>(d.related.length);
    for (let i = 0; i < related.length; i++) {
      const rel = d.related[i];
      const at = relatedRange(rel.span);
      related[i] = { filePath: show(rel.span.source.path), line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, message: rel.message };
    }
    const message: LintMessage = { ruleId: d.ruleId, severity: d.severity, message: d.message, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, related };
    if (d.fix) message.fix = { range: [d.fix.span.start, d.fix.span.end], text: d.fix.text, applicability: d.fix.applicability };
    if (!byFile.has(path)) byFile.set(path, []);
    byFile.get(path)!.push(message);
  }
  const results: FileResult[] = [];
  for (const [path, messages] of byFile) {
    // A context file is read, not linted: it is listed only when a finding points into it.
    if (kinds.get(path) === 'context' && messages.length === 0) continue;
    messages.sort((a, b) => a.line - b.line || a.column - b.column || byCodeUnits(a.ruleId, b.ruleId));
    const count = (s: string) => messages.filter((m) => m.severity === s).length;
    results.push({
      filePath: show(path),
      kind: kinds.get(path) ?? 'nginx',
      messages,
      errorCount: count('error'),
      warningCount: count('warning'),
      infoCount: count('info'),
      text: texts.get(path),
    });
  }
  results.sort((a, b) => byCodeUnits(a.filePath, b.filePath));
  const sum = (k: 'errorCount' | 'warningCount' | 'infoCount') => results.reduce((n, r) => n + r[k], 0);
  return { results, errorCount: sum('errorCount'), warningCount: sum('warningCount'), infoCount: sum('infoCount'), sources };
}

function displayPath(path: string, cwd: string, host: PathHost): string {
  if (!host.isAbsolute(path)) return path;
  const rel = host.relative(cwd, path);
  return rel.startsWith('..') ? path : toPosix(rel, host);
}

/**
 * Plain string order, the same on every machine and locale (localeCompare is not, and its first
 * call loads ICU's collator, a cost a short pre-commit run notices).
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
