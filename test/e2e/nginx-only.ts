// nginx alone, for the cases that need no app (security.test.ts): the same main config, case
// directory layout and stop discipline as harness.ts's runPair, and raw HTTP over a `net`
// socket, so a request can carry `%0d%0a` and the response head is read byte for byte (node's
// http client would reject or normalise an injected header line or a bare CR).
//
// A case directory (/run/nul-e2e-XXXXXX, 0755) holds nginx/ (root's: nginx.conf, logs, pid,
// temp dirs) and whatever files the case asks for (root's, 0644, readable by www-data). nginx is
// spawned `detached` (its own process group), stopped with SIGQUIT by PID, and its group gets
// SIGKILL if anything is left after the grace period or when this process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { INSTALL_HINT, NGINX, canConnect, caseRoot, e2eUnavailableReason, fill, freePort, groupMembers, nginxMainConf, sleep, type Placeholders } from './harness.js';

const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
process.on('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});

/** One request, written as is: `GET <target> HTTP/1.1`, Host, Connection: close, any extra lines. */
export interface RawRequest {
  /** The request target, sent byte for byte (`/a%0d%0aX:%20y`, `http://good.test/`). */
  target: string;
  host?: string;
  method?: string;
  headers?: string[];
}

export interface RawResponse {
  /** Status code, 0 when no status line came back (see error). */
  status: number;
  /** The response head as received (latin1), up to the blank line, without it. */
  head: string;
  /** The head split on CR LF only: a bare CR stays inside its line. The status line is not included. */
  headerLines: string[];
  body: string;
  ms: number;
  error?: string;
}

/** The value of the first header line named `name` (case-insensitive), or undefined. */
export function headerValue(r: RawResponse, name: string): string | undefined {
  const prefix = name.toLowerCase() + ':';
  const line = r.headerLines.find((l) => l.toLowerCase().startsWith(prefix));
  return line === undefined ? undefined : line.slice(prefix.length).trim();
}

export function rawRequestText(r: RawRequest): string {
  return [`${r.method ?? 'GET'} ${r.target} HTTP/1.1`, `Host: ${r.host ?? 'localhost'}`, 'Connection: close', ...(r.headers ?? []), '', ''].join('\r\n');
}

/** Sends `text` to 127.0.0.1:port and reads until the server closes. */
export function rawExchange(port: number, text: string, timeoutMs = 3000): Promise<RawResponse> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const s = connect({ host: '127.0.0.1', port }, () => s.end(Buffer.from(text, 'latin1')));
    s.setTimeout(timeoutMs, () => {
      error = `no end of answer in ${timeoutMs} ms`;
      s.destroy();
    });
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', (e) => (error = e.message));
    s.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const cut = all.indexOf('\r\n\r\n');
      const head = cut < 0 ? all : all.slice(0, cut);
      const [statusLine, ...headerLines] = head.split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
      resolve({ status: m ? Number(m[1]) : 0, head, headerLines, body: cut < 0 ? '' : all.slice(cut + 4), ms: Date.now() - t0, error: m ? error : (error ?? `no status line: ${JSON.stringify(all.slice(0, 200))}`) });
    });
  });
}

export interface NginxSpec {
  /** Statements for nginx's `http {}` block (placeholders allowed, see harness.ts `fill`). */
  nginxHttp: string;
  /** Files to create, relative to the case directory -> content (placeholders allowed). */
  files?: Record<string, string>;
  requests: RawRequest[];
  deadlineMs?: number;
}

