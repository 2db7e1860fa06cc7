// nginx-only cases that prove a rule's claim against the real nginx: each case starts nginx with
// a config (nginx-only.ts), checks what nginx does with a request, then lints the very config
// and checks the rule said what the run shows (one finding of a severity, or none on the fix).
import { describe, test, type ExpectStatic } from 'vitest';
import { lintText } from '../../src/lint.js';
import { skip } from './cases.js';
import { runNginx, type NginxOutcome, type NginxSpec } from './nginx-only.js';
import { describeMessages, registeredRuleIds, type LintedMessage } from './verdict.js';

export interface ServedCase {
  name: string;
  /** The claim this proves (the rule doc's section, or the comment in its .ts). */
  fact: string;
  spec: NginxSpec;
  /** What nginx must have done (status, body, headers). */
  servers: (o: NginxOutcome, expect: ExpectStatic) => void;
  rule: string;
  /** The severity of the rule's one finding, or 'none' (the fixed config). */
  severity: 'error' | 'warning' | 'info' | 'none';
}

async function lintServed(o: NginxOutcome): Promise<LintedMessage[]> {
  const result = await lintText([{ path: o.nginxConfPath, text: o.nginxConf, kind: 'nginx' }], { cwd: o.dir, config: { nginxUser: 'www-data' } });
  return result.results.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath })));
}

/** One concurrent test per case, skipped where e2e tests cannot run (cases.ts says why, once). */
export function describeServedCases(title: string, cases: readonly ServedCase[]): void {
  describe.skipIf(skip).concurrent(title, () => {
    for (const c of cases) {
      test(c.name, async ({ expect }) => {
        const o = await runNginx(c.spec);
        expect.soft(o.noProcessLeft, 'no nginx process left').toBe(true);
        expect.soft(o.noFileLeft, 'case directory removed').toBe(true);
        c.servers(o, expect);
        const messages = await lintServed(o);
        const said = `(${c.fact}); the linter said:\n${describeMessages(messages)}\n--- nginx.conf\n${o.nginxConf}`;
        expect.soft(registeredRuleIds().has(c.rule), `rule ${c.rule} registered`).toBe(true);
        const mine = messages.filter((m) => m.ruleId === c.rule).map((m) => m.severity);
        if (c.severity === 'none') expect.soft(mine, `no ${c.rule} finding on the fix; ${said}`).toEqual([]);
        else expect.soft(mine, `one ${c.severity} from ${c.rule}; ${said}`).toEqual([c.severity]);
      }, 30_000);
    }
  });
}
