// End-to-end proof of what rules/uwsgi-all-interfaces.md and pair/socket-permissions say is at
// stake when a uWSGI socket is reachable: on a uwsgi-protocol socket the client sends the request
// variables itself, and uWSGI 2.0 reads `UWSGI_FILE` among them (core/protocol.c
// uwsgi_parse_vars) and loads that file as a new app, or runs `exec://<command>` and loads its
// output. Whoever can connect runs code as the app's user, with no authentication. On an
// http-socket the same text sent as an HTTP header arrives as `HTTP_UWSGI_FILE` and does nothing.
// With `chmod-socket = 666` another local user (www-data here) does the same through the unix
// socket (pair/socket-permissions). A socket bound to 127.0.0.1 refuses a connection addressed to
// 127.0.0.2, as it refuses one from another container or host (pair/loopback-unreachable).
// Real uWSGI on 127.0.0.1 only. Needs root, uwsgi-core, uwsgi-plugin-python3; skipped with one
// line otherwise (outside CI). Run alone: `npx vitest run test/e2e/uwsgi-protocol-exposure.test.ts`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APP_USER, INSTALL_HINT, NGINX_USER, UWSGI, canConnect, e2eUnavailableReason, freePort, sleep, userIds } from './harness.js';
import { skip } from './cases.js';

if (skip) console.warn(`SKIPPED e2e uwsgi-protocol exposure (real uWSGI): ${e2eUnavailableReason()}; to run: ${INSTALL_HINT}`);

/** A uwsgi packet: modifier1 0, 16-bit little-endian size, modifier2 0, then each key and value as a 16-bit LE length and its bytes. */
function uwsgiPacket(vars: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(vars)) {
    for (const text of [key, value]) {
      const bytes = Buffer.from(text);
      const size = Buffer.alloc(2);
      size.writeUInt16LE(bytes.length);
      parts.push(size, bytes);
    }
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(4);
  head.writeUInt8(0, 0);
  head.writeUInt16LE(body.length, 1);
  head.writeUInt8(0, 3);
  return Buffer.concat([head, body]);
}

