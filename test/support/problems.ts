// The problems a parser or resolver returns, worded as the user sees them: each problem is handed
// to the rules that own parse-stage problems, alone, and what they report comes back as a
// Diagnostic under the reporting rule's id. Tests of the parse and resolve stages check messages
// and severities through this, so a wording moved into a rule is still checked where it is found.
import { diagnostic, type Diagnostic } from '../../src/diagnostic.js';
import type { NginxProblem, ReadProblem, UwsgiProblem } from '../../src/parsed-findings.js';
import type { Query } from '../../src/query/index.js';
import type { Project } from '../../src/project.js';
import type { Rule, RuleContext } from '../../src/rule.js';
import { rule as lintFileAccess } from '../../rules/lint-file-access.js';
import { rule as lintNotAConfig } from '../../rules/lint-not-a-config.js';
import { rule as nginxBom } from '../../rules/nginx-bom.js';
import { rule as nginxIncludeCycle } from '../../rules/nginx-include-cycle.js';
import { rule as nginxLimit } from '../../rules/nginx-limit.js';
import { rule as nginxMissingInclude } from '../../rules/nginx-missing-include.js';
import { rule as nginxSyntax } from '../../rules/nginx-syntax.js';
import { rule as uwsgiInclude } from '../../rules/uwsgi-include.js';
import { rule as uwsgiLimit } from '../../rules/uwsgi-limit.js';
import { rule as uwsgiSection } from '../../rules/uwsgi-section.js';
import { rule as uwsgiSyntax } from '../../rules/uwsgi-syntax.js';

const OWNERS: Rule[] = [nginxSyntax, nginxBom, nginxLimit, nginxMissingInclude, nginxIncludeCycle, uwsgiSyntax, uwsgiInclude, uwsgiLimit, uwsgiSection, lintFileAccess, lintNotAConfig];

type Side = 'nginx' | 'uwsgi' | 'files';

function render(side: Side, problem: NginxProblem | UwsgiProblem | ReadProblem): Diagnostic[] {
  const only = (s: Side) => (kind?: string) => (s === side && (kind === undefined || kind === problem.kind) ? [problem] : []);
  const query = { problems: { nginx: only('nginx'), uwsgi: only('uwsgi'), files: only('files') } } as unknown as Query;
  const out: Diagnostic[] = [];
  for (const rule of OWNERS) {
    const context: RuleContext = {
      project: { nginx: [], uwsgi: [], readFailures: [] } as unknown as Project,
      query,
      suppressions: [],
      options: {},
      report: (r) => out.push(diagnostic(rule.meta.id, r.severity ?? rule.meta.defaultSeverity, r.span, r.message, r.related ?? [])),
    };
    rule.check(context);
  }
  if (out.length !== 1) throw new Error(`${out.length} rules reported the ${side} problem ${problem.kind}: each kind has one owner`);
  return out;
}

/** nginx parse or include problems as Diagnostics, in their order. */
export function nginxDiagnostics(problems: readonly NginxProblem[]): Diagnostic[] {
  return problems.flatMap((p) => render('nginx', p));
}

/** uWSGI parse or resolve problems as Diagnostics, in their order. */
export function uwsgiDiagnostics(problems: readonly UwsgiProblem[]): Diagnostic[] {
  return problems.flatMap((p) => render('uwsgi', p));
}

/** Read problems as Diagnostics, in their order. */
export function readDiagnostics(problems: readonly ReadProblem[]): Diagnostic[] {
  return problems.flatMap((p) => render('files', p));
}

/** A problem as plain data, its spans as offsets (for comparing two parses of one text). */
export function plainProblem(p: NginxProblem | UwsgiProblem | ReadProblem): unknown {
  return JSON.parse(JSON.stringify(p, (key, value) => (key === 'source' || key === 'sections' ? undefined : value)));
}
