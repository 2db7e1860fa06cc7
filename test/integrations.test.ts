// The integrations, run for real: the GitHub Action's steps (action.yml) as the runner would run
// them, the pre-commit hook through the real `pre-commit try-repo`, and the package as another
// package installs it (npm pack, npm install, import through "exports").
import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
// The hook and the Action run the committed bundle; the package also needs dist/ (npm run build).
const bundled = existsSync(join(repo, 'bundle/cli.cjs'));
const built = existsSync(join(repo, 'dist/src/index.js'));
const inCi = process.env.CI === 'true' || process.env.CI === '1';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-integrations-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sh(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}

/** As sh, without blocking the worker: vitest's RPC times out under a spawnSync of minutes. */
function shAsync(command: string, args: string[], options: SpawnOptions = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

const has = (command: string, args = ['--version']) => sh(command, args).status === 0;

/**
 * A PATH whose npm, npx, pnpm and yarn fail, each call noted in the returned log: what runs with
 * it and succeeds installed nothing with a package manager and ran no build script.
 */
function pathWithoutNpm(name: string): { path: string; calls: () => string } {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const log = join(dir, 'calls.log');
  for (const command of ['npm', 'npx', 'pnpm', 'yarn']) {
    writeFileSync(join(dir, command), `#!/bin/sh\necho "${command} $*" >> '${log}'\nexit 97\n`, { mode: 0o755 });
  }
  return { path: `${dir}:${process.env.PATH ?? ''}`, calls: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

/** Writes a small project: a broken nginx site (a block never closed) or a clean pair. */
function project(dir: string, broken: boolean) {
  mkdirSync(join(dir, 'deploy'), { recursive: true });
  const clean = readFileSync(join(repo, 'examples/clean/mysite_nginx.conf'), 'utf8');
  // Broken: the server block's closing brace is missing.
  const site = broken ? clean.slice(0, clean.trimEnd().lastIndexOf('}')) : clean;
  writeFileSync(join(dir, 'deploy/site.conf'), site);
  writeFileSync(join(dir, 'deploy/app.ini'), readFileSync(join(repo, 'examples/clean/mysite_uwsgi.ini'), 'utf8'));
}

describe('the GitHub Action (action.yml), its run: steps executed as the runner does', { timeout: 120_000 }, () => {
  const hasYaml = has('python3', ['-c', 'import yaml']);
  if (!hasYaml && !inCi) console.warn('SKIPPED: the Action tests need python3 with PyYAML (apt-get install python3-yaml) to read action.yml');

  interface Step {
    name?: string;
    id?: string;
    shell?: string;
    run?: string;
    env?: Record<string, string>;
  }
  interface Action {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: Step[] };
  }

  const action = (): Action => {
    const r = sh('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], {
      input: readFileSync(join(repo, 'action.yml'), 'utf8'),
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  let noNpm: ReturnType<typeof pathWithoutNpm> | undefined;

  /** Runs every step of the composite action in `workspace`, with the inputs as the runner would pass them. */
  function runAction(workspace: string, inputs: Record<string, string>) {
    const { inputs: declared, runs } = action();
    const values: Record<string, string> = {};
    for (const [name, spec] of Object.entries(declared)) values[name] = inputs[name] ?? spec.default ?? '';
    const githubOutput = join(workspace, 'github-output.txt');
    writeFileSync(githubOutput, '');
    // The runner's substitution of ${{ ... }} in env values.
    const expand = (text: string) =>
      text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
        if (expression === 'github.action_path') return repo;
        const input = /^inputs\.([\w-]+)$/.exec(expression);
        if (input) return values[input[1]] ?? '';
        throw new Error(`unexpected expression in action.yml: ${expression}`);
      });
    let stdout = '';
    let stderr = '';
    let status: number | null = 0;
    // npm fails on this PATH: the action runs the committed bundle, with no install and no build.
    noNpm ??= pathWithoutNpm('action-path');
    for (const [i, step] of runs.steps.entries()) {
      if (step.run === undefined) continue;
      expect(step.shell).toBe('bash');
      expect(step.run).not.toContain('${{');
      const script = join(workspace, `step-${i}.sh`);
      writeFileSync(script, step.run);
      const env: Record<string, string> = { PATH: noNpm.path, HOME: process.env.HOME ?? tmp, GITHUB_OUTPUT: githubOutput, GITHUB_WORKSPACE: workspace };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v));
      // What `shell: bash` means on a runner.
      const r = sh('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env });
      stdout += r.stdout;
      stderr += r.stderr;
      status = r.status;
      if (status !== 0) break;
    }
    expect(noNpm.calls()).toBe('');
    return { status, stdout, stderr, outputs: readFileSync(githubOutput, 'utf8') };
  }

  const ready = bundled && (hasYaml || inCi);

  it.skipIf(!ready)('is a composite action with the documented inputs', () => {
    const { inputs, runs } = action();
    expect(runs.using).toBe('composite');
    expect(Object.keys(inputs)).toEqual(['paths', 'config', 'sarif-file', 'fail-on']);
    // It runs the committed bundle: nothing to install or build first.
    for (const step of runs.steps) expect(step.run ?? '').not.toMatch(/\bnpm\b|\bnpx\b|\bbuild\b/);
  });

  it.skipIf(!ready)('annotates a broken config, writes SARIF and fails the step', () => {
    const ws = mkdtempSync(join(tmp, 'action-broken-'));
    project(ws, true);
    const r = runAction(ws, { paths: 'deploy' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::error file=deploy\/site\.conf,line=\d+,.*title=nginx\/syntax::/m);
    const sarif = JSON.parse(readFileSync(join(ws, 'nginx-uwsgi-lint.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'nginx/syntax')).toBe(true);
    expect(r.outputs).toBe('sarif-file=nginx-uwsgi-lint.sarif\n');
  });

  it.skipIf(!ready)('passes a clean config, still writing the (empty) SARIF', () => {
    const ws = mkdtempSync(join(tmp, 'action-clean-'));
    project(ws, false);
    const r = runAction(ws, { paths: 'deploy', 'sarif-file': 'out/lint.sarif'.replace('out/', '') });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('::error');
    expect(JSON.parse(readFileSync(join(ws, 'lint.sarif'), 'utf8')).runs[0].results.filter((x: { level: string }) => x.level === 'error')).toEqual([]);
  });

  it.skipIf(!ready)('holds findings against fail-on, and reads config and several paths', () => {
    const ws = mkdtempSync(join(tmp, 'action-fail-on-'));
    project(ws, true);
    // The syntax error made a warning by the config: no errors left, at least one warning.
    writeFileSync(join(ws, 'lint.json'), JSON.stringify({ rules: { 'nginx/syntax': 'warning' } }));
    const inputs = { paths: 'deploy/site.conf\n  deploy/app.ini', config: 'lint.json' };
    const onError = runAction(ws, { ...inputs, 'fail-on': 'error' });
    expect(onError.status, onError.stdout + onError.stderr).toBe(0);
    expect(onError.stdout).toMatch(/^::warning file=deploy\/site\.conf,/m);
    expect(runAction(ws, { ...inputs, 'fail-on': 'warning' }).status).toBe(1);
    expect(runAction(ws, { paths: 'deploy', 'fail-on': 'never' }).status).toBe(0);
    const bad = runAction(ws, { ...inputs, 'fail-on': 'sometimes' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('fail-on');
  });

  it.skipIf(!ready)('fails on a fatal error (a path that does not exist)', () => {
    const ws = mkdtempSync(join(tmp, 'action-fatal-'));
    const r = runAction(ws, { paths: 'nothing-here' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nothing-here');
  });
});

describe('the pre-commit hook (.pre-commit-hooks.yaml), through the real pre-commit', () => {
  const hasPreCommit = has('pre-commit');
  const hasGit = has('git');
  if (!hasPreCommit && !inCi) console.warn('SKIPPED: the pre-commit hook test needs pre-commit (apt-get install pre-commit); .ci/run installs it');
  // pre-commit clones the repository and runs the committed bundle: no npm, no build, no registry.
  const timeout = 120_000;

  function throwaway(name: string, broken: boolean): string {
    const dir = mkdtempSync(join(tmp, `${name}-`));
    const git = (...args: string[]) => expect(sh('git', args, { cwd: dir }).status).toBe(0);
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    project(dir, broken);
    writeFileSync(join(dir, 'README.md'), '# not a config\n');
    git('add', '.');
    git('commit', '-qm', 'configs');
    return dir;
  }

  it.skipIf((!hasPreCommit || !hasGit) && !inCi)(
    'fails on a commit with a broken config and passes on a clean one',
    async () => {
      // The committed state of this repository: both runs share one installed environment.
      const head = sh('git', ['rev-parse', 'HEAD'], { cwd: repo });
      expect(head.status, head.stderr).toBe(0);
      const home = join(tmp, 'pre-commit-home');
      // npm fails on this PATH: the hook installs nothing with npm and builds nothing.
      const noNpm = pathWithoutNpm('pre-commit-path');
      const tryRepo = (dir: string) =>
        shAsync('pre-commit', ['try-repo', repo, 'nginx-uwsgi-lint', '--ref', head.stdout.trim(), '--all-files', '--verbose', '--color', 'never'], {
          cwd: dir,
          env: { ...process.env, PATH: noNpm.path, PRE_COMMIT_HOME: home, NO_COLOR: '1' },
        });

      const broken = await tryRepo(throwaway('pre-commit-broken', true));
      expect(broken.status, broken.stdout + broken.stderr).toBe(1);
      expect(broken.stdout).toMatch(/nginx-uwsgi-lint\.+Failed/);
      expect(broken.stdout).toContain('deploy/site.conf:');
      expect(broken.stdout).toContain('[nginx/syntax]');
      expect(broken.stdout).not.toContain('README');

      const clean = await tryRepo(throwaway('pre-commit-clean', false));
      expect(clean.status, clean.stdout + clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/nginx-uwsgi-lint\.+Passed/);
      expect(noNpm.calls()).toBe('');
    },
    timeout,
  );

  it.skipIf((!hasPreCommit || !hasGit) && !inCi)(
    'judges the pair on a commit that stages one side only (pair context), and reports on the staged files only',
    async () => {
      const head = sh('git', ['rev-parse', 'HEAD'], { cwd: repo });
      expect(head.status, head.stderr).toBe(0);
      // The same home and ref as the test above: one installed environment for both.
      const home = join(tmp, 'pre-commit-home');
      // Without --all-files: pre-commit passes the staged files, as on `git commit`.
      const onStaged = (dir: string) =>
        shAsync('pre-commit', ['try-repo', repo, 'nginx-uwsgi-lint', '--ref', head.stdout.trim(), '--verbose', '--color', 'never'], {
          cwd: dir,
          env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1' },
        });
      const stage = (dir: string, path: string, text: string) => {
        writeFileSync(join(dir, path), text);
        expect(sh('git', ['add', path], { cwd: dir }).status).toBe(0);
      };
      const toOtherSocket = (text: string) => text.replace('unix:/run/mysite/mysite.sock', 'unix:/run/mysite/other.sock');

      // The site now passes to a socket app.ini never binds; app.ini is not staged. Its own
      // finding (an http-socket no site uses, an info) is about a file not committed: not shown.
      const changed = throwaway('pre-commit-pair', false);
      stage(changed, 'deploy/site.conf', toOtherSocket(readFileSync(join(changed, 'deploy/site.conf'), 'utf8')));
      const mismatch = await onStaged(changed);
      expect(mismatch.status, mismatch.stdout + mismatch.stderr).toBe(1);
      expect(mismatch.stdout).toMatch(/nginx-uwsgi-lint\.+Failed/);
      expect(mismatch.stdout).toMatch(/^deploy\/site\.conf:\d+:\d+: .*\[pair\/socket-mismatch\]$/m);
      expect(mismatch.stdout).toContain('deploy/app.ini:');
      expect(mismatch.stdout).not.toContain('[pair/orphan-socket]');

      // `pairs` names the partner: another ini binding other.sock is not the site's uWSGI.
      const declared = throwaway('pre-commit-pairs', false);
      writeFileSync(join(declared, 'deploy/other.ini'), readFileSync(join(declared, 'deploy/app.ini'), 'utf8').replace('socket = /run/mysite/mysite.sock', 'socket = /run/mysite/other.sock'));
      writeFileSync(join(declared, '.nginx-uwsgi-lint.json'), JSON.stringify({ pairs: [{ nginx: 'deploy/site.conf', uwsgi: 'deploy/app.ini' }] }));
      expect(sh('git', ['add', '.'], { cwd: declared }).status).toBe(0);
      expect(sh('git', ['commit', '-qm', 'two inis, one pair'], { cwd: declared }).status).toBe(0);
      stage(declared, 'deploy/site.conf', toOtherSocket(readFileSync(join(declared, 'deploy/site.conf'), 'utf8')));
      const paired = await onStaged(declared);
      expect(paired.status, paired.stdout + paired.stderr).toBe(1);
      expect(paired.stdout).toContain('[pair/socket-mismatch]');
      // Without `pairs`, other.ini answers the site (staged: pre-commit sets unstaged changes aside).
      expect(sh('git', ['rm', '-q', '.nginx-uwsgi-lint.json'], { cwd: declared }).status).toBe(0);
      const unpaired = await onStaged(declared);
      expect(unpaired.status, unpaired.stdout + unpaired.stderr).toBe(0);

      // A site with no ini in the repository: nothing to pair it with, it passes as before.
      const lone = throwaway('pre-commit-lone', false);
      expect(sh('git', ['rm', '-q', 'deploy/app.ini'], { cwd: lone }).status).toBe(0);
      expect(sh('git', ['commit', '-qm', 'no uwsgi'], { cwd: lone }).status).toBe(0);
      stage(lone, 'deploy/site.conf', toOtherSocket(readFileSync(join(lone, 'deploy/site.conf'), 'utf8')));
      const alone = await onStaged(lone);
      expect(alone.status, alone.stdout + alone.stderr).toBe(0);
      expect(alone.stdout).toMatch(/nginx-uwsgi-lint\.+Passed/);
    },
    timeout,
  );

  it('matches nginx and uWSGI configs, not other files', () => {
    const text = readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8');
    const pattern = /^\s+files: \(\?x\)([\s\S]*?\n\s+\))$/m.exec(text)?.[1];
    expect(pattern).toBeDefined();
    // Python's verbose mode: whitespace in the pattern is not part of it.
    const re = new RegExp(pattern!.replace(/\s+/g, ''));
    for (const path of ['deploy/site.conf', 'app.ini', 'etc/nginx/nginx.conf', 'etc/nginx/sites-available/default', 'templates/site.conf.j2']) {
      expect(re.test(path), path).toBe(true);
    }
    for (const path of ['README.md', 'app/settings.py', 'Dockerfile', 'package.json']) expect(re.test(path), path).toBe(false);
  });
});

describe('the package as another package uses it (npm pack, install, import through exports)', () => {
  const hasNpm = has('npm');
  const timeout = 300_000;

  it.skipIf(!built || !hasNpm)(
    "imports lint, lintText and formatters, finds the rule docs, and runs the bin",
    async () => {
      const packDir = join(tmp, 'pack');
      mkdirSync(packDir);
      // dist/ is built by `npm test`; packing must not rebuild it under the running tests.
      const pack = await shAsync('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir, '--json'], { cwd: repo });
      expect(pack.status, pack.stderr).toBe(0);
      const [{ filename, files }] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      const shipped = files.map((f) => f.path);
      expect(shipped).toContain('dist/src/index.js');
      expect(shipped).toContain('rules/nginx-syntax.md');
      expect(shipped).toContain('bin/nginx-uwsgi-lint.js');

      const consumer = join(tmp, 'consumer');
      mkdirSync(consumer);
      writeFileSync(
        join(consumer, 'package.json'),
        JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies: { 'nginx-uwsgi-lint': `file:${join(packDir, filename.split('/').pop()!)}` } }),
      );
      const install = await shAsync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], { cwd: consumer });
      expect(install.status, install.stderr).toBe(0);
      // A real copy, not a link back into this tree.
      expect(existsSync(join(consumer, 'node_modules/nginx-uwsgi-lint/dist/src/index.js'))).toBe(true);

      writeFileSync(
        join(consumer, 'use.mjs'),
        `import { lint, lintText, formatters } from 'nginx-uwsgi-lint';
const result = await lintText([{ path: 'site.conf', text: 'server {\\n' }]);
const sarif = JSON.parse(formatters.sarif(result));
const syntaxRule = sarif.runs[0].tool.driver.rules.find((r) => r.id === 'nginx/syntax');
let deep = 'allowed';
try { await import('nginx-uwsgi-lint/dist/src/cli.js'); } catch (e) { deep = e.code; }
console.log(JSON.stringify({
  lint: typeof lint,
  formatters: Object.keys(formatters),
  ruleIds: result.results.flatMap((f) => f.messages.map((m) => m.ruleId)),
  text: formatters.text(result),
  github: formatters.github(result),
  help: syntaxRule.help.markdown.split('\\n')[0],
  deep,
}));
`,
      );
      const use = sh(process.execPath, ['use.mjs'], { cwd: consumer });
      expect(use.status, use.stderr).toBe(0);
      const out = JSON.parse(use.stdout);
      expect(out.lint).toBe('function');
      expect(out.formatters).toEqual(['text', 'json', 'sarif', 'github', 'gitlab', 'checkstyle']);
      expect(out.ruleIds).toContain('nginx/syntax');
      expect(out.text).toMatch(/^site\.conf:\d+:\d+: .* \[nginx\/syntax\]/);
      expect(out.github).toMatch(/^::error file=site\.conf,/);
      // The docs travel with the package and are found from dist/.
      expect(out.help).toBe('# nginx/syntax');
      expect(out.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');

      const bin = join(consumer, 'node_modules/.bin/nginx-uwsgi-lint');
      const explain = sh(bin, ['--explain', 'nginx/syntax'], { cwd: consumer });
      expect(explain.status, explain.stderr).toBe(0);
      expect(explain.stdout.split('\n')[0]).toBe('# nginx/syntax');
      const version = sh(bin, ['--version'], { cwd: consumer });
      expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
    },
    timeout,
  );
});
