// Runs one nginx + uWSGI pair for real, on loopback, in a throw-away directory, and reports what
// the client got and what the app saw. Used by test/e2e/*.test.ts.
//
// Layout of a case directory (/run/nul-e2e-XXXXXX, mode 0755 so www-data and the app user can
// traverse it):
//   nginx/   root's: nginx.conf, uwsgi_params (Debian's), error.log, nginx.pid, temp dirs
//   app/     the app user's: uwsgi.ini, echo.py (the WSGI app), sockets
//   launch/  the app user's: uWSGI's working directory at start (relative paths land here)
//   logs/    root's: uWSGI's and nginx's stderr, opened by us and inherited by the servers
// Processes are spawned `detached` (own session and process group) and stopped by PID:
// uWSGI with SIGINT (SIGTERM makes a 2.0 master reload), nginx with SIGQUIT; whatever is still
// alive after a grace period gets SIGKILL on its whole process group. Every group ever started
// is also killed on process exit, so an aborted run leaves nothing behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedUwsgi, uwsgiPluginDir } from '../support/installed-uwsgi.js';

export const NGINX = '/usr/sbin/nginx';
/** Debian's uwsgi-core, or TEST_UWSGI (test/support/installed-uwsgi.ts). */
export const UWSGI = installedUwsgi() ?? '/usr/bin/uwsgi-core';
export const PLUGIN_DIR = uwsgiPluginDir;
export const UWSGI_PARAMS = '/etc/nginx/uwsgi_params';
export const FASTCGI_PARAMS = '/etc/nginx/fastcgi_params';
/** The user uWSGI runs as (created on first use: `useradd --system nulapp`). */
export const APP_USER = 'nulapp';
export const NGINX_USER = 'www-data';
/** Packages that provide everything above (Debian 12); the http router plugin is in uwsgi-core. */
export const INSTALL_HINT = 'apt-get install nginx-light uwsgi-core uwsgi-plugin-python3, and run as root';

let unavailable: string | null | undefined;

/** Why the servers cannot run here, or null. Creates the app user when root and it is missing. */
export function e2eUnavailableReason(): string | null {
  if (unavailable === undefined) unavailable = checkPrerequisites();
  return unavailable;
}

function checkPrerequisites(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not running as root (nginx must start as root to switch to www-data)';
  if (installedUwsgi() === null) return 'no uWSGI installed (or TEST_UWSGI=none)';
  const missing = [NGINX, UWSGI, join(PLUGIN_DIR, 'python3_plugin.so'), join(PLUGIN_DIR, 'http_plugin.so'), UWSGI_PARAMS, FASTCGI_PARAMS].filter((p) => !existsSync(p));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  if (userIds(NGINX_USER) === null) return `no user ${NGINX_USER}`;
  if (userIds(APP_USER) === null) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', APP_USER], { encoding: 'utf8' });
    if (r.status !== 0 && userIds(APP_USER) === null) return `cannot create user ${APP_USER}: ${r.stderr || r.error?.message}`;
  }
  return null;
}

export function userIds(name: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', [name], { encoding: 'utf8' });
  const m = /uid=(\d+).*?gid=(\d+)/.exec(r.stdout ?? '');
  return r.status === 0 && m ? { uid: Number(m[1]), gid: Number(m[2]) } : null;
}

// ---------------------------------------------------------------------------------------------
// Processes

