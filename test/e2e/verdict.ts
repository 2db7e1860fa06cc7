// The linter's side of an end-to-end case: lint exactly the texts the servers ran, with the
// settings that describe how the harness ran them, and compare with what the servers did.
import { lintText } from '../../src/lint.js';
import type { LintMessage } from '../../src/result.js';
import { rules } from '../../rules/index.js';
import { APP_USER, type PairOutcome } from './harness.js';

/**
 * What the linter must say about a pair.
 * - error: the pair fails for real; at least one error, and one of `rules` reports an error.
 * - warning: it answers 200 but is wrong; no error, and one of `rules` reports a warning.
 * - info: it works, with an operational trap; no error, and one of `rules` reports (any severity).
 * - clean: it works; no error and no warning from any rule, and no pair/* finding at all, not
 *   even an info (`rules` names the rules whose silence is the point: they must exist, or
 *   "clean" proves nothing).
 */
export interface Verdict {
  kind: 'error' | 'warning' | 'info' | 'clean';
  rules: string[];
}

export interface LintedMessage extends LintMessage {
  filePath: string;
}

export function registeredRuleIds(): Set<string> {
  return new Set(rules.map((r) => r.meta.id));
}

/**
 * How the linter learns the launch: by default the settings say what the harness did; a case may
 * instead hand it the file that would start uWSGI so (a systemd unit), with no launch setting.
 */
export interface LintLaunch {
  /** Context files; `{{INI}}` stands for the ini's path. */
  context: { path: string; text: string }[];
}

export async function lintOutcome(o: PairOutcome, uwsgiStartsAs: 'root' | 'service-user', launch?: LintLaunch): Promise<LintedMessage[]> {
  const result = await lintText(
    [
      { path: o.nginxConfPath, text: o.nginxConf, kind: 'nginx' },
      { path: o.uwsgiIniPath, text: o.uwsgiIni, kind: 'uwsgi' },
      ...(launch?.context ?? []).map((f) => ({ path: `${o.dir}/${f.path}`, text: f.text.replaceAll('{{INI}}', o.uwsgiIniPath), kind: 'context' as const })),
    ],
    {
      cwd: o.dir,
      // The harness starts uWSGI as root or as APP_USER: the linter is told the same.
      config: launch
        ? { nginxUser: 'www-data', uwsgiBuild: 'modular', uwsgiLaunchDir: o.launchDir }
        : { nginxUser: 'www-data', uwsgiStartsAs, uwsgiUser: uwsgiStartsAs === 'service-user' ? APP_USER : undefined, uwsgiBuild: 'modular', uwsgiLaunchDir: o.launchDir },
    },
  );
  return result.results.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath })));
}

export function describeMessages(messages: LintedMessage[]): string {
  if (messages.length === 0) return '  (no findings)';
  return messages.map((m) => `  ${m.filePath}:${m.line}:${m.column}: ${m.severity}: ${m.message} [${m.ruleId}]`).join('\n');
}

/** Problems with the linter's verdict, as sentences; empty when it agrees with the servers. */
export function verdictProblems(messages: LintedMessage[], verdict: Verdict): string[] {
  const problems: string[] = [];
  const registered = registeredRuleIds();
  const missing = verdict.rules.filter((id) => !registered.has(id));
  if (missing.length > 0) problems.push(`MISSING RULE${missing.length > 1 ? 'S' : ''} ${missing.join(', ')}: not in rules/index.ts, so the linter cannot give this case its ${verdict.kind} verdict`);
  const errors = messages.filter((m) => m.severity === 'error');
  const warnings = messages.filter((m) => m.severity === 'warning');
  const from = (list: LintedMessage[]) => list.filter((m) => verdict.rules.includes(m.ruleId));
  if (verdict.kind === 'error') {
    if (errors.length === 0) problems.push(`WRONG VERDICT: the servers fail but the linter reports no error (expected one from ${verdict.rules.join(' or ')})`);
    else if (from(errors).length === 0) problems.push(`WRONG RULE: errors, but none from ${verdict.rules.join(' or ')}`);
  } else if (verdict.kind === 'warning') {
    if (errors.length > 0) problems.push(`WRONG VERDICT: the servers answer 200 but the linter reports ${errors.length} error(s)`);
    if (from(warnings).length === 0) problems.push(`WRONG VERDICT: the app gets a broken request but there is no warning from ${verdict.rules.join(' or ')}`);
  } else if (verdict.kind === 'info') {
    if (errors.length > 0) problems.push(`WRONG VERDICT: the pair works but the linter reports ${errors.length} error(s)`);
    if (from(messages).length === 0) problems.push(`WRONG VERDICT: no finding from ${verdict.rules.join(' or ')}`);
  } else {
    if (errors.length > 0 || warnings.length > 0) problems.push(`WRONG VERDICT: the pair works but the linter reports ${errors.length} error(s) and ${warnings.length} warning(s)`);
    const pairInfos = messages.filter((m) => m.severity === 'info' && m.ruleId.startsWith('pair/'));
    if (pairInfos.length > 0) problems.push(`WRONG VERDICT: the pair works but the linter remarks on it: ${pairInfos.map((m) => m.ruleId).join(', ')}`);
  }
  return problems;
}
