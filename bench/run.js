// `npm run bench`: throughput and peak memory of the real CLI, each run in a fresh process.
// Workloads: a synthetic 5,000-server http block, the shared corpus, one small nginx + uWSGI
// pair; `nginx -t` on the synthetic file for scale. Issue 20's: a varied-shape config and a
// one-shape config with its uWSGI ini (each next to `nginx -t` on the same file), directories of
// many one-server files, large inis, and a bare `node -e 0` start. Prints a table and PASS/MISS
// against the targets; a miss never fails the run (exit 2 only when something could not be measured).
//
//   node bench/run.js [--json] [--runs N] [--servers N] [--no-time] [--profile] [--yardsticks]
//                     [--seed N] [--many 2000,10000[,50000]] [--ini-quarter] [--pair-sockets N]
//                     [--heavy-runs N] [--no-issue20]
//
// --no-time  measure peak RSS without /usr/bin/time (the fallback path, via maxrss-hook.js)
// --profile  also run the synthetic workload once under --cpu-prof and print the top functions
// --yardsticks  also parse the synthetic file with the issue's other yardstick, a naive Ohm
//               grammar and its character-range variant (bench/naive-ohm.js: about 15 s, 1.6 GB)
// --seed N      the varied-shape config's draw (default 20)
// --many LIST   the many-files workload's directory sizes, ascending (default 2000,10000; the
//               issue's 50000 takes minutes)
// --ini-quarter a quarter of the issue's large inis (1 MB of key = value lines, 250,000 blank
//               lines) instead of its full sizes (4 MB, 1,000,000), the default: at a quarter,
//               Node's start-up is most of the time and MB/s says little of the linter
// --pair-sockets N  how many sockets the pair workload's ini binds, the 5,000 targets spread
//               over them (default 100)
// --heavy-runs N  measured runs of the many-files and ini workloads (default 3, no warm-up: their
//               files were just written)
// --no-issue20  only the original three workloads and nginx -t
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { oneShapeHttpConfig, pairIni, syntheticHttpConfig, syntheticServer } from './synthetic.js';
import { variedHttpConfig } from './varied.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'nginx-uwsgi-lint.js');
const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
const NGINX = '/usr/sbin/nginx';
const TIME = '/usr/bin/time';
const MB = 1e6; // throughput and sizes in decimal megabytes; RSS in MiB, as `ps` and `top` count

/** The issue's targets. Peak RSS is judged on the synthetic workload, the largest input. */
const TARGETS = {
  syntheticMBps: 3.3,
  syntheticPeakRssMiB: 180,
  smallPairMs: 150,
};

/** Issue 20's targets, as ratios measured in one run. */
const TARGETS20 = {
  variedVsNginx: 1.5, // the varied-shape config's time, at most this times nginx -t's on it
  pairVsNginx: 1.2, // the one-shape config with its ini, at most this times nginx -t's on the config
  smallPairVsNode: 2, // one small pair, at most this times a bare `node -e 0`
  // Files: N files in at most N/M times the time of M files (linear); ini MB/s >= the synthetic run's.
};

/** The issue's yardstick: `nginx -t` read the synthetic file at 6.6 MB/s on the machine the targets were set on. */
const ISSUE_NGINX_MBPS = 6.6;
/** And "a naive Ohm grammar at 0.3 MB/s ...; a grammar using character ranges instead of negative lookaheads doubles that". */
const ISSUE_OHM_MBPS = { naive: 0.3, ranges: 0.6 };

const { values: opts } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    servers: { type: 'string', default: '5000' },
    'no-time': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    yardsticks: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20' },
    many: { type: 'string', default: '2000,10000' },
    'ini-quarter': { type: 'boolean', default: false },
    // The default since the large inis take under a second; kept so older command lines run.
    'ini-full': { type: 'boolean', default: false },
    'pair-sockets': { type: 'string', default: '100' },
    'heavy-runs': { type: 'string', default: '3' },
    'no-issue20': { type: 'boolean', default: false },
  },
});
const SEED = Number.parseInt(opts.seed, 10) || 0;
const MANY = opts.many
  .split(',')
  .map((n) => Number.parseInt(n, 10))
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const PAIR_SOCKETS = Math.max(1, Number.parseInt(opts['pair-sockets'], 10) || 100);
const HEAVY_RUNS = Math.max(1, Number.parseInt(opts['heavy-runs'], 10) || 3);
const INI_KV_BYTES = opts['ini-quarter'] ? 1_000_000 : 4_000_000;
const INI_BLANK_LINES = opts['ini-quarter'] ? 250_000 : 1_000_000;
const RUNS = Math.max(1, Number.parseInt(opts.runs, 10) || 5);
const SERVERS = Math.max(1, Number.parseInt(opts.servers, 10) || 5000);
const log = opts.json ? (line) => process.stderr.write(`${line}\n`) : (line) => process.stdout.write(`${line}\n`);

