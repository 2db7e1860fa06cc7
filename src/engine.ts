// Runs the rules over a resolved project: collects what they report, applies the user's
// severities and the inline suppressions, then runs the rules that judge the suppressions.
// The engine knows no rule by name.
import { rulesFor } from './config.js';
import { diagnostic, type Diagnostic, type Severity } from './diagnostic.js';
import type { Project } from './project.js';
import { Query } from './query/index.js';
import { optionsOf } from './rule-options.js';
import { AFTER_SUPPRESSIONS_TAG, allowsFix, type Report, type Rule, type RuleContext } from './rule.js';
import { applySuppressions, type Suppression } from './suppress.js';
import { timed, type Timing } from './timing.js';

/**
 * What a rule sees: the run's project and query, or for some rules another view of them (a run
 * with pair context shows the rules that judge one side alone only the files it was given).
 */
export type RuleView = (rule: Rule) => { project: Project; query: Query } | undefined;

export function runRules(runProject: Project, rules: readonly Rule[], suppressions: Suppression[], timing?: Timing, runQuery: Query = new Query(runProject), view?: RuleView): Diagnostic[] {
  const run = (rule: Rule, into: Diagnostic[]) => {
    const seen = view?.(rule);
    const query = seen?.query ?? runQuery;
    const project = seen?.project ?? runProject;
    const id = rule.meta.id;
    // Files of one run may get other rules (src/config-run.ts): the rule runs once per set of
    // options in use, and each finding is kept by the run with its file's options.
    const scopes = [project.settings, ...project.settings.ruleScopes];
    const optionSets = new Map<string, Record<string, unknown> | undefined>();
    for (const s of scopes) if (s.rules.get(id) !== 'off') optionSets.set(JSON.stringify(s.ruleOptions.get(id) ?? null), s.ruleOptions.get(id));
    // A line that several includes reach is judged once per place, and says the same each time:
    // the messages reported at each span, each kept once. Keyed by the span, not the message:
    // thousands of findings of a large run carry messages of a few hundred characters each, and
    // a key is hashed whole.
    const reported = new Map<string, string | string[]>();
    // Whether a file's findings belong to this option set, by file: a rule may report thousands
    // of times in one file.
    const keptIn = new Map<string, { kept: boolean; setting: Severity | undefined }>();
    for (const [key, given] of optionSets) {
      keptIn.clear();
      const context: RuleContext = {
        project,
        query,
        suppressions,
        options: optionsOf(rule.meta.options, given),
        report(r: Report) {
          const path = r.span.source.path;
          let file = keptIn.get(path);
          if (!file) {
            const own = rulesFor(project.settings, path);
            const setting = own.rules.get(id);
            file = setting === 'off' ? { kept: false, setting: undefined } : { kept: JSON.stringify(own.ruleOptions.get(id) ?? null) === key, setting };
            keptIn.set(path, file);
          }
          if (!file.kept) return;
          const setting = file.setting;
          const at = `${r.span.source.path}\0${r.span.start}\0${r.span.end}`;
          const earlier = reported.get(at);
          if (earlier === undefined) reported.set(at, r.message);
          else if (earlier === r.message || (Array.isArray(earlier) && earlier.includes(r.message))) return;
          else reported.set(at, Array.isArray(earlier) ? [...earlier, r.message] : [earlier, r.message]);
          const severity = setting ?? r.severity ?? rule.meta.defaultSeverity;
          const d = diagnostic(id, severity, r.span, r.message, r.related ?? []);
          if (r.fix && allowsFix(rule.meta.fixable, r.fix.applicability)) d.fix = r.fix;
          into.push(d);
          // A fix the meta does not declare would be applied under a promise the rule never made.
          if (r.fix && !d.fix) {
            into.push(diagnostic('lint/internal-error', 'error', r.span, `internal error in rule ${id}: it attached a ${r.fix.applicability} fix, but its meta says fixable: ${JSON.stringify(rule.meta.fixable)}; the fix was dropped; please report it`));
          }
        },
      };
      try {
        timed(timing, 'rules', id, () => rule.check(context));
      } catch (err) {
        // One rule's bug must not cost the other rules' findings: say which rule failed, and go on.
        const first = project.nginx[0]?.root.source ?? project.uwsgi[0]?.file.source;
        if (!first) return;
        const message = err instanceof Error ? err.message : String(err);
        into.push(diagnostic('lint/internal-error', 'error', { source: first, start: 0, end: 0 }, `internal error in rule ${id}: ${message}; please report it`));
        return;
      }
    }
  };
  const isLate = (r: Rule) => r.meta.tags.includes(AFTER_SUPPRESSIONS_TAG);
  const findings: Diagnostic[] = [];
  for (const rule of rules) if (!isLate(rule)) run(rule, findings);
  const kept = applySuppressions(findings, suppressions);
  // Findings about suppressions themselves cannot be suppressed inline (that would be circular).
  const late: Diagnostic[] = [];
  for (const rule of rules) if (isLate(rule)) run(rule, late);
  return kept.concat(late);
}
