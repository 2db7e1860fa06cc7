// A pre-commit-style run with pair context (docs/cli.md, "Pair context"): a git repository of
// `--apps` Django apps, each an nginx site and a uWSGI ini (200 configs by default) with a
// Dockerfile and a systemd unit beside, written to a temporary directory; the real CLI is then
// started as the hook starts it, on one changed file, and timed from spawn to exit.
//
//   node bench/pair-context.js               # 100 apps: 200 configs; 1 warm-up, 7 measured runs
//   node bench/pair-context.js --apps 500 --runs 9
//
// Prints the median and minimum wall time of: the hook's run (`--pair-context site-042.conf`),
// the same file alone (`--no-pair-context`), and the whole repository (`.`), for comparison.
// The changed site passes to a socket no ini binds, so every pair-context run must report
// pair/socket-mismatch in that file and nothing else: the script checks this, and exits 2 if not.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'nginx-uwsgi-lint.js');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const apps = option('--apps', 100);
const runs = option('--runs', 7);

const pad = (i) => String(i).padStart(3, '0');

function site(i, socket) {
  return `server {
    listen 80;
    server_name app${pad(i)}.example.com;
    charset utf-8;
    client_max_body_size 10M;

    location /static/ {
        alias /srv/app${pad(i)}/static/;
    }

    location / {
        include uwsgi_params;
        uwsgi_pass unix:${socket};
    }
}
`;
}

function ini(i) {
  return `[uwsgi]
plugins = python3
chdir = /srv/app${pad(i)}
module = app${pad(i)}.wsgi:application
master = true
processes = 2
socket = /run/app${pad(i)}/app.sock
chmod-socket = 660
chown-socket = app${pad(i)}:www-data
uid = app${pad(i)}
gid = app${pad(i)}
vacuum = true
die-on-term = true
`;
}

/** Writes the repository; returns it and the changed site (relative). */
export function writePairRepo(dir, count) {
  for (let i = 0; i < count; i++) {
    const app = join(dir, 'apps', `app${pad(i)}`);
    mkdirSync(join(app, 'deploy'), { recursive: true });
    writeFileSync(join(app, 'deploy', 'site.conf'), site(i, `/run/app${pad(i)}/app.sock`));
    writeFileSync(join(app, 'deploy', 'uwsgi.ini'), ini(i));
    writeFileSync(join(app, 'Dockerfile'), `FROM python:3.12-slim\nCOPY deploy/uwsgi.ini /etc/uwsgi/app.ini\nCMD ["uwsgi", "--ini", "/etc/uwsgi/app.ini"]\n`);
    writeFileSync(join(app, 'deploy', `app${pad(i)}.service`), `[Unit]\nDescription=app${pad(i)}\n\n[Service]\nExecStart=/usr/bin/uwsgi --ini /srv/app${pad(i)}/deploy/uwsgi.ini\nKillSignal=SIGQUIT\n`);
    writeFileSync(join(app, 'views.py'), `def index(request):\n    return "app ${i}"\n`);
  }
  const git = (...args) => spawnSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'add', '.');
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'apps');
  // The change the hook is run on: app 42's site passes to a socket nothing binds.
  const changed = `apps/app${pad(Math.min(42, count - 1))}/deploy/site.conf`;
  writeFileSync(join(dir, changed), site(Math.min(42, count - 1), '/run/nowhere/app.sock'));
  return changed;
}

// CPU time (user + sys) from GNU time when installed: on a busy machine the wall time says more
// about the other processes than about this one.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function time(args, cwd) {
  const times = [];
  const cpus = [];
  let last;
  const cpuFile = join(cwd, '..', 'cpu.txt');
  for (let r = 0; r <= runs; r++) {
    const node = [process.execPath, bin, '--format', 'json', ...args];
    const [command, ...argv] = gnuTime ? [gnuTime, '-f', '%U %S', '-o', cpuFile, ...node] : node;
    const start = process.hrtime.bigint();
    last = spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (last.status !== 0 && last.status !== 1) throw new Error(`exit ${last.status}: ${last.stderr}`);
    if (r === 0) continue;
    times.push(ms);
    if (gnuTime) cpus.push(readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((a, b) => a + Number(b) * 1000, 0));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { median: median(times), min: Math.min(...times), cpu: cpus.length ? median(cpus) : null, result: JSON.parse(last.stdout) };
}

const top = mkdtempSync(join(tmpdir(), 'nul-pair-context-'));
const dir = join(top, 'repo');
mkdirSync(dir);
try {
  const changed = writePairRepo(dir, apps);
  const hook = time(['--pair-context', changed], dir);
  const alone = time(['--no-pair-context', changed], dir);
  const ini = time(['--pair-context', changed.replace('site.conf', 'uwsgi.ini')], dir);
  const all = time(['.'], dir);
  const reported = hook.result.results.flatMap((f) => f.messages.map((m) => `${f.filePath} ${m.ruleId}`));
  const ok = reported.includes(`${changed} pair/socket-mismatch`) && hook.result.results.every((f) => f.filePath === changed);
  const row = (name, t) => `${name.padEnd(40)} ${t.median.toFixed(0).padStart(6)} ms ${t.min.toFixed(0).padStart(6)} ms ${t.cpu === null ? '' : `${t.cpu.toFixed(0).padStart(6)} ms`}`;
  console.log(`${apps * 2} configs (${apps} sites, ${apps} inis), node ${process.version}, ${runs} runs; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
  console.log(`${''.padEnd(40)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${gnuTime ? 'CPU (median user+sys)' : ''}`);
  console.log(row('--pair-context <one site> (the hook)', hook));
  console.log(row('--no-pair-context <one site>', alone));
  console.log(row('--pair-context <one ini>', ini));
  console.log(row('. (the whole repository)', all));
  console.log(ok ? `pair context reported: ${reported.join(', ')}` : `WRONG: pair context reported ${JSON.stringify(reported)}`);
  if (!ok) process.exitCode = 2;
} finally {
  rmSync(top, { recursive: true, force: true });
}