if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js'))) {
  process.stderr.write('bench: dist/src/cli.js is missing: run `npm run build` (or `npm run bench`, which builds first)\n');
  process.exit(2);
}

const rssMethod = !opts['no-time'] && hasGnuTime() ? 'time' : 'hook';
const tmp = mkdtempSync(join(tmpdir(), 'nginx-uwsgi-lint-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}

async function main() {
  const workloads = buildWorkloads();
  log(`nginx-uwsgi-lint bench: node ${process.version}, ${cpus().length} cores, ${RUNS} runs after 1 warm-up, peak RSS via ${rssMethod === 'time' ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS (--import bench/maxrss-hook.js)'}`);
  // Other processes skew wall times: the load average at start and end tells a quiet run from a busy one.
  const loadBefore = loadavg()[0];

  const rows = [];
  for (const w of workloads) {
    if (w.skip) {
      log(`skip ${w.name}: ${w.skip}`);
      rows.push({ name: w.name, skipped: w.skip });
      continue;
    }
    // A workload and its yardstick (nginx -t on the same config, a bare Node start for the small
    // pair) take turns, run by run, so that a ratio compares runs of the same seconds: the load of
    // a shared machine drifts over the tens of seconds one series of runs takes.
    const series = [cliSeries(w)];
    if (w.nginx) {
      if (measureNginxAvailable()) series.push(nginxSeries(w, w.nginx));
      else log(`skip nginx -t: ${NGINX} not found`);
    }
    if (w.partner) series.push(bareSeries(w.partner));
    log(`run  ${series.map((s) => s.label).join(' and ')}${series.length > 1 ? ', in turn' : ''} ...`);
    rows.push(...(await measureInTurn(series, w.heavy ? { warmUp: false, runs: HEAVY_RUNS } : { warmUp: true, runs: RUNS })));
  }

  const ohm = opts.yardsticks ? await measureNaiveOhm(workloads[0]) : [];

  const load = { before: round(loadBefore, 2), after: round(loadavg()[0], 2) };
  const checks = [...judge(rows), ...judge20(rows)];
  const profile = opts.profile ? await profileSynthetic(workloads[0]) : null;

  if (opts.json) {
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cores: cpus().length,
      loadAverage1m: load,
      runs: RUNS,
      rssMethod,
      workloads: rows,
      targets: checks,
      scale: scaleOf(rows),
      ...(opts.yardsticks ? { ohmYardsticks: ohm } : {}),
      ...(profile ? { profile } : {}),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    log('');
    log(table(rows));
    log(`(1-minute load average ${load.before} before, ${load.after} after: well above 0 means the figures are pessimistic)`);
    log('');
    for (const c of checks) log(`${c.pass ? 'PASS' : 'MISS'}  ${c.target.padEnd(c.issue ? 58 : 40)} measured ${c.measured}`);
    const scale = scaleOf(rows);
    if (scale) {
      log('');
      log(`scale: nginx -t reads the synthetic file at ${scale.nginxMBps} MB/s here, ${ISSUE_NGINX_MBPS} MB/s where the targets were set`);
      log(`       (this machine is ${scale.machineFactor}x that one); the synthetic run is ${scale.syntheticVsNginx}x nginx -t's throughput,`);
      log(`       the target ${round(TARGETS.syntheticMBps / ISSUE_NGINX_MBPS, 2)}x`);
    }
    for (const y of ohm) {
      if (y.error) log(`scale: ${y.variant} Ohm grammar: ${y.error}`);
      else {
        log(`scale: the ${y.variant} Ohm grammar of bench/naive-ohm.js parses the synthetic file at ${y.MBps} MB/s (${y.maxRssMiB} MiB)`);
        log(`       here, the issue's ${ISSUE_OHM_MBPS[y.variant]} MB/s where the targets were set: this machine is ${y.machineFactor}x that one`);
      }
    }
    if (profile) printProfile(profile);
  }
  if (rows.some((r) => r.error)) process.exitCode = 2;
}

// ---------------------------------------------------------------------------------------------
// Workloads

function buildWorkloads() {
  const synthDir = join(tmp, 'synthetic');
  mkdirSync(join(synthDir, 'logs'), { recursive: true });
  // Relative log paths land under nginx's -p prefix, so `nginx -t` writes nothing outside tmp.
  const synthFile = join(synthDir, 'nginx.conf');
  writeFileSync(synthFile, syntheticHttpConfig(SERVERS, { logDir: 'logs' }));

  const corpusFiles = existsSync(CORPUS) ? walk(CORPUS) : [];
  const smallFiles = smallPair();

  const base = [
    { name: 'synthetic', describe: `${SERVERS} server blocks in one http block`, files: [synthFile], bytes: sizeOf([synthFile]), dir: synthDir, nginx: 'nginx -t (scale)' },
    existsSync(CORPUS)
      ? { name: 'corpus', describe: 'every file of ../shared/corpus', files: corpusFiles, bytes: sizeOf(corpusFiles) }
      : { name: 'corpus', skip: `${CORPUS} does not exist` },
    {
      name: 'small pair',
      describe: smallFiles.describe,
      files: smallFiles.files,
      bytes: sizeOf(smallFiles.files),
      // Issue 20's yardstick for it, measured in turn with it.
      partner: opts['no-issue20'] ? undefined : { name: 'node -e 0', describe: 'a bare Node start, for the small pair', files: [], bytes: 0 },
    },
  ];
  if (opts['no-issue20']) return base;
  return [...base, ...issue20Workloads()];
}

/** Issue 20's inputs, all written to the temp dir from seeded or fixed generators. */
function issue20Workloads() {
  const out = [];

  const variedDir = join(tmp, 'varied');
  mkdirSync(join(variedDir, 'logs'), { recursive: true });
  const variedFile = join(variedDir, 'nginx.conf');
  const varied = variedHttpConfig({ seed: SEED, logDir: 'logs' });
  writeFileSync(variedFile, varied.text);
  out.push({
    name: 'varied',
    describe: `seed ${SEED}: ${varied.servers} servers, ${varied.upstreams} upstreams, ${varied.maps} maps drawn at random`,
    files: [variedFile],
    bytes: sizeOf([variedFile]),
    dir: variedDir,
    nginx: 'nginx -t (varied)',
  });

  const pairDir = join(tmp, 'pair');
  mkdirSync(join(pairDir, 'logs'), { recursive: true });
  const pairConf = join(pairDir, 'nginx.conf');
  const pairIniFile = join(pairDir, 'app.ini');
  writeFileSync(pairConf, oneShapeHttpConfig(SERVERS, { logDir: 'logs', sockets: PAIR_SOCKETS }));
  writeFileSync(pairIniFile, pairIni(PAIR_SOCKETS));
  out.push({
    name: 'one-shape pair',
    describe: `${SERVERS} uwsgi_pass targets over the ${PAIR_SOCKETS} sockets of one ini`,
    files: [pairConf, pairIniFile],
    bytes: sizeOf([pairConf, pairIniFile]),
    dir: pairDir,
    nginx: 'nginx -t (pair)',
    nginxFile: pairConf,
  });

  for (const n of MANY) {
    // One directory named on the command line, as `nginx-uwsgi-lint sites-enabled/` is: 50,000
    // paths would not fit in the argument list.
    const dir = join(tmp, `many-${n}`);
    mkdirSync(dir);
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const text = syntheticServer(i, { logDir: 'logs' });
      writeFileSync(join(dir, `site${i}.conf`), text);
      bytes += Buffer.byteLength(text);
    }
    out.push({ name: `files ${n}`, describe: `${n} one-server files in one directory`, files: [dir], count: n, bytes, heavy: true });
  }

  const iniDir = join(tmp, 'ini');
  mkdirSync(iniDir);
  const kv = join(iniDir, 'settings.ini');
  writeFileSync(kv, keyValueIni(INI_KV_BYTES));
  out.push({ name: 'ini key = value', describe: `${formatBytes(INI_KV_BYTES)} of env = KEY=value lines under [uwsgi]`, files: [kv], bytes: sizeOf([kv]), heavy: true, ini: true });
  const blank = join(iniDir, 'blank.ini');
  writeFileSync(blank, `[uwsgi]\n${'\n'.repeat(INI_BLANK_LINES)}module = app.wsgi:application\n`);
  out.push({ name: 'ini blank lines', describe: `${INI_BLANK_LINES} blank lines after [uwsgi]`, files: [blank], bytes: sizeOf([blank]), heavy: true, ini: true });
  return out;
}

/** An ini of about `bytes` bytes of `key = value` lines: `env` is the option real inis repeat most. */
function keyValueIni(bytes) {
  const parts = ['[uwsgi]\nmaster = true\nmodule = app.wsgi:application\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const line = `env = APP_SETTING_${i}=value-${i}\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

function smallPair() {
  const clean = join(ROOT, 'examples', 'clean');
  if (existsSync(clean)) {
    const files = walk(clean);
    if (files.length > 0) return { files, describe: 'examples/clean' };
  }
  const dir = join(tmp, 'small');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'mysite_nginx.conf'), `upstream django {
    server unix:///run/uwsgi/mysite.sock;
}
server {
    listen 80;
    server_name example.com;
    location /static {
        alias /srv/mysite/static;
    }
    location / {
        uwsgi_pass django;
        include uwsgi_params;
    }
}
`);
  writeFileSync(join(dir, 'mysite_uwsgi.ini'), `[uwsgi]
chdir = /srv/mysite
module = mysite.wsgi
master = true
processes = 4
socket = /run/uwsgi/mysite.sock
chmod-socket = 664
vacuum = true
`);
  return { files: [join(dir, 'mysite_nginx.conf'), join(dir, 'mysite_uwsgi.ini')], describe: 'a small site + ini written to tmp' };
}

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

function sizeOf(files) {
  return files.reduce((n, f) => n + statSync(f).size, 0);
}

// ---------------------------------------------------------------------------------------------
// Measuring

/**
 * Runs each series once (the warm-up, not counted, when asked), then `runs` rounds of one run of
 * each series in turn, each in a fresh process; returns each series' row. A series that fails
 * stops with its error row, and the others go on alone.
 */
async function measureInTurn(series, { warmUp, runs }) {
  const samples = series.map(() => []);
  const errors = series.map(() => null);
  for (let i = warmUp ? -1 : 0; i < runs; i++) {
    for (let k = 0; k < series.length; k++) {
      if (errors[k]) continue;
      const s = await series[k].once();
      errors[k] = series[k].problem(s);
      if (!errors[k] && i >= 0) samples[k].push(s);
    }
  }
  return series.map((s, k) => (errors[k] ? s.errorRow(errors[k]) : s.row(samples[k])));
}

/** The CLI on a workload's files. */
function cliSeries(w) {
  const cliArgs = [CLI, '--format', 'json', ...w.files];
  const files = w.count ?? w.files.length;
  let report = null;
  return {
    label: `${w.name} (${files} files, ${formatBytes(w.bytes)})`,
    once: () => runNode(cliArgs),
    problem(s) {
      const p = cliProblem(s);
      if (!p) report ??= JSON.parse(s.stdout);
      return p;
    },
    errorRow: (error) => ({ name: w.name, describe: w.describe, files, bytes: w.bytes, error }),
    row: (samples) =>
      summarize(w, samples, {
        linted: report.results.length,
        problems: { errors: report.errorCount, warnings: report.warningCount, infos: report.infoCount },
      }),
  };
}

/** A bare `node -e 0`: what any Node CLI pays before its first line runs. */
function bareSeries(w) {
  return {
    label: `${w.name} (a bare Node start)`,
    once: () => runNode(['-e', '0']),
    problem: (s) => (s.code === 0 ? null : `node -e 0 exited ${s.code ?? s.signal}`),
    errorRow: (error) => ({ name: w.name, describe: w.describe, files: 0, bytes: 0, error }),
    row: (samples) => summarize(w, samples),
  };
}

/** Exit 0 (clean) and 1 (problems found) are both a completed lint; anything else is not. */
function cliProblem(s) {
  if (s.code === 0 || s.code === 1) {
    try {
      JSON.parse(s.stdout);
      return null;
    } catch {
      return `exit ${s.code} but stdout is not JSON`;
    }
  }
  return `CLI exited ${s.code ?? s.signal}: ${s.stderr.trim().split('\n')[0] ?? ''}`;
}

function summarize(w, samples, extra = {}) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const rss = samples.map((s) => s.rssKiB).filter((k) => Number.isFinite(k));
  const medianMs = median(ms);
  return {
    name: w.name,
    describe: w.describe,
    files: w.count ?? w.files.length,
    bytes: w.bytes,
    medianMs: round(medianMs, 1),
    minMs: round(ms[0], 1),
    maxMs: round(ms.at(-1), 1),
    MBps: w.bytes ? round(w.bytes / MB / (medianMs / 1000), 2) : null,
    peakRssMiB: rss.length ? round(Math.max(...rss) / 1024, 1) : null,
    medianRssMiB: rss.length ? round(median(rss.sort((a, b) => a - b)) / 1024, 1) : null,
    samplesMs: samples.map((s) => round(s.ms, 1)),
    ...extra,
  };
}

