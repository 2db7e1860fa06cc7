// Inline suppressions, in both syntaxes' comments:
//   # nginx-uwsgi-lint disable-next-line pair/socket-mismatch, uwsgi/vacuum -- reason
//   ; nginx-uwsgi-lint disable-file uwsgi/runs-as-root -- started by systemd as a service user
// `disable-line` applies to the comment's own line (nginx end-of-line comments; uWSGI has no
// end-of-line comments). No rule ids means every rule.
import type { Diagnostic, SourceSpan } from './diagnostic.js';
import { span } from './diagnostic.js';
import { positionAt, type SourceFile } from './source.js';

export type SuppressionScope = 'next-line' | 'line' | 'file';

export interface Suppression {
  source: SourceFile;
  scope: SuppressionScope;
  /** Line it applies to (1-based); 0 for the whole file. */
  line: number;
  /** Rule ids, or null for every rule. */
  rules: string[] | null;
  reason: string | null;
  /** The comment, for reporting an unused suppression. */
  span: SourceSpan;
  /** Rule ids (or '*') that suppressed at least one finding. */
  used: Set<string>;
}

const DIRECTIVE = /^\s*nginx-uwsgi-lint\s+(disable-next-line|disable-line|disable-file)\b(.*)$/;

/** Suppressions in the comments of a file (`text` is what follows `#` or `;`). */
export function parseSuppressions(source: SourceFile, comments: { text: string; start: number; end: number }[]): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const [body, reason] = splitReason(m[2]);
    const ids = body.split(/[\s,]+/).filter(Boolean);
    const scope: SuppressionScope = m[1] === 'disable-file' ? 'file' : m[1] === 'disable-line' ? 'line' : 'next-line';
    const ownLine = positionAt(source, c.start).line;
    out.push({
      source,
      scope,
      line: scope === 'file' ? 0 : scope === 'line' ? ownLine : ownLine + 1,
      rules: ids.length ? ids : null,
      reason,
      span: span(source, c.start, c.end),
      used: new Set(),
    });
  }
  return out;
}

function splitReason(rest: string): [string, string | null] {
  const at = rest.indexOf('--');
  if (at === -1) return [rest, null];
  return [rest.slice(0, at), rest.slice(at + 2).trim() || null];
}

/** Drops suppressed findings and records which suppressions were used. */
export function applySuppressions(diagnostics: Diagnostic[], suppressions: Suppression[]): Diagnostic[] {
  if (suppressions.length === 0) return diagnostics;
  const byPath = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const list = byPath.get(s.source.path) ?? [];
    list.push(s);
    byPath.set(s.source.path, list);
  }
  return diagnostics.filter((d) => {
    const list = byPath.get(d.span.source.path);
    if (!list) return true;
    const line = positionAt(d.span.source, d.span.start).line;
    for (const s of list) {
      if (s.line !== 0 && s.line !== line) continue;
      if (s.rules && !s.rules.includes(d.ruleId)) continue;
      s.used.add(s.rules ? d.ruleId : '*');
      return false;
    }
    return true;
  });
}
