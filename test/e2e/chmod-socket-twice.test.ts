// What uWSGI does with two chmod-socket settings, for real: the facts uwsgi/duplicate-option and
// uwsgi/unknown-option rely on (src/uwsgi/options.ts lastWins). uwsgi_opt_chmod_socket shifts the
// second mode's digits onto the first, so the later mode's permission bits win, and a key spelled
// `chmod_socket` is ignored: renaming it would replace the mode in force.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/lint.js';
import { installedUwsgi } from '../support/installed-uwsgi.js';
import { UWSGI, sleep } from './harness.js';

/** Starts uWSGI on the ini lines, waits for its socket, and returns the socket's mode bits. */
async function socketMode(lines: string[]): Promise<number | null> {
  const dir = mkdtempSync(join(tmpdir(), 'nul-chmod-'));
  const sock = join(dir, 's.sock');
  writeFileSync(join(dir, 'a.ini'), ['[uwsgi]', `socket = ${sock}`, ...lines, ''].join('\n'));
  const child = spawn(UWSGI, ['--ini', join(dir, 'a.ini')], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 100 && !existsSync(sock); i++) await sleep(50);
    // uWSGI binds the socket (it appears with the umask's mode), then chmods it: on a loaded
    // machine a stat can fall between the two (CI once read 0755 for 0666). Read until the mode
    // holds still for 200 ms.
    let mode = existsSync(sock) ? statSync(sock).mode & 0o7777 : null;
    for (let still = 0, i = 0; mode !== null && still < 4 && i < 60; i++) {
      await sleep(50);
      const now = statSync(sock).mode & 0o7777;
      still = now === mode ? still + 1 : 0;
      mode = now;
    }
    return mode;
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const unavailable = process.platform !== 'linux' ? 'not Linux' : installedUwsgi() === null ? 'no uWSGI installed (apt-get install uwsgi-core)' : null;
if (unavailable) console.warn(`SKIPPED chmod-socket set twice, for real: ${unavailable}`);

describe.skipIf(unavailable !== null)('chmod-socket set twice, for real', () => {
  it.each([
    [['chmod-socket = 660', 'chmod-socket = 666'], 0o666],
    [['chmod-socket = 666', 'chmod-socket = 660'], 0o6660],
    [['chmod-socket = 660', 'chmod_socket = 666'], 0o660],
  ])('%j gives mode %o', async (lines, mode) => {
    expect(await socketMode(lines)).toBe(mode);
  });

  it('the linter says so: a second chmod-socket is a duplicate, and a rename of the ignored one is not offered', async () => {
    const text = '[uwsgi]\nsocket = /run/a.sock\nchmod-socket = 660\nchmod_socket = 666\n';
    const messages = (await lintText([{ path: 'a.ini', text, kind: 'uwsgi' }], { cwd: '/p' })).results[0].messages;
    expect(messages.filter((m) => m.ruleId === 'uwsgi/duplicate-option').map((m) => m.line)).toEqual([4]);
    expect(messages.find((m) => m.ruleId === 'uwsgi/unknown-option')?.fix).toBeUndefined();
  });
});