/** Runs `node <args>` in the project root; peak RSS through /usr/bin/time or the preload hook. */
function runNode(args) {
  if (rssMethod === 'time') return runTimed(process.execPath, args);
  const side = join(tmp, `maxrss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const hook = pathToFileURL(join(ROOT, 'bench', 'maxrss-hook.js')).href;
  return runChild(process.execPath, ['--import', hook, ...args], { BENCH_MAXRSS_FILE: side }).then((r) => ({ ...r, rssKiB: readKiB(side) }));
}

/** Runs a command under `/usr/bin/time -f %M -o <side file>`, so its stderr stays its own. */
async function runTimed(command, args) {
  const side = join(tmp, `time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const r = await runChild(TIME, ['-f', '%M', '-o', side, command, ...args]);
  return { ...r, rssKiB: readKiB(side) };
}

function readKiB(file) {
  try {
    // GNU time writes "Command exited with non-zero status 1" before the figure: take the last line.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    rmSync(file, { force: true });
    return Number(lines.at(-1));
  } catch {
    return Number.NaN;
  }
}

/** Wall time from spawn to exit, measured here; `watchHwm` polls /proc for VmHWM (for nginx without /usr/bin/time). */
function runChild(command, args, env = {}, { watchHwm = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const stdout = [];
    const stderr = [];
    let hwmKiB = Number.NaN;
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const poll = watchHwm
      ? setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwmKiB = Number(m[1]);
          } catch {
            // The process has just exited.
          }
        }, 2)
      : null;
    child.stdout.on('data', (c) => stdout.push(c));
    child.stderr.on('data', (c) => stderr.push(c));
    child.on('error', reject);
    child.on('exit', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (poll) clearInterval(poll);
      child.on('close', (code, signal) =>
        resolvePromise({ ms, code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), hwmKiB }),
      );
    });
  });
}