const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
process.on('exit', () => {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Live (non-zombie) processes of a process group, as `pid state command` lines, from /proc. */
export function groupMembers(pgid: number): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
    const close = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(close + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') found.push(`${entry} ${state} ${stat.slice(stat.indexOf('(') + 1, close)}`);
  }
  return found;
}

function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

interface Started {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

function start(command: string, args: string[], opts: { cwd: string; log: string; uid?: number; gid?: number }): Started {
  const fd = openSync(opts.log, 'a');
  const child = spawn(command, args, {
    cwd: opts.cwd,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    uid: opts.uid,
    gid: opts.gid,
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const started: Started = { child, pid: child.pid, exit: null, exited: undefined as never };
  liveGroups.add(child.pid);
  started.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      started.exit = { code, signal };
      resolve(started.exit);
    });
    child.on('error', () => {
      started.exit = { code: -1, signal: null };
      resolve(started.exit);
    });
  });
  return started;
}

/**
 * Stops a process by PID with `signal`, then SIGKILLs its group after `graceMs`. Returns what
 * went wrong (empty: it stopped on the signal alone and its group is empty).
 */
async function stop(name: string, p: Started, signal: NodeJS.Signals, graceMs: number): Promise<string[]> {
  const notes: string[] = [];
  const t0 = Date.now();
  if (p.exit === null) {
    try {
      process.kill(p.pid, signal);
    } catch {
      // exited meanwhile
    }
    const stopped = await Promise.race([p.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!stopped) notes.push(`${name} (pid ${p.pid}) still running ${graceMs} ms after ${signal}: ${groupMembers(p.pid).join('; ')}`);
  }
  // Workers, the http router, nginx workers: they follow their master within moments.
  for (let i = 0; i < 40 && groupAlive(p.pid); i++) await sleep(50);
  if (groupAlive(p.pid)) {
    notes.push(`${name}: processes left in group ${p.pid} ${Date.now() - t0} ms after ${signal}, killed: ${groupMembers(p.pid).join('; ')}`);
    killGroup(p.pid, 'SIGKILL');
  }
  if (p.exit === null) await Promise.race([p.exited, sleep(1000)]);
  for (let i = 0; i < 40 && groupAlive(p.pid); i++) await sleep(50);
  if (!groupAlive(p.pid)) liveGroups.delete(p.pid);
  return notes;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------
// Ports

const handedOut = new Set<number>();

/** A TCP port on 127.0.0.1 that was free a moment ago and was not handed out before in this process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    if (port !== 0 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` (a server started and listening). */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

// ---------------------------------------------------------------------------------------------
// One case

/** The WSGI app: answers 200 with the string part of its environ as JSON; `?sleep=N` first sleeps N seconds. */
export const ECHO_APP = `import json, time, urllib.parse

def application(environ, start_response):
    delay = urllib.parse.parse_qs(environ.get('QUERY_STRING', '')).get('sleep')
    if delay:
        time.sleep(float(delay[0]))
    body = json.dumps({k: v for k, v in environ.items() if isinstance(v, str)}).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]
`;

export interface Placeholders {
  /** The case directory (no trailing slash). */
  TMP: string;
  /** nginx's listen port. */
  NGINX_PORT: number;
  /** Free ports for the case's own use. */
  PORT: number;
  PORT2: number;
  PORT3: number;
}

export function fill(template: string, p: Placeholders): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (!(name in p)) throw new Error(`unknown placeholder ${whole}`);
    return String(p[name as keyof Placeholders]);
  });
}

export interface HttpRequest {
  path?: string;
  host?: string;
  /** Adds a Cookie header of about this many bytes. */
  cookieBytes?: number;
}

export interface HttpOutcome {
  /** HTTP status, or 0 when the request itself failed (see error). */
  status: number;
  /** The app's environ when the answer was its JSON. */
  environ: Record<string, string> | null;
  body: string;
  ms: number;
  error?: string;
}

export interface PairSpec {
  /** Statements for nginx's `http {}` block: upstreams and servers (placeholders allowed). */
  nginxHttp: string;
  /** The uWSGI ini, written to app/uwsgi.ini (placeholders allowed). */
  uwsgiIni: string;
  /** root: start uWSGI as root (the ini may drop to uid); service-user: start it as the app user. */
  uwsgiStartsAs: 'root' | 'service-user';
  /**
   * For a service-user start: the primary group (default the app user's own) and supplementary
   * groups (default none), as systemd's Group=/SupplementaryGroups= give them (set with setpriv).
   */
  uwsgiGroup?: string;
  uwsgiSupplementaryGroups?: string[];
  /** uWSGI's working directory at start: launch/ (default) or app/. */
  launchDir?: 'launch' | 'app';
  /** nginx's uwsgi_/proxy_read_timeout; the other timeouts are 3s. */
  readTimeout?: string;
  /** Requests to send once both servers are up. */
  requests: HttpRequest[];
  /** What tells that uWSGI is up: default the first worker spawned. `exit`: it is expected to stop by itself. */
  uwsgiReady?: RegExp | 'exit';
  /** Extra files to create (path relative to the case directory -> content); the owner is the app user. */
  files?: Record<string, string>;
  /** A signal for the uWSGI master after the requests, to see whether it stops within `waitMs`. */
  signalUwsgi?: { signal: NodeJS.Signals; waitMs: number };
  /**
   * After the requests (and before `signalUwsgi`): run `uwsgi-core <args>` as root (placeholders
   * allowed, e.g. `['--stop', '{{TMP}}/app/app.pid']`), then see whether uWSGI exits within `waitMs`.
   */
  uwsgiCommand?: { args: string[]; waitMs: number };
  /**
   * A directory (relative to the case directory) where uWSGI writes its own log (`logto`): its
   * files count for `uwsgiReady` and are appended to `uwsgiLog`; `listings` lists it.
   */
  uwsgiLogDir?: string;
  /** Time limit for the whole run, stop included. */
  deadlineMs?: number;
}

