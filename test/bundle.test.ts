// The committed bundle (bundle/cli.cjs) that the pre-commit hook and the GitHub Action run from a
// checkout: self-contained, rebuilt to the same bytes by `npm run build`, and held to the source
// by scripts/check-bundle.js (which .ci/run runs against the committed copy).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(repo, 'bundle/cli.cjs');
const built = existsSync(join(repo, 'dist/src/cli.js'));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-bundle-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const node = (args: string[], cwd = repo) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });

describe('bundle/cli.cjs', { timeout: 60_000 }, () => {
  it.each([committed, join(repo, 'bundle/lsp.cjs')])('%s is in the repository and needs nothing but Node: every require() is a Node builtin', (file) => {
    const text = readFileSync(file, 'latin1');
    const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    expect(required.size).toBeGreaterThan(0);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect([...required].filter((name) => !builtins.has(name))).toEqual([]);
  });

  it('runs from a copy of bin/, bundle/, rules/ and package.json with no node_modules anywhere', () => {
    const copy = join(tmp, 'checkout');
    for (const dir of ['bin', 'bundle', 'rules']) cpSync(join(repo, dir), join(copy, dir), { recursive: true });
    rmSync(join(copy, 'bundle/cli.cache'), { force: true });
    cpSync(join(repo, 'package.json'), join(copy, 'package.json'));
    cpSync(join(repo, 'examples'), join(copy, 'examples'), { recursive: true });
    const bin = join(copy, 'bin/nginx-uwsgi-lint.js');
    expect(existsSync(join(copy, 'bundle/cli.cache'))).toBe(false);
    expect(node([bin, '--version'], copy).stdout.trim()).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
    expect(node([bin, '--explain', 'nginx/syntax'], copy).stdout.split('\n')[0]).toBe('# nginx/syntax');
    const clean = node([bin, 'examples/clean'], copy);
    expect(clean.status, clean.stderr).toBe(0);
    const mistakes = node([bin, '--format', 'json', 'examples/mistakes'], copy);
    expect(mistakes.status, mistakes.stderr).toBe(1);
    expect(JSON.parse(mistakes.stdout).errorCount).toBeGreaterThan(0);

    // The first run left V8's code cache behind, and the next run starts from it.
    expect(existsSync(join(copy, 'bundle/cli.cache'))).toBe(true);
    const loader = pathToFileURL(join(copy, 'bin/load-bundle.js')).href;
    const probe = node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(loader)}); console.log(m.loadBundle().cacheRejected);`], copy);
    expect(probe.stdout.trim(), probe.stderr).toBe('false');
    expect(readdirSync(join(copy, 'bundle')).sort()).toEqual(['cli.cache', 'cli.cjs', 'lsp.cjs']);
  });

  it('says what is missing, and what to run, when the bundle is not there', () => {
    const copy = join(tmp, 'no-bundle');
    cpSync(join(repo, 'bin'), join(copy, 'bin'), { recursive: true });
    const r = node([join(copy, 'bin/nginx-uwsgi-lint.js'), '--version'], copy);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nginx-uwsgi-lint: .*bundle\/cli\.cjs is missing\. .*`npm run build`/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.skipIf(!built)('is rebuilt to the same bytes, whichever directory the build starts from', () => {
    const first = join(tmp, 'first');
    const second = join(tmp, 'second');
    expect(node([join(repo, 'scripts/build-bin.js'), '--outdir', first]).status).toBe(0);
    mkdirSync(join(tmp, 'elsewhere'));
    expect(node([join(repo, 'scripts/build-bin.js'), '--outdir', second], join(tmp, 'elsewhere')).status).toBe(0);
    const a = readFileSync(join(first, 'cli.cjs'));
    expect(a.equals(readFileSync(join(second, 'cli.cjs')))).toBe(true);
    // Nothing of this checkout's location in it: another clone builds the same file.
    expect(a.toString('latin1')).not.toContain(repo);
    const lsp = readFileSync(join(first, 'lsp.cjs'));
    expect(lsp.equals(readFileSync(join(second, 'lsp.cjs')))).toBe(true);
    expect(lsp.toString('latin1')).not.toContain(repo);
    // A build to another directory trains no code cache (the loader reads bundle/'s only).
    expect(existsSync(join(first, 'cli.cache'))).toBe(false);
  });

  it.skipIf(!built)('scripts/check-bundle.js passes a fresh bundle and fails a stale one, saying how to refresh it', () => {
    const fresh = join(tmp, 'fresh');
    expect(node([join(repo, 'scripts/build-bin.js'), '--outdir', fresh]).status).toBe(0);
    const check = (file: string) => node([join(repo, 'scripts/check-bundle.js'), '--against', file]);

    const ok = check(join(fresh, 'cli.cjs'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('is what the source builds to');

    const lines = readFileSync(join(fresh, 'cli.cjs'), 'latin1').split('\n');
    lines[2] = `${lines[2]} // edited`;
    const stale = join(tmp, 'stale.cjs');
    writeFileSync(stale, lines.join('\n'), 'latin1');
    const bad = check(stale);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${stale} is stale`);
    expect(bad.stderr).toContain('first difference at line 3');
    expect(bad.stderr).toContain('Run `npm run build` and commit bundle/cli.cjs.');

    const missing = check(join(tmp, 'nothing.cjs'));
    expect(missing.status).not.toBe(0);
  });
});
