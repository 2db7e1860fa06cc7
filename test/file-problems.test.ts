// Every file problem is named as what it is (never "not found" for a FIFO or a permission
// problem), named files and includes alike, and a directory walk says what it passed over.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { runCapturedCli } from './support/run-cli.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'nginx-uwsgi-lint.js');

const run = runCapturedCli;

let tmp: string;
const write = (path: string, text: string | Buffer) => {
  mkdirSync(dirname(join(tmp, path)), { recursive: true });
  writeFileSync(join(tmp, path), text);
};
const accessFindings = (result: Awaited<ReturnType<typeof lint>>) =>
  result.results.flatMap((f) => f.messages.filter((m) => m.ruleId === 'lint/file-access').map((m) => ({ file: f.filePath, severity: m.severity, line: m.line, column: m.column, endColumn: m.endColumn, message: m.message })));

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-file-problems-'));
  chmodSync(tmp, 0o755);
  mkdirSync(join(tmp, 'p'));
  execFileSync('mkfifo', [join(tmp, 'p/pipe.conf')]);
});
// rm(1), not rmSync: the walk test leaves a path past PATH_MAX.
afterAll(() => execFileSync('rm', ['-rf', tmp]));

describe('a file named outright', () => {
  it('a FIFO is "not a regular file", an error, and never opened (the run does not hang)', async () => {
    const r = await run(['--no-color', 'p/pipe.conf'], tmp);
    expect(r.stdout).toContain('p/pipe.conf:1:1: error: this path is a FIFO (named pipe), not a regular file [lint/file-access]\n  why:  not read\n');
    expect(r.stdout).not.toMatch(/not found|No such file/);
    expect(r.code).toBe(1);
  });

  it('over the size cap says the cap and the setting', async () => {
    write('big/site.conf', 'server {\n    listen 80;\n}\n'.repeat(50));
    const result = await lint({ files: ['big/site.conf'], cwd: tmp, config: { maxFileBytes: 100 } });
    expect(accessFindings(result)).toEqual([
      { file: 'big/site.conf', severity: 'error', line: 1, column: 1, endColumn: 1, message: 'this path is too large: 1.3 KB, over the 100 bytes limit ("maxFileBytes"): not read; raise "maxFileBytes" in the configuration to lint it' },
    ]);
  });

  it('a path too long is ENAMETOOLONG, not "no such file" (exit 1, not 2)', async () => {
    const long = `p/${'n'.repeat(300)}.conf`;
    const r = await run(['--no-color', long], tmp);
    expect(r.stdout).toContain('.conf:1:1: error: this path cannot be read [lint/file-access]\n  why:  path too long (ENAMETOOLONG): not read\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it('not UTF-8: an info at the first bad byte, and the file is still linted', async () => {
    write('latin/site.conf', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nserver {\n    listen 80;\n    location / { uwsgi_pass 127.0.0.1:3031; }\n}\n')]));
    const result = await lint({ files: ['latin/site.conf'], cwd: tmp });
    const [notice] = accessFindings(result);
    expect(notice).toMatchObject({ severity: 'info', line: 1, column: 6, endColumn: 7 });
    expect(notice.message).toContain('not valid UTF-8');
    // Linted all the same: the pass without uwsgi_params is found.
    expect(result.results[0].messages.map((m) => m.ruleId)).toContain('pair/missing-params');
  });

  it('permission denied is EACCES, an error, for a user that may not read it', () => {
    write('locked/site.conf', 'server {\n    listen 80;\n}\n');
    chmodSync(join(tmp, 'locked/site.conf'), 0o000);
    const nobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, '--no-color', 'locked/site.conf'], { cwd: tmp, encoding: 'utf8' });
    if (nobody.error || /setpriv:/.test(nobody.stderr)) {
      console.warn(`SKIPPED: permission denied cannot be arranged here (setpriv: ${nobody.error?.message ?? nobody.stderr.trim()})`);
      return;
    }
    expect(nobody.stdout).toContain(
      'locked/site.conf:1:1: error: this path cannot be read [lint/file-access]\n  why:  permission denied (EACCES): not read\n  fix:  run the linter as a user that may read it\n',
    );
    expect(nobody.stderr).not.toMatch(/\n\s+at /);
    expect(nobody.status).toBe(1);
  });
});