export interface PairOutcome {
  dir: string;
  placeholders: Placeholders;
  nginxConf: string;
  uwsgiIni: string;
  nginxConfPath: string;
  uwsgiIniPath: string;
  launchDir: string;
  responses: HttpOutcome[];
  /** uWSGI's log (stderr+stdout). */
  uwsgiLog: string;
  /** nginx's error log. */
  nginxLog: string;
  /** With `signalUwsgi`: whether uWSGI's master was still running `waitMs` after the signal. */
  uwsgiSurvivedSignal: boolean | null;
  /** uWSGI's process group (`pid state comm` lines) once the requests are answered. */
  uwsgiProcesses: string[];
  /** With `uwsgiCommand`: its exit status and output, and whether uWSGI was gone `waitMs` later. */
  uwsgiCommandResult: { status: number | null; output: string; uwsgiGone: boolean; ms: number } | null;
  /** File names in `uwsgiLogDir`, taken while the servers ran. */
  listings: Record<string, string[]>;
  /** Set when uWSGI stopped before we stopped it. */
  uwsgiExitedEarly: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** File facts taken while the servers ran, for the paths asked in `inspect`. */
  files: Record<string, { exists: boolean; mode?: number; uid?: number; gid?: number; socket?: boolean }>;
  /** Both stopped on their polite signal (SIGQUIT, SIGINT) within the grace period: no complaints here. */
  stopNotes: string[];
  /** No process of either group is alive after the run. */
  noProcessLeft: boolean;
  /** The case directory is gone. */
  noFileLeft: boolean;
}

/**
 * Where case directories go: /run (root-only, like /run/<app> in production) when it exists,
 * else the system temp dir; E2E_TMPDIR overrides. Paths under /tmp draw the linter's
 * world-writable-directory findings (it cannot see that mkdtemp's directory is private).
 */
export function caseRoot(): string {
  if (process.env.E2E_TMPDIR) return process.env.E2E_TMPDIR;
  try {
    if (statSync('/run').isDirectory() && (statSync('/run').mode & 0o002) === 0) return '/run';
  } catch {
    // no /run
  }
  return tmpdir();
}

/** The nginx main config around a case's `http {}` statements. */
export function nginxMainConf(httpStatements: string, readTimeout: string): string {
  return `# e2e harness: main config around the case's http statements
user ${NGINX_USER};
worker_processes 1;
daemon off;
pid nginx.pid;
error_log error.log;

events {
    worker_connections 64;
}

http {
    access_log off;
    uwsgi_connect_timeout 3s;
    uwsgi_send_timeout 3s;
    uwsgi_read_timeout ${readTimeout};
    proxy_connect_timeout 3s;
    proxy_send_timeout 3s;
    proxy_read_timeout ${readTimeout};

${httpStatements.replace(/^(?=.)/gm, '    ')}
}
`;
}

/**
 * Starts uWSGI then nginx as the spec says, sends the requests, inspects `inspect` paths
 * (relative to the case directory), stops both and removes the directory.
 */
