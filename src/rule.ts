// What a rule is: its metadata, and a check that reads the resolved project and reports.
// A rule never reads files or prints; the engine knows rules only through this shape.
import type { Diagnostic, Fix, FixApplicability, RelatedInformation, Severity, SourceSpan } from './diagnostic.js';
import type { Project } from './project.js';
import type { Query } from './query/index.js';
import type { Suppression } from './suppress.js';
import type { RuleOptions, RuleOptionSpec } from './rule-options.js';

export type { RuleOptions, RuleOptionSpec };

export type RuleFixable = false | FixApplicability | 'safe-or-unsafe';

/** Whether a rule whose meta says `fixable` may attach a fix of this kind. */
export function allowsFix(fixable: RuleFixable, applicability: FixApplicability): boolean {
  return fixable === 'safe-or-unsafe' || fixable === applicability;
}

/** Rules tagged so run after the others, once suppressions have been applied. */
export const AFTER_SUPPRESSIONS_TAG = 'suppressions';

export type RuleTarget = 'nginx' | 'uwsgi' | 'pair' | 'lint';

export interface RuleMeta {
  /** Stable id `<target>/<name>`: SARIF ids, doc URLs and suppressions depend on it. */
  id: string;
  /** One line: what the rule finds. */
  description: string;
  defaultSeverity: Severity;
  tags: string[];
  /**
   * The fixes the rule's findings may carry: none (false), only safe ones, only unsafe ones, or
   * either, finding by finding ('safe-or-unsafe'). The engine refuses a fix the meta does not declare.
   */
  fixable: RuleFixable;
  /**
   * For a rule tagged `security`: how bad a finding is if exploited, a CVSS-like score from 0.1 to
   * 10 (GitHub code scanning ranks by it: 9.0+ critical, 7.0+ high, 4.0+ medium, below low).
   * The scores and their reasons are listed in docs/reports.md.
   */
  securitySeverity?: number;
  /** How sure a finding is (SARIF precision): very-high, high, medium, low. */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  /**
   * The gixy checks this rule answers (plugin names of gixy-ng and Gixy-Next, `origins`), so that a
   * gixy user can map findings and suppressions. Shown by `--list-rules --format json` and in the doc.
   */
  gixy?: readonly string[];
  /**
   * The options the rule takes, set as `"rules": { "<id>": ["warning", { "<name>": value }] }`.
   * The engine fills in the defaults; the configuration refuses unknown names and wrong types.
   */
  options?: Readonly<Record<string, RuleOptionSpec>>;
}

export interface Report {
  span: SourceSpan;
  message: string;
  related?: RelatedInformation[];
  fix?: Fix;
  /** Overrides the rule's default severity for this finding (before user configuration). */
  severity?: Severity;
}

export interface RuleContext {
  /** The run's inputs and settings (launches, context files, the configured users). */
  readonly project: Project;
  /** How a rule reads the configs: the query layer (src/query/index.ts). */
  readonly query: Query;
  /** Inline suppressions of every file in the run (rules tagged "suppressions" see them used). */
  readonly suppressions: readonly Suppression[];
  /** The rule's options (meta.options), defaults filled in, as the configuration sets them. */
  readonly options: RuleOptions;
  /** Records a finding; the same finding (span and message) reported twice is kept once. */
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/**
 * Keeps one finding per blamed span, the one of the highest rank (the first of equal rank), for a
 * rule that judges one line more than once with different words: an ini that two launches start
 * (a Dockerfile that runs supervisord, and its program) is one config per launch, and the launch
 * that shows the answer says more than the one that does not.
 */
export class BestFindingPerSpan {
  private readonly best = new Map<string, { rank: number; report: Report }>();

  offer(rank: number, report: Report): void {
    const key = `${report.span.source.path}\0${report.span.start}\0${report.span.end}`;
    const earlier = this.best.get(key);
    if (!earlier || earlier.rank < rank) this.best.set(key, { rank, report });
  }

  reportTo(context: RuleContext): void {
    for (const { report } of this.best.values()) context.report(report);
  }
}

/** The rule's doc page, beside its source in rules/. */
export function ruleDocFile(id: string): string {
  return `${id.replace('/', '-')}.md`;
}

export const DOCS_BASE = 'https://github.com/nginx-uwsgi-lint/nginx-uwsgi-lint/blob/main/rules/';

export function ruleDocsUrl(id: string): string {
  return DOCS_BASE + ruleDocFile(id);
}

/** The rule's doc as released with `version` (the `v<version>` tag): it matches the findings of that release. */
export function ruleDocsUrlAt(id: string, version: string): string {
  return DOCS_BASE.replace('/blob/main/', `/blob/v${version}/`) + ruleDocFile(id);
}

export type { Diagnostic };