describe('an include', () => {
  it('of a FIFO, a directory or a file over the cap is named as such, at the path, and not read', async () => {
    write('inc/nginx.conf', 'events {}\nhttp {\n    include pipe.conf;\n    include sites;\n    include big.conf;\n}\n');
    execFileSync('mkfifo', [join(tmp, 'inc/pipe.conf')]);
    mkdirSync(join(tmp, 'inc/sites'));
    write('inc/big.conf', `# ${'x'.repeat(4000)}\n`);
    const result = await lint({ files: ['inc/nginx.conf'], cwd: tmp, config: { maxFileBytes: 1000 } });
    expect(accessFindings(result).map((f) => [f.line, f.column, f.endColumn, f.message])).toEqual([
      [3, 13, 22, 'include "pipe.conf" is a FIFO (named pipe), not a regular file: not read'],
      [4, 13, 18, 'include "sites" is a directory, not a regular file: not read'],
      [5, 13, 21, 'include "big.conf" is too large: 3.9 KB, over the 1000 bytes limit ("maxFileBytes"): not read; raise "maxFileBytes" in the configuration to lint it'],
    ]);
    expect(result.results.flatMap((f) => f.messages).filter((m) => m.ruleId === 'nginx/missing-include')).toEqual([]);
  });
});

describe('a directory walk says what it passed over', () => {
  it('names that are not UTF-8, paths past PATH_MAX, dangling links, FIFOs', async () => {
    write('walk/site.conf', 'server {\n    listen 80;\n}\n');
    writeFileSync(Buffer.concat([Buffer.from(join(tmp, 'walk/caf')), Buffer.from([0xe9]), Buffer.from('.conf')]), 'server { listen 80; }\n');
    execFileSync('ln', ['-s', 'nowhere.conf', join(tmp, 'walk/dangling.conf')]);
    // A committed virtualenv's links into the system Python: code by their names, passed over quietly.
    execFileSync('ln', ['-s', '/nonexistent/lib/python2.7/os.py', join(tmp, 'walk/os.py')]);
    execFileSync('mkfifo', [join(tmp, 'walk/pipe')]);
    // A chain of directories whose full path passes PATH_MAX (4096 bytes).
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 20); do d=$(printf 'd%.0s' $(seq 250)); mkdir "$d" && cd "$d"; done && echo '[uwsgi]' > deep.ini`, 'sh', join(tmp, 'walk')]);
    const r = await run(['--no-color', 'walk'], tmp);
    // One finding a block: the location line, then the why (what the walk found there).
    const skipped = r.stdout.split('\n\n').filter((b) => b.includes('skipped by the directory walk'));
    expect(skipped.some((b) => b.startsWith('walk/caf\\xe9.conf:1:1: info: skipped by the directory walk') && b.includes('why:  this path cannot be read: its name is not UTF-8'))).toBe(true);
    expect(skipped.some((b) => b.startsWith('walk/dangling.conf:1:1: info: skipped by the directory walk') && b.includes('why:  this path does not exist: a symbolic link to nothing'))).toBe(true);
    expect(skipped.some((b) => b.startsWith('walk/pipe:1:1: info: skipped by the directory walk') && b.includes('why:  this path is a FIFO (named pipe), not a regular file'))).toBe(true);
    expect(r.stdout).not.toContain('walk/os.py');
    expect(skipped.some((b) => b.includes('cannot be read: path longer than PATH_MAX (4096 bytes)'))).toBe(true);
    expect(skipped.every((b) => b.split('\n')[0].endsWith('skipped by the directory walk [lint/file-access]'))).toBe(true);
    // Infos: the run still passes.
    expect(r.code).toBe(0);
  });

  it('an unreadable directory, for a user that may not list it', () => {
    write('walk2/site.conf', 'server {\n    listen 80;\n}\n');
    write('walk2/private/app.ini', '[uwsgi]\nmodule = app\n');
    chmodSync(join(tmp, 'walk2/private'), 0o000);
    const nobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, '--no-color', 'walk2'], { cwd: tmp, encoding: 'utf8' });
    if (nobody.error || /setpriv:/.test(nobody.stderr)) {
      console.warn(`SKIPPED: permission denied cannot be arranged here (setpriv: ${nobody.error?.message ?? nobody.stderr.trim()})`);
      return;
    }
    expect(nobody.stdout).toContain('walk2/private:1:1: info: skipped by the directory walk [lint/file-access]\n  why:  this path cannot be read: permission denied (EACCES)');
    expect(nobody.status).toBe(0);
  });
});