export async function runPair(spec: PairSpec, inspect: string[] = []): Promise<PairOutcome> {
  // Under CI the cases run regardless, and fail here, loudly.
  const reason = e2eUnavailableReason();
  if (reason !== null) throw new Error(`cannot run the real servers: ${reason}; ${INSTALL_HINT}`);
  const app = userIds(APP_USER);
  if (!app) throw new Error(`no user ${APP_USER}`);
  const deadline = Date.now() + (spec.deadlineMs ?? 40_000);
  const dir = mkdtempSync(join(caseRoot(), 'nul-e2e-'));
  liveDirs.add(dir);
  chmodSync(dir, 0o755);
  const placeholders: Placeholders = { TMP: dir, NGINX_PORT: await freePort(), PORT: await freePort(), PORT2: await freePort(), PORT3: await freePort() };
  for (const sub of ['nginx', 'app', 'launch', 'logs']) mkdirSync(join(dir, sub), { mode: 0o755 });
  for (const sub of ['app', 'launch']) chownSync(join(dir, sub), app.uid, app.gid);
  copyFileSync(UWSGI_PARAMS, join(dir, 'nginx/uwsgi_params'));
  copyFileSync(FASTCGI_PARAMS, join(dir, 'nginx/fastcgi_params'));
  const nginxConf = nginxMainConf(fill(spec.nginxHttp, placeholders), spec.readTimeout ?? '3s');
  const uwsgiIni = fill(spec.uwsgiIni, placeholders);
  const nginxConfPath = join(dir, 'nginx/nginx.conf');
  const uwsgiIniPath = join(dir, 'app/uwsgi.ini');
  writeFileSync(nginxConfPath, nginxConf);
  writeAs(uwsgiIniPath, uwsgiIni, app);
  writeAs(join(dir, 'app/echo.py'), ECHO_APP, app);
  for (const [rel, content] of Object.entries(spec.files ?? {})) {
    const path = join(dir, rel);
    mkdirAs(join(path, '..'), app, dir);
    writeAs(path, fill(content, placeholders), app);
  }
  const launchDir = join(dir, spec.launchDir ?? 'launch');
  const uwsgiLogPath = join(dir, 'logs/uwsgi.log');
  const nginxErrPath = join(dir, 'logs/nginx.stderr');

  let uwsgi: Started | null = null;
  let nginx: Started | null = null;
  const responses: HttpOutcome[] = [];
  const files: PairOutcome['files'] = {};
  let uwsgiLog = '';
  let nginxLog = '';
  let uwsgiExitedEarly: PairOutcome['uwsgiExitedEarly'] = null;
  let uwsgiSurvivedSignal: boolean | null = null;
  let uwsgiProcesses: string[] = [];
  let uwsgiCommandResult: PairOutcome['uwsgiCommandResult'] = null;
  const listings: PairOutcome['listings'] = {};
  const logDir = spec.uwsgiLogDir ? join(dir, spec.uwsgiLogDir) : null;
  const readUwsgiLog = () => readText(uwsgiLogPath) + (logDir ? logDirText(logDir) : '');
  const stopNotes: string[] = [];
  let failure: unknown = null;
  try {
    // systemd's default umask: a unix socket without chmod-socket gets 0755.
    const groups = spec.uwsgiStartsAs === 'service-user' && (spec.uwsgiGroup || spec.uwsgiSupplementaryGroups);
    uwsgi = groups
      ? // Node drops supplementary groups when it sets uid/gid: setpriv sets all three, as systemd does.
        start('/usr/bin/setpriv', [
          `--reuid=${app.uid}`, `--regid=${spec.uwsgiGroup ?? app.gid}`,
          ...(spec.uwsgiSupplementaryGroups?.length ? [`--groups=${spec.uwsgiSupplementaryGroups.join(',')}`] : ['--clear-groups']),
          '/bin/sh', '-c', `umask 022 && exec ${UWSGI} --ini "$0"`, uwsgiIniPath,
        ], { cwd: launchDir, log: uwsgiLogPath })
      : start('/bin/sh', ['-c', `umask 022 && exec ${UWSGI} --ini "$0"`, uwsgiIniPath], {
          cwd: launchDir,
          log: uwsgiLogPath,
          ...(spec.uwsgiStartsAs === 'service-user' ? { uid: app.uid, gid: app.gid } : {}),
        });
    const ready = spec.uwsgiReady ?? /spawned uWSGI worker 1\b/;
    await waitFor(
      async () => {
        if (uwsgi!.exit) return true;
        return ready !== 'exit' && ready.test(readUwsgiLog());
      },
      Math.min(deadline, Date.now() + 10_000),
      () => `uWSGI did not ${ready === 'exit' ? 'exit' : 'come up'} in time; its log:\n${readUwsgiLog()}`,
    );
    if (uwsgi.exit) uwsgiExitedEarly = uwsgi.exit;

    nginx = start(NGINX, ['-p', join(dir, 'nginx') + '/', '-c', nginxConfPath, '-e', join(dir, 'nginx/error.log')], { cwd: join(dir, 'nginx'), log: nginxErrPath });
    await waitFor(
      async () => {
        if (nginx!.exit) throw new Error(`nginx exited ${JSON.stringify(nginx!.exit)}: ${readText(nginxErrPath)}${readText(join(dir, 'nginx/error.log'))}`);
        return canConnect(placeholders.NGINX_PORT);
      },
      Math.min(deadline, Date.now() + 10_000),
      () => `nginx did not listen on ${placeholders.NGINX_PORT} in time: ${readText(join(dir, 'nginx/error.log'))}`,
    );

    for (const r of spec.requests) responses.push(await send(placeholders.NGINX_PORT, r, Math.max(1000, deadline - Date.now() - 5000)));
    for (const rel of inspect) files[rel] = fileFacts(join(dir, rel));
    if (logDir && spec.uwsgiLogDir) listings[spec.uwsgiLogDir] = listDir(logDir);
    if (uwsgi.exit && !uwsgiExitedEarly) uwsgiExitedEarly = uwsgi.exit;
    uwsgiProcesses = uwsgi.exit ? [] : groupMembers(uwsgi.pid);
    if (spec.uwsgiCommand && !uwsgi.exit) {
      const t0 = Date.now();
      const r = spawnSync(UWSGI, spec.uwsgiCommand.args.map((a) => fill(a, placeholders)), { cwd: dir, encoding: 'utf8', timeout: 5000, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' } });
      await Promise.race([uwsgi.exited, sleep(spec.uwsgiCommand.waitMs)]);
      for (let i = 0; i < 20 && groupAlive(uwsgi.pid); i++) await sleep(50);
      uwsgiCommandResult = { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`, uwsgiGone: uwsgi.exit !== null && !groupAlive(uwsgi.pid), ms: Date.now() - t0 };
    }
    if (spec.signalUwsgi && !uwsgi.exit) {
      process.kill(uwsgi.pid, spec.signalUwsgi.signal);
      await Promise.race([uwsgi.exited, sleep(spec.signalUwsgi.waitMs)]);
      uwsgiSurvivedSignal = uwsgi.exit === null;
    }
  } catch (err) {
    failure = err;
  } finally {
    if (nginx) stopNotes.push(...(await stop('nginx', nginx, 'SIGQUIT', 5000)));
    if (uwsgi) stopNotes.push(...(await stop('uWSGI', uwsgi, 'SIGINT', 5000)));
    uwsgiLog = readUwsgiLog();
    nginxLog = readText(join(dir, 'nginx/error.log')) + readText(nginxErrPath);
    rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  }
  const noProcessLeft = [uwsgi, nginx].every((p) => p === null || !groupAlive(p.pid));
  if (failure) throw Object.assign(failure instanceof Error ? failure : new Error(String(failure)), { uwsgiLog, nginxLog });
  return {
    dir,
    placeholders,
    nginxConf,
    uwsgiIni,
    nginxConfPath,
    uwsgiIniPath,
    launchDir,
    responses,
    uwsgiLog,
    nginxLog,
    uwsgiExitedEarly,
    uwsgiSurvivedSignal,
    uwsgiProcesses,
    uwsgiCommandResult,
    listings,
    files,
    stopNotes,
    noProcessLeft,
    noFileLeft: !existsSync(dir),
  };
}

function writeAs(path: string, text: string, owner: { uid: number; gid: number }): void {
  writeFileSync(path, text);
  chownSync(path, owner.uid, owner.gid);
}

function mkdirAs(path: string, owner: { uid: number; gid: number }, root: string): void {
  if (existsSync(path)) return;
  mkdirAs(join(path, '..'), owner, root);
  mkdirSync(path, { mode: 0o755 });
  if (path.startsWith(root + '/')) chownSync(path, owner.uid, owner.gid);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

/** Every file of a log directory, each under a `==> name <==` line. */
function logDirText(path: string): string {
  return listDir(path)
    .map((name) => `==> ${join(path, name)} <==\n${readText(join(path, name))}`)
    .join('');
}

function fileFacts(path: string): PairOutcome['files'][string] {
  try {
    const st = statSync(path);
    return { exists: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, socket: st.isSocket() };
  } catch {
    return { exists: false };
  }
}

async function waitFor(check: () => Promise<boolean>, until: number, why: () => string): Promise<void> {
  while (!(await check())) {
    if (Date.now() > until) throw new Error(why());
    await sleep(50);
  }
}

function send(port: number, r: HttpRequest, timeoutMs: number): Promise<HttpOutcome> {
  const t0 = Date.now();
  const headers: Record<string, string> = { Host: r.host ?? 'localhost', Connection: 'close' };
  if (r.cookieBytes) headers.Cookie = bigCookie(r.cookieBytes);
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: r.path ?? '/', method: 'GET', headers, timeout: timeoutMs, maxHeaderSize: 65536 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        let environ: Record<string, string> | null = null;
        if (res.statusCode === 200 && (res.headers['content-type'] ?? '').includes('application/json')) {
          try {
            environ = JSON.parse(body) as Record<string, string>;
          } catch {
            environ = null;
          }
        }
        resolve({ status: res.statusCode ?? 0, environ, body, ms: Date.now() - t0 });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ status: 0, environ: null, body: '', ms: Date.now() - t0, error: e.message }));
    req.end();
  });
}

/** Several cookies adding up to about `bytes` bytes, like a browser carrying analytics cookies. */
export function bigCookie(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = `c${i}=${'x'.repeat(500)}`;
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join('; ');
}
