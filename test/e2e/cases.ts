// Building blocks of the end-to-end cases (pairs.test.ts, rules.test.ts): the uWSGI ini head,
// the nginx server around a location, the Case shape, and the runner that serves each case for
// real (harness.ts), checks what the servers did, then lints the same texts (verdict.ts).
import { afterAll, describe, test, type ExpectStatic } from 'vitest';
import { APP_USER, e2eUnavailableReason, runPair, userIds, type PairOutcome, type PairSpec } from './harness.js';
import { describeMessages, lintOutcome, verdictProblems, type LintedMessage, type LintLaunch, type Verdict } from './verdict.js';

const unavailable = e2eUnavailableReason();
const inCI = process.env.CI === 'true';
/** Outside CI, skip when the servers cannot run here; under CI run regardless and fail loudly. */
export const skip = unavailable !== null && !inCI;

// Building blocks

export const APP = '{{TMP}}/app';

/**
 * uWSGI head shared by the cases: Debian's modular build needs the python3 plugin named, and
 * buffer-size matches nginx's 32 KB of headers, so each case shows its one mistake only.
 */
export function ini(...lines: string[]): string {
  return iniDefaultBuffer('buffer-size = 32768', ...lines);
}

/** The same head with uWSGI's default 4096-byte buffer-size. */
export function iniDefaultBuffer(...lines: string[]): string {
  return ['[uwsgi]', 'plugins = python3', 'master = true', 'processes = 1', `wsgi-file = ${APP}/echo.py`, ...lines, ''].join('\n');
}

/** The production unix socket: uWSGI starts as root, hands the socket to www-data's group, drops to the app user. */
export const GOOD_UNIX = [`socket = ${APP}/app.sock`, 'chmod-socket = 660', `chown-socket = ${APP_USER}:www-data`, `uid = ${APP_USER}`, `gid = ${APP_USER}`];

export function site(location: string, extra = ''): string {
  return `${extra}server {
    listen 127.0.0.1:{{NGINX_PORT}};
    server_name localhost;

    location / {
${location.replace(/^(?=.)/gm, '        ')}
    }
}
`;
}

export const uwsgiPass = (target: string) => site(`include uwsgi_params;\nuwsgi_pass ${target};`);
export const proxyPass = (target: string) => site(`proxy_pass ${target};`);

export interface Case {
  name: string;
  /** The FACTS.md row this reproduces (or the reason for a baseline). */
  fact: string;
  spec: PairSpec;
  /** Paths (relative to the case directory) to stat while the servers run. */
  inspect?: string[];
  servers: (o: PairOutcome, expect: ExpectStatic) => void;
  verdict: Verdict;
  /** Lint with these context files instead of the launch settings. */
  lintLaunch?: LintLaunch;
  /** More about the linter's findings than the verdict says (e.g. no warning at all). */
  lint?: (messages: LintedMessage[], expect: ExpectStatic) => void;
}

export const app = () => userIds(APP_USER)!;

/** One request to /probe?x=1, answered by the app. */
export const PROBE = [{ path: '/probe/path?x=1' }];

export function expectEcho(expect: ExpectStatic, o: PairOutcome, i = 0, path = '/probe/path') {
  const r = o.responses[i];
  expect.soft(r.status, `response ${i}: ${r.error ?? r.body.slice(0, 200)}`).toBe(200);
  expect.soft(r.environ?.PATH_INFO, 'PATH_INFO the app saw').toBe(path);
  expect.soft(r.environ?.REQUEST_METHOD, 'REQUEST_METHOD the app saw').toBe('GET');
}

export function expectStatus(expect: ExpectStatic, o: PairOutcome, status: number, i = 0) {
  const r = o.responses[i];
  expect.soft(r.status, `response ${i}: ${r.error ?? r.body.slice(0, 120)}`).toBe(status);
}

// ---------------------------------------------------------------------------------------------
// The runner

interface Row {
  name: string;
  statuses: string;
  lint: string;
  problems: string[];
}
const report: Row[] = [];
let reportRegistered = false;

/** Serves every case concurrently and checks both sides; E2E_REPORT=1 prints a summary table per file. */
export function runCases(title: string, cases: Case[]): void {
  if (!reportRegistered) {
    reportRegistered = true;
    afterAll(() => {
      if (process.env.E2E_REPORT !== '1' || report.length === 0) return;
      const lines = report
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((r) => `${r.problems.length ? 'LINT-FAIL' : 'ok       '} | ${r.statuses.padEnd(12)} | ${r.name}\n            lint: ${r.lint}${r.problems.map((p) => `\n            ${p}`).join('')}`);
      console.log(`e2e summary:\n${lines.join('\n')}`);
    });
  }

  describe.skipIf(skip).concurrent(title, () => {
    for (const c of cases) {
      test(c.name, async ({ expect }) => {
        const o = await runPair(c.spec, c.inspect);
        // The harness itself: both servers stopped by PID and nothing left behind.
        expect.soft(o.noProcessLeft, 'no nginx/uWSGI process left').toBe(true);
        expect.soft(o.noFileLeft, 'case directory removed').toBe(true);
        expect.soft(o.stopNotes, 'stopped by SIGQUIT/SIGINT alone').toEqual([]);
        c.servers(o, expect);

        const messages = await lintOutcome(o, c.spec.uwsgiStartsAs, c.lintLaunch);
        const problems = verdictProblems(messages, c.verdict);
        report.push({
          name: c.name,
          statuses: o.responses.map((r) => r.status).join(','),
          lint: messages.filter((m) => m.severity !== 'info').map((m) => `${m.severity}:${m.ruleId}`).join(' ') || '(none)',
          problems,
        });
        const said = `the linter said:\n${describeMessages(messages)}\n--- nginx.conf\n${o.nginxConf}--- uwsgi.ini\n${o.uwsgiIni}`;
        expect.soft(problems, `linter vs servers (${c.fact}); ${said}`).toEqual([]);
        if (c.lint) c.lint(messages, expect);
      }, 60_000);
    }
  });
}