/** Sends `data` to 127.0.0.1:`port` and returns everything the server answered before closing. */
function exchange(port: number, data: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(data));
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer from 127.0.0.1:${port}`)));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

async function appeared(path: string, ms = 3000): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (existsSync(path)) return true;
    await sleep(100);
  }
  return existsSync(path);
}

describe.skipIf(skip)('a reachable uwsgi-protocol socket runs what the client names (uWSGI 2.0)', () => {
  let dir = '';
  let uwsgiPort = 0;
  let httpPort = 0;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    const reason = e2eUnavailableReason();
    if (reason) throw new Error(`e2e prerequisites missing under CI: ${reason}; ${INSTALL_HINT}`);
    const app = userIds(APP_USER)!;
    dir = mkdtempSync(join(tmpdir(), 'nul-exposure-'));
    chownSync(dir, app.uid, app.gid);
    chmodSync(dir, 0o755);
    uwsgiPort = await freePort();
    httpPort = await freePort();
    writeFileSync(join(dir, 'app.py'), "def application(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'app answered']\n");
    // Loopback only: the test proves what a client that can connect may do, without exposing anything.
    writeFileSync(
      join(dir, 'uwsgi.ini'),
      ['[uwsgi]', 'plugins = python3', `socket = 127.0.0.1:${uwsgiPort}`, `http-socket = 127.0.0.1:${httpPort}`, `socket = ${dir}/app.sock`, 'chmod-socket = 666', `wsgi-file = ${dir}/app.py`, 'processes = 1', `uid = ${APP_USER}`, `gid = ${APP_USER}`, ''].join('\n'),
    );
    const log = openSync(join(dir, 'uwsgi.log'), 'w');
    child = spawn(UWSGI, ['--ini', join(dir, 'uwsgi.ini')], { cwd: dir, detached: true, stdio: ['ignore', log, log] });
    for (let i = 0; i < 100 && !((await canConnect(uwsgiPort)) && (await canConnect(httpPort))); i++) await sleep(100);
    if (!(await canConnect(uwsgiPort))) throw new Error(`uWSGI did not start:\n${readFileSync(join(dir, 'uwsgi.log'), 'utf8')}`);
  }, 30_000);

  afterAll(async () => {
    // SIGINT stops uWSGI 2.0 (SIGTERM makes it reload); the whole group, by its id.
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // already gone
      }
      for (let i = 0; i < 30 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // stopped
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const request = (extra: Record<string, string>) => ({
    REQUEST_METHOD: 'GET',
    REQUEST_URI: '/x',
    PATH_INFO: '/x',
    QUERY_STRING: '',
    SERVER_NAME: 'localhost',
    SERVER_PORT: '80',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REMOTE_ADDR: '127.0.0.1',
    ...extra,
  });

  test('UWSGI_FILE=exec://<command> on the uwsgi socket runs the command as the app user', async () => {
    const mark = join(dir, 'MARK');
    const answer = await exchange(uwsgiPort, uwsgiPacket(request({ SCRIPT_NAME: '/x', UWSGI_FILE: `exec://touch ${mark}` })));
    expect(answer).toMatch(/^HTTP\/1\.1 /);
    expect(await appeared(mark), `the command did not run; uWSGI log:\n${readFileSync(join(dir, 'uwsgi.log'), 'utf8')}`).toBe(true);
    expect(statSync(mark).uid).toBe(userIds(APP_USER)!.uid);
  });

  test('UWSGI_FILE=<path>.py on the uwsgi socket loads that file as a new app and serves it', async () => {
    const other = join(dir, 'other.py');
    writeFileSync(other, "def application(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'loaded by the client']\n");
    const answer = await exchange(uwsgiPort, uwsgiPacket(request({ SCRIPT_NAME: '/other', PATH_INFO: '/other', REQUEST_URI: '/other', UWSGI_FILE: other })));
    expect(answer).toContain('loaded by the client');
  });

  test('a socket bound to 127.0.0.1 refuses a connection addressed to another address of this machine (127.0.0.2)', async () => {
    // What nginx in another container or on another host meets: the bound address must be the one dialled.
    expect(await canConnect(uwsgiPort)).toBe(true);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.2', port: uwsgiPort }, () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  test('chmod-socket = 666: another local user connects to the unix socket and runs a command as the app user', async () => {
    const mark = join(dir, 'MARK-UNIX');
    const other = userIds(NGINX_USER)!;
    const packet = uwsgiPacket(request({ SCRIPT_NAME: '/z', PATH_INFO: '/z', REQUEST_URI: '/z', UWSGI_FILE: `exec://touch ${mark}` }));
    const client = `const s = require('net').connect(${JSON.stringify(join(dir, 'app.sock'))}, () => s.write(Buffer.from(${JSON.stringify(packet.toString('base64'))}, 'base64'))); s.on('data', () => {}); s.on('close', () => process.exit(0)); s.on('error', (e) => { console.error(e.message); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['-e', client], { uid: other.uid, gid: other.gid, encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(await appeared(mark)).toBe(true);
    expect(statSync(mark).uid).toBe(userIds(APP_USER)!.uid);
  });

  test('the same text as a header on the http-socket arrives as HTTP_UWSGI_FILE and runs nothing', async () => {
    const mark = join(dir, 'MARK-HTTP');
    const answer = await exchange(httpPort, `GET /y HTTP/1.0\r\nHost: localhost\r\nUWSGI_FILE: exec://touch ${mark}\r\nUWSGI-FILE: exec://touch ${mark}\r\n\r\n`);
    expect(answer).toContain('app answered');
    expect(await appeared(mark, 1500)).toBe(false);
  });
});
