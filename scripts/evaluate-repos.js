// Lints whole repositories the way a new user's CI would: `nginx-uwsgi-lint --format json .` run
// with the working directory at each repository's root, nothing configured. It prints one row per
// repository (exit code, errors, warnings, infos, the files linted as nginx / uWSGI / context) and
// the totals of errors and warnings per rule, so a change to the rules can be judged on real trees.
// It downloads nothing: give it a directory whose subdirectories are checked-out repositories (the
// sample used for docs/evaluation.md, with its commits, is listed there).
//
//   node scripts/evaluate-repos.js <dir> [--cli <path>] [--json <file>] [--baseline <file>] [--only <name>]...
//
// --cli       the CLI to run (default: this checkout's bin/nginx-uwsgi-lint.js; run `npm run build`)
// --json      also write every repository's full JSON report, exit code and stderr to <file>
// --baseline  a --json file of an earlier run: list the errors and warnings each repository lost
//             and gained since (by file, position, severity and rule), to see what a change fixed
// --only      evaluate only the named subdirectory (repeatable)
// Exit code: 0 when every run exited 0 or 1 with a JSON report, 1 otherwise (a crash, exit 2,
// output that is not the JSON document).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { dir: undefined, cli: join(here, '..', 'bin', 'nginx-uwsgi-lint.js'), json: undefined, baseline: undefined, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cli' || a === '--json' || a === '--baseline' || a === '--only') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === '--cli') opts.cli = resolve(v);
      else if (a === '--json') opts.json = resolve(v);
      else if (a === '--baseline') opts.baseline = resolve(v);
      else opts.only.push(v);
    } else if (a === '-h' || a === '--help') {
      opts.help = true;
    } else if (opts.dir === undefined) {
      opts.dir = resolve(a);
    } else {
      throw new Error(`unexpected argument ${a}`);
    }
  }
  return opts;
}

/** Runs the CLI at one repository root and sums up its report. */
export function evaluateRepo(root, cli) {
  const run = spawnSync(process.execPath, [cli, '--format', 'json', '--no-color', '.'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300_000,
  });
  const outcome = {
    exitCode: run.status,
    signal: run.signal,
    stderr: run.stderr,
    report: undefined,
    problem: undefined,
    files: { nginx: [], uwsgi: [], context: [] },
    byRule: {},
    errors: 0,
    warnings: 0,
    infos: 0,
  };
  if (run.error) outcome.problem = `could not run: ${run.error.message}`;
  try {
    outcome.report = JSON.parse(run.stdout);
  } catch {
    outcome.problem ??= `no JSON report (exit ${run.status}${run.signal ? `, ${run.signal}` : ''})`;
    return outcome;
  }
  if (run.status !== 0 && run.status !== 1) outcome.problem = `exit ${run.status}`;
  if (/\n\s+at .+:\d+:\d+\)?/.test(run.stderr)) outcome.problem = 'stack trace on stderr';
  for (const result of outcome.report.results) {
    (outcome.files[result.kind] ??= []).push(result.filePath);
    for (const m of result.messages) {
      const counts = (outcome.byRule[m.ruleId] ??= { error: 0, warning: 0, info: 0 });
      counts[m.severity]++;
    }
  }
  outcome.errors = outcome.report.errorCount;
  outcome.warnings = outcome.report.warningCount;
  outcome.infos = outcome.report.infoCount;
  return outcome;
}

/** The errors and warnings of one saved run, keyed so that the same finding matches across runs. */
function findings(saved) {
  const out = new Map();
  for (const result of saved?.report?.results ?? []) {
    for (const m of result.messages) {
      if (m.severity === 'info') continue;
      out.set(`${result.filePath}:${m.line}:${m.column} ${m.severity} [${m.ruleId}]`, m.message);
    }
  }
  return out;
}

/** Lines saying what each repository lost (-) and gained (+) since the baseline run. */
export function compareRuns(baseline, current) {
  const lines = [];
  for (const name of Object.keys(current)) {
    if (!(name in baseline)) {
      lines.push(`${name}: not in the baseline`);
      continue;
    }
    const before = findings(baseline[name]);
    const after = findings(current[name]);
    const lost = [...before.keys()].filter((k) => !after.has(k));
    const gained = [...after.keys()].filter((k) => !before.has(k));
    if (lost.length === 0 && gained.length === 0) continue;
    lines.push(`${name}:`);
    for (const k of lost) lines.push(`  - ${k}`);
    for (const k of gained) lines.push(`  + ${k} ${after.get(k)}`);
  }
  return lines;
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help || opts.dir === undefined) {
    process.stdout.write('usage: node scripts/evaluate-repos.js <dir-of-repositories> [--cli <path>] [--json <file>] [--baseline <file>] [--only <name>]...\n');
    process.exit(opts.help ? 0 : 2);
  }
  const names = readdirSync(opts.dir)
    .filter((n) => !n.startsWith('.') && statSync(join(opts.dir, n)).isDirectory())
    .filter((n) => opts.only.length === 0 || opts.only.includes(n))
    .sort();
  const all = {};
  const totals = {};
  let failedRuns = 0;
  let withErrors = 0;
  const width = Math.max(10, ...names.map((n) => n.length)) + 1;
  process.stdout.write(`${pad('repository', width)} exit errors warnings infos nginx uwsgi context  errors by rule\n`);
  for (const name of names) {
    const o = evaluateRepo(join(opts.dir, name), opts.cli);
    all[name] = {
      exitCode: o.exitCode,
      problem: o.problem ?? null,
      stderr: o.stderr,
      files: o.files,
      byRule: o.byRule,
      report: o.report ?? null,
    };
    if (o.problem) failedRuns++;
    if (o.errors > 0) withErrors++;
    for (const [rule, c] of Object.entries(o.byRule)) {
      const t = (totals[rule] ??= { error: 0, warning: 0, info: 0, reposWithError: 0 });
      t.error += c.error;
      t.warning += c.warning;
      t.info += c.info;
      if (c.error > 0) t.reposWithError++;
    }
    const errorRules = Object.entries(o.byRule)
      .filter(([, c]) => c.error > 0)
      .map(([r, c]) => `${r}×${c.error}`)
      .join(' ');
    process.stdout.write(
      `${pad(name, width)} ${pad(o.exitCode ?? o.signal, 4)} ${pad(o.errors, 6)} ${pad(o.warnings, 8)} ${pad(o.infos, 5)} ` +
        `${pad(o.files.nginx.length, 5)} ${pad(o.files.uwsgi.length, 5)} ${pad(o.files.context.length, 7)}  ` +
        `${o.problem ? `[${o.problem}] ` : ''}${errorRules}\n`,
    );
  }
  process.stdout.write(`\n${names.length} repositories, ${withErrors} with at least one error, ${failedRuns} runs that crashed or exited 2\n\n`);
  process.stdout.write(`${pad('rule', 34)} errors (repos) warnings infos\n`);
  for (const [rule, t] of Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    process.stdout.write(`${pad(rule, 34)} ${pad(`${t.error} (${t.reposWithError})`, 15)} ${pad(t.warning, 8)} ${t.info}\n`);
  }
  if (opts.baseline) {
    const lines = compareRuns(JSON.parse(readFileSync(opts.baseline, 'utf8')), all);
    process.stdout.write(`\nsince ${opts.baseline}: ${lines.length === 0 ? 'no error or warning lost or gained' : ''}\n`);
    for (const line of lines) process.stdout.write(`${line}\n`);
  }
  if (opts.json) writeFileSync(opts.json, JSON.stringify(all, null, 1) + '\n');
  process.exit(failedRuns > 0 ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