export interface NginxOutcome {
  dir: string;
  placeholders: Placeholders;
  nginxConf: string;
  nginxConfPath: string;
  responses: RawResponse[];
  nginxLog: string;
  /** nginx stopped on SIGQUIT alone within the grace period: no complaints here. */
  stopNotes: string[];
  noProcessLeft: boolean;
  noFileLeft: boolean;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Starts nginx on the spec's config, sends the requests one after the other, stops it, removes the directory. */
export async function runNginx(spec: NginxSpec): Promise<NginxOutcome> {
  const reason = e2eUnavailableReason();
  if (reason !== null) throw new Error(`cannot run the real servers: ${reason}; ${INSTALL_HINT}`);
  const deadline = Date.now() + (spec.deadlineMs ?? 20_000);
  const dir = mkdtempSync(join(caseRoot(), 'nul-e2e-'));
  liveDirs.add(dir);
  chmodSync(dir, 0o755);
  const placeholders: Placeholders = { TMP: dir, NGINX_PORT: await freePort(), PORT: await freePort(), PORT2: await freePort(), PORT3: await freePort() };
  mkdirSync(join(dir, 'nginx'), { mode: 0o755 });
  const nginxConf = nginxMainConf(fill(spec.nginxHttp, placeholders), '3s');
  const nginxConfPath = join(dir, 'nginx/nginx.conf');
  writeFileSync(nginxConfPath, nginxConf);
  for (const [rel, content] of Object.entries(spec.files ?? {})) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    writeFileSync(path, fill(content, placeholders), { mode: 0o644 });
  }
  const errPath = join(dir, 'nginx/error.log');
  const stderrPath = join(dir, 'nginx/stderr.log');
  const nginxLog = () => readText(errPath) + readText(stderrPath);

  const responses: RawResponse[] = [];
  const stopNotes: string[] = [];
  let child: ChildProcess | null = null;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let exited: Promise<unknown> = Promise.resolve();
  let log = '';
  let failure: unknown = null;
  try {
    const fd = openSync(stderrPath, 'a');
    child = spawn(NGINX, ['-p', join(dir, 'nginx') + '/', '-c', nginxConfPath, '-e', errPath], {
      cwd: join(dir, 'nginx'),
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${NGINX}`);
    liveGroups.add(child.pid);
    exited = new Promise((resolve) => {
      child!.on('exit', (code, signal) => resolve((exit = { code, signal })));
      child!.on('error', () => resolve((exit = { code: -1, signal: null })));
    });
    const listenBy = Math.min(deadline, Date.now() + 10_000);
    while (!(await canConnect(placeholders.NGINX_PORT))) {
      if (exit) throw new Error(`nginx exited ${JSON.stringify(exit)}: ${nginxLog()}`);
      if (Date.now() > listenBy) throw new Error(`nginx did not listen on ${placeholders.NGINX_PORT} in time: ${nginxLog()}`);
      await sleep(50);
    }
    for (const r of spec.requests) responses.push(await rawExchange(placeholders.NGINX_PORT, rawRequestText(r), Math.max(1000, deadline - Date.now() - 5000)));
  } catch (err) {
    failure = err;
  } finally {
    if (child?.pid !== undefined) {
      const pid = child.pid;
      if (exit === null) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          // exited meanwhile
        }
        const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
        if (!stopped) stopNotes.push(`nginx (pid ${pid}) still running 5000 ms after SIGQUIT: ${groupMembers(pid).join('; ')}`);
      }
      for (let i = 0; i < 40 && groupMembers(pid).length > 0; i++) await sleep(50);
      if (groupMembers(pid).length > 0) {
        stopNotes.push(`nginx: processes left in group ${pid} after SIGQUIT, killed: ${groupMembers(pid).join('; ')}`);
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
        for (let i = 0; i < 40 && groupMembers(pid).length > 0; i++) await sleep(50);
      }
      if (groupMembers(pid).length === 0) liveGroups.delete(pid);
    }
    log = nginxLog();
    rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  }
  const noProcessLeft = child?.pid === undefined || groupMembers(child.pid).length === 0;
  if (failure) throw Object.assign(failure instanceof Error ? failure : new Error(String(failure)), { nginxLog: log });
  return { dir, placeholders, nginxConf, nginxConfPath, responses, nginxLog: log, stopNotes, noProcessLeft, noFileLeft: !existsSync(dir) };
}
