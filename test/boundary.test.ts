// The file-access boundary: a run reads only regular files inside the paths it was given (and the
// pathMappings targets). Includes and links that lead out, /proc, /sys and /dev are reported with
// the position of the path as written, never read, and no report format shows their content.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { runCapturedCli } from './support/run-cli.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'nginx-uwsgi-lint.js');
const SECRET = 'hunter2-boundary-7f3a';

const run = runCapturedCli;

let tmp: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(tmp, path)), { recursive: true });
  writeFileSync(join(tmp, path), text);
};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-boundary-'));
  chmodSync(tmp, 0o755);
  // A file outside the linted tree whose lines would show in a code frame if it were read.
  write('outside/secret.conf', `server {\n    server_name ${SECRET}\n    listen 80;\n`);
  write('outside/base.ini', `[uwsgi]\nsocket = 0.0.0.0:3031\nprint = ${SECRET}\n`);
  // The repository: an nginx main config whose includes climb out, and an ini whose loaders do.
  const depth = tmp.split('/').length + 3;
  write('repo/nginx/nginx.conf', `events {}\nhttp {\n    include ${'../'.repeat(depth)}proc/self/environ;\n    include ../../outside/secret.conf;\n    include evil.conf;\n}\n`);
  symlinkSync(join(tmp, 'outside/secret.conf'), join(tmp, 'repo/nginx/evil.conf'));
  write('repo/uwsgi/app.ini', `[uwsgi]\nini = ${join(tmp, 'outside/base.ini')}\ninclude = ../../outside/base.ini\ninherit = ${join(tmp, 'outside/base.ini')}\nmodule = app.wsgi\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a run reads nothing outside the linted tree', () => {
  it('reports an nginx include that climbs out to /proc through the prefix, and never opens it', () => {
    // Spawned, so /proc/self/environ is the CLI's own environment, holding the secret.
    const r = spawnSync(process.execPath, [bin, '--no-color', 'repo/nginx/nginx.conf'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, BOUNDARY_SECRET: SECRET } });
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stdout).toContain(`repo/nginx/nginx.conf:3:13: warning: include "${'../'.repeat(tmp.split('/').length + 3)}proc/self/environ" is under /proc, /sys or /dev`);
    expect(r.stdout).toContain('[lint/file-access]');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
  });

  it('reports a relative include and a symlink that lead out, with the position of the path, in every format', async () => {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = await run(['--no-color', '-f', format, 'repo/nginx/nginx.conf'], tmp);
      expect(r.stdout, format).not.toContain(SECRET);
      expect(r.code, format).toBe(0);
    }
    const result = await lint({ files: ['repo/nginx/nginx.conf'], cwd: tmp });
    const messages = result.results.flatMap((f) => f.messages.map((m) => ({ file: f.filePath, ...m })));
    const outside = messages.filter((m) => m.ruleId === 'lint/file-access');
    expect(outside.map((m) => [m.file, m.severity, m.line, m.column, m.endLine, m.endColumn])).toEqual([
      ['repo/nginx/nginx.conf', 'warning', 3, 13, 3, 13 + `${'../'.repeat(tmp.split('/').length + 3)}proc/self/environ`.length],
      ['repo/nginx/nginx.conf', 'warning', 4, 13, 4, 13 + '../../outside/secret.conf'.length],
      ['repo/nginx/nginx.conf', 'warning', 5, 13, 5, 13 + 'evil.conf'.length],
    ]);
    expect(outside[1].message).toContain('include "../../outside/secret.conf" lies outside the linted tree');
    // (Messages may show paths below the working directory relative to it.)
    expect(outside[2].message).toMatch(/\(it is (\/.*\/)?outside\/secret\.conf\)/);
    expect(outside[2].message).toMatch(/pathMappings/);
    // Nothing from the outside file was parsed: no finding points into it.
    expect(result.results.map((f) => f.filePath)).toEqual(['repo/nginx/nginx.conf']);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('reports uWSGI ini, include and inherit paths that lead out, absolute or relative, and reads none', async () => {
    const result = await lint({ files: ['repo/uwsgi/app.ini'], cwd: tmp });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const file = result.results.find((f) => f.filePath === 'repo/uwsgi/app.ini')!;
    const outside = file.messages.filter((m) => m.ruleId === 'lint/file-access');
    const abs = join(tmp, 'outside/base.ini');
    expect(outside.map((m) => [m.severity, m.line, m.column, m.endColumn])).toEqual([
      ['warning', 2, 7, 7 + abs.length],
      ['warning', 3, 11, 11 + '../../outside/base.ini'.length],
      ['warning', 4, 11, 11 + abs.length],
    ]);
    expect(outside[0].message).toMatch(/^`ini = (\/.*\/)?outside\/base\.ini`: this path lies outside the linted tree: not read/);
    // The included file's socket would be an all-interfaces error if it had been read.
    expect(result.results.flatMap((f) => f.messages).filter((m) => m.ruleId === 'uwsgi/all-interfaces')).toEqual([]);
    // Not read is not missing: no "uWSGI exits at startup" error for a file the run may not see.
    expect(file.messages.filter((m) => m.ruleId === 'uwsgi/include')).toEqual([]);
  });

  it('walking a directory, passes over a link that leads out and says so', async () => {
    const r = await run(['--no-color', 'repo/nginx'], tmp);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toContain('repo/nginx/evil.conf:1:1: info: skipped by the directory walk [lint/file-access]\n  why:  this path lies outside the linted tree');
  });

  it('reads a pathMappings target outside the linted paths', async () => {
    write('mapped/snippets/app.conf', 'location / {\n    uwsgi_pass unix:/run/app.sock;\n}\n');
    write('repo2/site.conf', 'server {\n    listen 80;\n    include /etc/nginx/snippets/app.conf;\n}\n');
    const result = await lint({ files: ['repo2/site.conf'], cwd: tmp, config: { pathMappings: [{ from: '/etc/nginx', to: join(tmp, 'mapped') }] } });
    const all = result.results.flatMap((f) => f.messages);
    expect(all.filter((m) => m.ruleId === 'lint/file-access' || m.ruleId === 'nginx/missing-include')).toEqual([]);
    // The mapped file was read: its uwsgi_pass without uwsgi_params is found there.
    expect(result.results.map((f) => f.filePath)).toContain('mapped/snippets/app.conf');
  });

  it('takes a file named outright with its directory: sibling includes are read', async () => {
    write('repo3/nginx.conf', 'events {}\nhttp {\n    include sites/app.conf;\n}\n');
    write('repo3/sites/app.conf', 'server {\n    listen 80;\n    location / { uwsgi_pass unix:/run/app.sock; }\n}\n');
    const result = await lint({ files: ['repo3/nginx.conf'], cwd: tmp });
    expect(result.results.flatMap((f) => f.messages).filter((m) => m.ruleId === 'lint/file-access')).toEqual([]);
    expect(result.results.map((f) => f.filePath)).toContain('repo3/sites/app.conf');
  });

  it('does not open a file named outright that is a link out of its directory', async () => {
    symlinkSync(join(tmp, 'outside/secret.conf'), join(tmp, 'repo3/named-link.conf'));
    symlinkSync('/dev/zero', join(tmp, 'repo3/zero.conf'));
    const r = await run(['--no-color', 'repo3/named-link.conf', 'repo3/zero.conf'], tmp);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toContain('repo3/named-link.conf:1:1: warning: this path lies outside the linted tree');
    expect(r.stdout).toContain('repo3/zero.conf:1:1: warning: this path is under /proc, /sys or /dev (it is /dev/zero), which the linter never opens');
    expect(r.code).toBe(0);
  });

  it('takes a file named outright inside a git work tree with the whole tree: a sites-enabled link is read, a link out of the tree is not', async () => {
    write('gitrepo/.git/HEAD', 'ref: refs/heads/main\n');
    write('gitrepo/deploy/sites-available/app.conf', 'server {\n    listen 80;\n    location / { include uwsgi_params; uwsgi_pass unix:/run/app.sock; }\n}\n');
    mkdirSync(join(tmp, 'gitrepo/deploy/sites-enabled'), { recursive: true });
    symlinkSync('../sites-available/app.conf', join(tmp, 'gitrepo/deploy/sites-enabled/app.conf'));
    symlinkSync(join(tmp, 'outside/secret.conf'), join(tmp, 'gitrepo/deploy/sites-enabled/evil.conf'));
    const r = await run(['--no-color', 'deploy/sites-enabled/app.conf', 'deploy/sites-enabled/evil.conf'], join(tmp, 'gitrepo'));
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).not.toMatch(/deploy\/sites-enabled\/app\.conf:1:1: \w+: this path lies outside/);
    expect(r.stdout).toContain('deploy/sites-enabled/evil.conf:1:1: warning: this path lies outside the linted tree');
    expect(r.code).toBe(0);
  });
});
