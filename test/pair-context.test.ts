// Pair context (docs/cli.md, "Pair context"): a run given one side of a pair reads the other side
// (the `pairs` setting, else the configs of the git work tree) and reports on the given files
// only. The real pre-commit run of the same is in test/integrations.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { LintOptionsError, lint } from '../src/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cleanSite = readFileSync(join(repo, 'examples/clean/mysite_nginx.conf'), 'utf8');
// Binds /run/mysite/mysite.sock (uwsgi protocol) and 127.0.0.1:8000 (http-socket, which no
// site here uses: a pair/orphan-socket info in the ini).
const cleanIni = readFileSync(join(repo, 'examples/clean/mysite_uwsgi.ini'), 'utf8');
/** The site passing to `socket` instead of the socket the ini binds. */
const siteTo = (socket: string) => cleanSite.replace('unix:/run/mysite/mysite.sock', `unix:${socket}`);
const iniOn = (socket: string) => cleanIni.replace('socket = /run/mysite/mysite.sock', `socket = ${socket}`);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-pair-context-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A directory holding `files`, a git work tree unless `git` is false. */
function project(name: string, files: Record<string, string>, git = true): string {
  const dir = join(mkdtempSync(join(tmp, `${name}-`)), 'repo');
  mkdirSync(dir);
  write(dir, files);
  if (git) execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

interface Json {
  results: { filePath: string; messages: { ruleId: string; related: { filePath: string }[] }[] }[];
}

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--format', 'json', ...argv], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, env: {} });
  const json = stdout ? (JSON.parse(stdout) as Json) : { results: [] };
  return { code, stdout, stderr, json, findings: json.results.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.ruleId}`)), files: json.results.map((r) => r.filePath) };
}

const pair = { 'deploy/nginx/site.conf': siteTo('/run/mysite/other.sock'), 'deploy/uwsgi/app.ini': cleanIni };

describe('a site given alone, in a git work tree', () => {
  it('is judged against the inis of the repository (pair/socket-mismatch), by default', async () => {
    const dir = project('site', pair);
    const r = await run(['deploy/nginx/site.conf'], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.findings).toEqual(['deploy/nginx/site.conf pair/socket-mismatch']);
    // The related location is the ini that was read for it.
    expect(r.json.results[0].messages[0].related.map((x) => x.filePath)).toEqual(['deploy/uwsgi/app.ini']);
  });

  it('does not report the partner ini\'s own findings (its unused http-socket)', async () => {
    const dir = project('partner-findings', pair);
    const whole = await run(['.'], dir);
    expect(whole.findings).toContain('deploy/uwsgi/app.ini pair/orphan-socket');
    const r = await run(['deploy/nginx/site.conf'], dir);
    expect(r.files).toEqual(['deploy/nginx/site.conf']);
  });

  it('--no-pair-context lints the file alone (no ini in the run, no pair finding)', async () => {
    const dir = project('off', pair);
    const r = await run(['--no-pair-context', 'deploy/nginx/site.conf'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.findings).toEqual([]);
    // The last of the two flags wins (a hook's entry says one, its args the other).
    expect((await run(['--no-pair-context', '--pair-context', 'deploy/nginx/site.conf'], dir)).code).toBe(1);
    expect((await run(['--pair-context', '--no-pair-context', 'deploy/nginx/site.conf'], dir)).code).toBe(0);
  });

  it('is off for a directory unless asked for', async () => {
    const dir = project('directory', pair);
    expect((await run(['deploy/nginx'], dir)).findings).toEqual([]);
    expect((await run(['--pair-context', 'deploy/nginx'], dir)).findings).toEqual(['deploy/nginx/site.conf pair/socket-mismatch']);
  });

  it('with no partner in the repository, reports what the file alone gives', async () => {
    const dir = project('alone', { 'deploy/nginx/site.conf': siteTo('/run/mysite/other.sock'), 'README.md': '# no ini here\n' });
    const withContext = await run(['deploy/nginx/site.conf'], dir);
    const without = await run(['--no-pair-context', 'deploy/nginx/site.conf'], dir);
    expect(withContext.code).toBe(0);
    expect(withContext.json).toEqual(without.json);
  });
});

describe('an ini given alone', () => {
  it('reports the site that passes to a socket it does not bind (the finding is in the site, its related location in the given ini), and its own findings', async () => {
    // other.conf: a partner with an nginx finding of its own (a block never closed), not reported.
    const dir = project('ini', { ...pair, 'deploy/nginx/other.conf': 'server {\n    listen 8080;\n' });
    const r = await run(['deploy/uwsgi/app.ini'], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.findings.sort()).toEqual(['deploy/nginx/site.conf pair/socket-mismatch', 'deploy/uwsgi/app.ini pair/orphan-socket']);
    expect(r.files).not.toContain('deploy/nginx/other.conf');
  });

  it('is not blamed for a site that passes to another ini\'s socket', async () => {
    const dir = project('two-apps', {
      'a/site.conf': siteTo('/run/a.sock'),
      'a/app.ini': iniOn('/run/a.sock'),
      'b/site.conf': siteTo('/run/b.sock'),
      'b/app.ini': iniOn('/run/b.sock'),
    });
    const r = await run(['--rule', 'pair/orphan-socket:off', 'a/app.ini'], dir);
    expect(r.findings).toEqual([]);
  });
});

describe('the pairs setting', () => {
  const twoDeployments = {
    // a's site passes to b's socket: without `pairs`, b's ini answers it.
    'a/site.conf': siteTo('/run/b.sock'),
    'a/app.ini': iniOn('/run/a.sock'),
    'b/app.ini': iniOn('/run/b.sock'),
  };
  const pairs = JSON.stringify({ pairs: [{ nginx: 'a/site.conf', uwsgi: 'a/app.ini' }] });

  it('without it, every ini of the repository is a partner', async () => {
    const dir = project('no-pairs', twoDeployments);
    expect((await run(['a/site.conf'], dir)).findings).toEqual([]);
  });

  it('with it, the declared partner decides (pair/socket-mismatch)', async () => {
    const dir = project('pairs', { ...twoDeployments, '.nginx-uwsgi-lint.json': pairs });
    const r = await run(['a/site.conf'], dir);
    expect(r.findings).toEqual(['a/site.conf pair/socket-mismatch']);
    expect(r.json.results[0].messages[0].related.map((x) => x.filePath)).toEqual(['a/app.ini']);
  });

  it('outside a git work tree, brings the declared partner (and nothing else is walked)', async () => {
    const dir = project('pairs-no-git', { ...twoDeployments, '.nginx-uwsgi-lint.json': pairs }, false);
    expect((await run(['a/site.conf'], dir)).findings).toEqual(['a/site.conf pair/socket-mismatch']);
    const bare = project('no-pairs-no-git', pair, false);
    expect((await run(['deploy/nginx/site.conf'], bare)).findings).toEqual([]);
  });
});

describe('the file-access boundary', () => {
  it('reads no partner outside the work tree and no special file inside it', async () => {
    const dir = project('boundary', pair);
    // An ini outside the repository binding the socket the site wants: read, it would answer it.
    const outside = join(dirname(dir), 'outside');
    write(outside, { 'other.ini': iniOn('/run/mysite/other.sock') });
    symlinkSync(join(outside, 'other.ini'), join(dir, 'deploy/uwsgi/other.ini'));
    // A FIFO that looks like an ini: opening it would block the run.
    const fifo = spawnSync('mkfifo', [join(dir, 'deploy/uwsgi/fifo.ini')]);
    const r = await run(['deploy/nginx/site.conf'], dir);
    expect(r.findings).toEqual(['deploy/nginx/site.conf pair/socket-mismatch']);
    expect(r.stdout).not.toContain('outside');
    if (fifo.status !== 0) console.warn('mkfifo failed: the FIFO half of this test did not run');
  });
});

describe('lint() with pairContext', () => {
  it('finds the partner when asked, and not by default', async () => {
    const dir = project('api', pair);
    const asked = await lint({ files: ['deploy/nginx/site.conf'], cwd: dir, pairContext: true });
    expect(asked.results.map((f) => [f.filePath, f.messages.map((m) => m.ruleId)])).toEqual([['deploy/nginx/site.conf', ['pair/socket-mismatch']]]);
    expect(asked.errorCount).toBe(1);
    const plain = await lint({ files: ['deploy/nginx/site.conf'], cwd: dir });
    expect(plain.errorCount).toBe(0);
  });

  it('refuses a pairContext that is not a boolean', async () => {
    await expect(lint({ files: ['x.conf'], pairContext: 'yes' as unknown as boolean })).rejects.toBeInstanceOf(LintOptionsError);
  });
});

describe('the command line', () => {
  it('refuses --pair-context with --stdin', async () => {
    const r = await run(['--stdin', '--pair-context'], tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pair-context');
  });
});

describe('both sides named', () => {
  it('is not partial input: by default nothing else of the repository is read (another ini that binds the socket is not seen)', async () => {
    const dir = project('both', { ...pair, 'deploy/uwsgi/other.ini': iniOn('/run/mysite/other.sock') });
    const given = ['deploy/nginx/site.conf', 'deploy/uwsgi/app.ini'];
    // Given both, the pair is what was given: other.ini is not read, so the site misses.
    const named = await run(given, dir);
    expect(named.findings).toContain('deploy/nginx/site.conf pair/socket-mismatch');
    expect(named.files).not.toContain('deploy/uwsgi/other.ini');
    // Asked for, pair context reads the repository: other.ini binds the socket.
    const asked = await run(['--pair-context', ...given], dir);
    expect(asked.findings).not.toContain('deploy/nginx/site.conf pair/socket-mismatch');
  });
});

