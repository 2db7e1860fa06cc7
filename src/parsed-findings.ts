// The findings of the read, parse and resolve stages (syntax errors, missing includes, limits),
// handed to the rules that own their ids, so severities and suppressions apply to them too.
import type { Diagnostic } from './diagnostic.js';
import type { Project } from './project.js';
import type { RuleContext } from './rule.js';

export function parsedFindings(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seenFiles = new Set<object>();
  for (const config of project.nginx) {
    for (const file of config.files) {
      if (seenFiles.has(file)) continue;
      seenFiles.add(file);
      out.push(...file.diagnostics);
    }
    out.push(...config.resolutionDiagnostics);
  }
  for (const config of project.uwsgi) out.push(...config.diagnostics);
  out.push(...project.readFailures);
  return out;
}

/** Reports, under the calling rule, every parse-stage finding with its id. */
export function reportParsed(context: RuleContext, ruleId: string): void {
  for (const d of parsedFindings(context.project)) {
    if (d.ruleId !== ruleId) continue;
    context.report({ span: d.span, message: d.message, related: d.related, severity: d.severity });
  }
}