function hasGnuTime() {
  try {
    accessSync(TIME, constants.X_OK);
  } catch {
    return false;
  }
  const side = join(tmpdir(), `nginx-uwsgi-lint-bench-probe-${process.pid}`);
  const probe = spawnSync(TIME, ['-f', '%M', '-o', side, 'true']);
  const ok = probe.status === 0 && existsSync(side) && /^\d+\s*$/.test(readFileSync(side, 'utf8'));
  rmSync(side, { force: true });
  return ok;
}

// ---------------------------------------------------------------------------------------------
// nginx -t for scale

function measureNginxAvailable() {
  try {
    accessSync(NGINX, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `nginx -t` on the very config of a workload, with its prefix, pid and logs in the temp dir. */
function nginxSeries(workload, name) {
  const dir = workload.dir;
  for (const file of ['mime.types', 'uwsgi_params']) {
    const system = join('/etc/nginx', file);
    if (existsSync(system)) copyFileSync(system, join(dir, file));
    else writeFileSync(join(dir, file), file === 'mime.types' ? 'types { text/html html; }\n' : 'uwsgi_param QUERY_STRING $query_string;\n');
  }
  const conf = workload.nginxFile ?? workload.files[0];
  const args = ['-t', '-q', '-e', 'stderr', '-p', `${dir}/`, '-c', conf, '-g', `pid ${join(dir, 'nginx.pid')}; error_log stderr;`];
  const bytes = sizeOf([conf]);
  const w = { name, describe: `${NGINX} -t on the ${workload.name} config`, files: [conf], bytes };
  return {
    label: `nginx -t (${relative(tmp, conf)}, ${formatBytes(bytes)})`,
    once: () => (rssMethod === 'time' ? runTimed(NGINX, args) : runChild(NGINX, args, {}, { watchHwm: true }).then((r) => ({ ...r, rssKiB: r.hwmKiB }))),
    problem: (s) => (s.code === 0 ? null : `nginx -t exited ${s.code}: ${s.stderr.trim().split('\n').at(-1)}`),
    errorRow: (error) => ({ ...w, files: 1, error }),
    row: (samples) => ({ ...summarize(w, samples), rssApproximate: rssMethod !== 'time' }),
  };
}

// ---------------------------------------------------------------------------------------------
// The naive Ohm grammars for scale

/** One run of each grammar of bench/naive-ohm.js on the synthetic file, in a fresh process. */
async function measureNaiveOhm(synthetic) {
  const out = [];
  for (const variant of ['naive', 'ranges']) {
    log(`run  ${variant} Ohm grammar (${formatBytes(synthetic.bytes)}, one run) ...`);
    const r = await runChild(process.execPath, ['--max-old-space-size=4096', join(ROOT, 'bench', 'naive-ohm.js'), variant, synthetic.files[0]]);
    if (r.code !== 0) {
      out.push({ variant, error: `exited ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').at(-1) ?? ''}` });
      continue;
    }
    const m = JSON.parse(r.stdout);
    out.push({ variant, MBps: m.MBps, ms: m.ms, maxRssMiB: m.maxRssMiB, machineFactor: round(m.MBps / ISSUE_OHM_MBPS[variant], 2) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Targets and output

function judge(rows) {
  const synthetic = rows.find((r) => r.name === 'synthetic');
  const small = rows.find((r) => r.name === 'small pair');
  const checks = [];
  if (synthetic && !synthetic.error) {
    checks.push(check(`synthetic throughput >= ${TARGETS.syntheticMBps} MB/s`, synthetic.MBps >= TARGETS.syntheticMBps, `${synthetic.MBps} MB/s`, synthetic.MBps / TARGETS.syntheticMBps));
    if (synthetic.peakRssMiB !== null) {
      checks.push(check(`synthetic peak RSS <= ${TARGETS.syntheticPeakRssMiB} MiB`, synthetic.peakRssMiB <= TARGETS.syntheticPeakRssMiB, `${synthetic.peakRssMiB} MiB`, TARGETS.syntheticPeakRssMiB / synthetic.peakRssMiB));
    }
  }
  if (small && !small.error) {
    checks.push(check(`small pair wall time <= ${TARGETS.smallPairMs} ms`, small.medianMs <= TARGETS.smallPairMs, `${small.medianMs} ms median`, TARGETS.smallPairMs / small.medianMs));
  }
  return checks;
}

/**
 * Issue 20's targets, each a ratio of two rows of this run: the lint against `nginx -t` on the
 * same config, the larger directory of files against the smaller, an ini's MB/s against the
 * synthetic config's, the small pair against a bare Node start.
 */
function judge20(rows) {
  const ok = (name) => {
    const r = rows.find((x) => x.name === name);
    return r && !r.error && !r.skipped ? r : null;
  };
  const checks = [];
  const vsNginx = (name, nginxName, limit, label) => {
    const lint = ok(name);
    const nginx = ok(nginxName);
    if (!lint || !nginx) return;
    const ratio = lint.medianMs / nginx.medianMs;
    checks.push(check20(`${label} <= ${limit}x nginx -t`, ratio <= limit, `${round(ratio, 2)}x (${lint.medianMs} against ${nginx.medianMs} ms)`, ratio, limit));
    if (lint.peakRssMiB !== null && nginx.peakRssMiB !== null) {
      const m = lint.peakRssMiB / nginx.peakRssMiB;
      checks.push(check20(`${label} peak RSS <= nginx -t's`, m <= 1, `${round(m, 2)}x (${lint.peakRssMiB} against ${nginx.rssApproximate ? '~' : ''}${nginx.peakRssMiB} MiB)`, m, 1));
    }
  };
  vsNginx('varied', 'nginx -t (varied)', TARGETS20.variedVsNginx, 'varied-shape config');
  vsNginx('one-shape pair', 'nginx -t (pair)', TARGETS20.pairVsNginx, 'one-shape config + ini');

  // Linear in the number of files: N files in at most N/M the time of M files.
  const many = rows.filter((r) => r.name.startsWith('files ') && !r.error && !r.skipped);
  for (let i = 1; i < many.length; i++) {
    const small = many[i - 1];
    const large = many[i];
    const limit = large.files / small.files;
    const ratio = large.medianMs / small.medianMs;
    checks.push(
      check20(`${large.files} files <= ${round(limit, 2)}x the time of ${small.files}`, ratio <= limit, `${round(ratio, 2)}x (${large.medianMs} against ${small.medianMs} ms; peak RSS ${large.peakRssMiB} against ${small.peakRssMiB} MiB)`, ratio, limit),
    );
  }

  const synthetic = ok('synthetic');
  const nginxSynthetic = ok('nginx -t (scale)');
  for (const name of ['ini key = value', 'ini blank lines']) {
    const ini = ok(name);
    if (!ini || !synthetic) continue;
    // ratio: how many times slower than the nginx side the ini is read (<= 1 passes).
    const ratio = synthetic.MBps / ini.MBps;
    const nginxNote = nginxSynthetic ? `, nginx -t ${nginxSynthetic.MBps}` : '';
    checks.push(check20(`${name} MB/s >= the synthetic config's`, ratio <= 1, `${ini.MBps} MB/s against ${synthetic.MBps}${nginxNote} MB/s; peak RSS ${ini.peakRssMiB} MiB`, ratio, 1));
  }

  const small = ok('small pair');
  const node = ok('node -e 0');
  if (small && node) {
    const ratio = small.medianMs / node.medianMs;
    checks.push(check20(`small pair <= ${TARGETS20.smallPairVsNode}x a bare node -e 0`, ratio <= TARGETS20.smallPairVsNode, `${round(ratio, 2)}x (${small.medianMs} against ${node.medianMs} ms)`, ratio, TARGETS20.smallPairVsNode));
  }
  return checks;
}

/** `ratio` is the measured multiple, `limit` the most the target allows: under it passes. */
function check20(target, pass, measured, ratio, limit) {
  const off = pass ? `${round((limit / ratio - 1) * 100, 0)}% headroom` : `${round(ratio / limit, 2)}x off the target`;
  return { issue: 20, target, pass, ratio: round(ratio, 3), limit: round(limit, 3), measured: `${measured}, ${off}` };
}

/**
 * The synthetic throughput as a share of nginx -t's on the same file and machine: the targets
 * were set on a machine where nginx -t ran at ISSUE_NGINX_MBPS, this share travels between them.
 */
function scaleOf(rows) {
  const synthetic = rows.find((r) => r.name === 'synthetic');
  const nginx = rows.find((r) => r.name === 'nginx -t (scale)');
  if (!synthetic || !nginx || synthetic.error || nginx.error || synthetic.skipped || nginx.skipped) return null;
  return {
    nginxMBps: nginx.MBps,
    machineFactor: round(nginx.MBps / ISSUE_NGINX_MBPS, 2),
    syntheticVsNginx: round(synthetic.MBps / nginx.MBps, 2),
    targetVsNginx: round(TARGETS.syntheticMBps / ISSUE_NGINX_MBPS, 2),
  };
}

/** `ratio` > 1 means better than the target by that factor; a miss says how far off it is. */
function check(target, pass, measured, ratio) {
  const off = pass ? `${round((ratio - 1) * 100, 0)}% headroom` : `${round(1 / ratio, 2)}x off the target`;
  return { target, pass, measured: `${measured}, ${off}` };
}

function table(rows) {
  const head = ['workload', 'bytes', 'files', 'median ms', 'min ms', 'MB/s', 'peak RSS MiB'];
  const body = rows.map((r) => {
    if (r.skipped) return [r.name, '-', '-', 'skipped', '', '', ''];
    if (r.error) return [r.name, String(r.bytes), String(r.files), `error: ${r.error}`, '', '', ''];
    const rss = r.peakRssMiB === null ? 'n/a' : `${r.rssApproximate ? '~' : ''}${r.peakRssMiB.toFixed(1)}`;
    return [r.name, String(r.bytes), String(r.files), r.medianMs.toFixed(1), r.minMs.toFixed(1), r.MBps === null ? '-' : r.MBps.toFixed(2), rss];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i].startsWith('error:') ? 0 : b[i].length))));
  const line = (cells) => cells.map((c, i) => (i === 0 || c.startsWith('error:') ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function formatBytes(n) {
  return n >= MB ? `${(n / MB).toFixed(2)} MB` : `${(n / 1000).toFixed(1)} kB`;
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(n, digits) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Profile: where the synthetic run spends its time

async function profileSynthetic(synthetic) {
  const dir = join(tmp, 'profile');
  mkdirSync(dir);
  log('run  synthetic under --cpu-prof ...');
  const r = await runChild(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, CLI, '--format', 'json', ...synthetic.files]);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return { error: `no profile written (exit ${r.code})` };
  return summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
}

/** Self time per function and per origin (ohm-js, our dist/, node internals, GC). */
function summarizeProfile(profile) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, timeDeltas[i] ?? 0));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map();
  const origins = new Map();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const origin = originOf(url, functionName);
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    const f = functions.get(key) ?? { function: functionName || '(anonymous)', where, origin, ms: 0 };
    f.ms += us / 1000;
    functions.set(key, f);
    origins.set(origin, (origins.get(origin) ?? 0) + us / 1000);
  }
  const pct = (ms) => round((ms / (totalUs / 1000)) * 100, 1);
  // Inclusive time of our functions (and Ohm's entry points): which phase the self time belongs to.
  const parent = new Map();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const counted = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url, lineNumber } = byId.get(cur).callFrame;
      const origin = originOf(url, functionName);
      const entry = origin === 'our code (dist/)' || (origin === 'ohm-js' && /Grammar\.js$|Semantics\.js$/.test(url) && /^(match|wrap|execute)$/.test(functionName));
      const key = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`;
      if (!entry || counted.has(key)) continue;
      counted.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us / 1000);
    }
  }
  return {
    totalMs: round(totalUs / 1000, 0),
    byOrigin: [...origins].sort((a, b) => b[1] - a[1]).map(([origin, ms]) => ({ origin, ms: round(ms, 0), percent: pct(ms) })),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 20)
      .map((f) => ({ ...f, ms: round(f.ms, 0), percent: pct(f.ms) })),
    inclusive: [...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([where, ms]) => ({ where, ms: round(ms, 0), percent: pct(ms) })),
  };
}

function originOf(url, name) {
  if (!url) return name === '(garbage collector)' ? 'GC' : name === '(program)' || name === '(idle)' ? 'V8/idle' : 'native';
  if (url.includes('/node_modules/ohm-js/')) return 'ohm-js';
  if (url.includes('/node_modules/')) return 'other dependencies';
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/grammars/')) return 'grammar bundles';
  return 'our code (dist/)';
}

function shortUrl(url) {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(ROOT) ? relative(ROOT, path) : path;
}

function printProfile(p) {
  log('');
  if (p.error) return log(`profile: ${p.error}`);
  log(`CPU profile of one synthetic run: ${p.totalMs} ms sampled`);
  for (const o of p.byOrigin) log(`  ${String(o.percent).padStart(5)}%  ${o.origin}`);
  log('top functions by self time:');
  for (const f of p.topFunctions) log(`  ${String(f.percent).padStart(5)}%  ${String(f.ms).padStart(5)} ms  ${f.function}  ${f.where}  [${f.origin}]`);
  log('inclusive time of our functions and Ohm entry points:');
  for (const f of p.inclusive) log(`  ${String(f.percent).padStart(5)}%  ${String(f.ms).padStart(5)} ms  ${f.where}`);
}
