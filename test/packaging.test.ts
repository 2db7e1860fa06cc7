// The package as its consumers load it, from the packed tarball (npm pack): an ES module imports
// it; a CommonJS require() is refused with a message that says what to write instead; and
// TypeScript, through the "exports" types of each condition, compiles the code that works and
// refuses the code that would crash (a CommonJS file's import becomes a require()). Offline: the
// tarball is unpacked by hand and the runtime dependencies are this checkout's node_modules.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = existsSync(join(repo, 'dist/src/index.js')) && existsSync(join(repo, 'dist/src/index.d.ts'));
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
const REQUIRE_MESSAGE = 'nginx-uwsgi-lint is an ES module only, require() cannot load it';

function sh(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

let tmp: string;
/** A directory whose node_modules holds the unpacked package and its dependencies. */
let modules: string;
let shipped: string[];

beforeAll(() => {
  if (!built) return;
  tmp = mkdtempSync(join(tmpdir(), 'nul-packaging-'));
  // dist/ is built by `npm run build`; packing must not rebuild it under the running tests.
  const pack = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp, '--json'], { cwd: repo });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [{ filename, files }] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  shipped = files.map((f) => f.path);
  modules = join(tmp, 'node_modules');
  mkdirSync(join(modules, 'nginx-uwsgi-lint'), { recursive: true });
  const untar = sh('tar', ['-xzf', join(tmp, filename.split('/').pop()!), '-C', join(modules, 'nginx-uwsgi-lint'), '--strip-components=1']);
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  // The dependencies (and @types/node for the TypeScript consumers), as npm install would place them.
  for (const name of readdirSync(join(repo, 'node_modules'))) {
    if (name === 'nginx-uwsgi-lint' || name.startsWith('.')) continue;
    symlinkSync(join(repo, 'node_modules', name), join(modules, name));
  }
}, 120_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A consumer project beside the unpacked package: its package.json type and its files. */
function consumer(name: string, type: 'module' | 'commonjs', files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

type ModuleSetting = 'nodenext' | 'node16';

/** What one tsc run over all the TypeScript consumers said, and what each emitted program printed. */
interface Compiled {
  /** tsc's diagnostics for one consumer's use.ts (empty: it compiled). */
  errors(name: string): string;
  run(name: string): { status: number | null; stdout: string; stderr: string };
}

const compiledBy = new Map<ModuleSetting, Compiled>();

/**
 * All the TypeScript consumers in one tsc program (one type check of the package's declarations
 * instead of one per consumer), with skipLibCheck off so the package's own declaration files are
 * checked too; each use.js is run before the next module setting overwrites it.
 */
function compiled(module: ModuleSetting, names: string[]): Compiled {
  const known = compiledBy.get(module);
  if (known) return known;
  writeFileSync(
    join(tmp, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module, target: 'es2022', strict: true, skipLibCheck: false, types: ['node'] }, files: names.map((n) => `${n}/use.ts`) }),
  );
  const out = sh(process.execPath, [tsc, '-p', tmp, '--pretty', 'false'], { cwd: tmp });
  // With --pretty false a diagnostic is a line starting with its file; its continuation lines are indented.
  const byConsumer = new Map<string, string[]>();
  let current = '';
  for (const line of (out.stdout + out.stderr).split('\n')) {
    if (line === '') continue;
    if (!/^\s/.test(line)) current = line.split('/')[0];
    byConsumer.set(current, [...(byConsumer.get(current) ?? []), line]);
  }
  const runs = new Map(names.map((n) => [n, sh(process.execPath, ['use.js'], { cwd: join(tmp, n) })]));
  const result: Compiled = {
    errors: (name) => (byConsumer.get(name) ?? []).join('\n'),
    run: (name) => runs.get(name)!,
  };
  compiledBy.set(module, result);
  return result;
}

const site = 'server {\n    listen 80;\n    server_name a.example;\n    server_tokens on;\n    location / {\n        uwsgi_pass 127.0.0.1:3031;\n        include uwsgi_params;\n    }\n}\n';

describe.skipIf(!built)('the packed package', { timeout: 120_000 }, () => {
  it('ships each file its "exports" conditions name', () => {
    const pkg = JSON.parse(readFileSync(join(modules, 'nginx-uwsgi-lint/package.json'), 'utf8'));
    const root = pkg.exports['.'];
    const named = [root.import.types, root.import.default, root.require.types, root.require.default, pkg.main, pkg.types].map((p: string) => p.replace(/^\.\//, ''));
    for (const path of named) expect(shipped, path).toContain(path);
  });

  it('require() throws ERR_REQUIRE_ESM with a message that says how to load it', () => {
    const dir = consumer('cjs-require', 'commonjs', {
      'use.js': `try { require('nginx-uwsgi-lint'); console.log('loaded'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }\n`,
    });
    const run = sh(process.execPath, ['use.js'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const thrown = JSON.parse(run.stdout);
    expect(thrown.code).toBe('ERR_REQUIRE_ESM');
    expect(thrown.message).toContain('nginx-uwsgi-lint is an ES module only; require() cannot load it.');
    expect(thrown.message).toContain("const { lint } = await import('nginx-uwsgi-lint')");
  });

  it('the require() declarations declare every value the package exports, so none slips through as a working import', async () => {
    const exported = Object.keys(await import(pathToFileURL(join(modules, 'nginx-uwsgi-lint/dist/src/index.js')).href)).sort();
    const declaration = readFileSync(join(modules, 'nginx-uwsgi-lint/esm-only/require.d.cts'), 'utf8');
    const declared = [...declaration.matchAll(/esmOnly as (\w+)/g)].map((m) => m[1]).sort();
    expect(declared).toEqual(exported);
  });

});

describe.skipIf(!built)('the packed package in TypeScript (tsc, module node16 and nodenext)', { timeout: 180_000 }, () => {
  const names = ['ts-cjs-import', 'ts-cjs-dynamic', 'ts-esm'];
  beforeAll(() => {
    // A CommonJS file whose static import becomes a require(): it must not compile.
    consumer('ts-cjs-import', 'commonjs', {
      'use.ts': `import { lint, formatters } from 'nginx-uwsgi-lint';\nexport const run = () => lint({ files: ['site.conf'] });\nexport const text = formatters.text;\n`,
    });
    // A CommonJS file that loads the package with import() and imports its types: it compiles and runs.
    consumer('ts-cjs-dynamic', 'commonjs', {
      'site.conf': site.replace('    server_tokens on;\n', ''),
      'use.ts': `import type { LintResult } from 'nginx-uwsgi-lint';
async function main(): Promise<void> {
  const { lint } = await import('nginx-uwsgi-lint');
  const result: LintResult = await lint({ files: ['site.conf'] });
  console.log(JSON.stringify({ files: result.results.map((r) => r.filePath), errors: result.errorCount }));
}
main();
`,
    });
    // An ES module: the full API, a directory lint with and without the configuration file.
    const esm = consumer('ts-esm', 'module', {
      'use.ts': `import { lint, loadConfig, LintOptionsError, type LintResult } from 'nginx-uwsgi-lint';
const loaded = await loadConfig();
const result: LintResult = await lint({ files: 'deploy', configFile: true });
const withoutFile = await lint({ files: 'deploy' });
let refused = '';
try { await lint({ files: 'deploy/*.nothing' }); } catch (e) { if (e instanceof LintOptionsError) refused = e.option; }
const rules = (r: LintResult) => r.results.flatMap((f) => f.messages.map((m) => m.ruleId));
console.log(JSON.stringify({ config: loaded.path?.endsWith('.nginx-uwsgi-lint.json'), files: result.results.map((r) => r.filePath), rules: rules(result), rulesWithoutFile: rules(withoutFile), refused }));
`,
      '.nginx-uwsgi-lint.json': JSON.stringify({ rules: { 'nginx/version-disclosure': 'off' } }),
    });
    mkdirSync(join(esm, 'deploy'));
    writeFileSync(join(esm, 'deploy/site.conf'), site);
    writeFileSync(join(esm, 'deploy/README.md'), '# not a config\n');
  });

  for (const module of ['node16', 'nodenext'] as const) {
    it(`${module}: the package's own declaration files type-check (skipLibCheck off), for ES module and CommonJS consumers`, () => {
      expect(compiled(module, names).errors('node_modules')).toBe('');
    });

    it(`${module}: a CommonJS file's static import does not compile, and the error says why`, () => {
      const errors = compiled(module, names).errors('ts-cjs-import');
      // Each use fails: the call, the property read.
      expect(errors).toContain('ts-cjs-import/use.ts(2,');
      expect(errors).toContain('ts-cjs-import/use.ts(3,');
      expect(errors).toContain(REQUIRE_MESSAGE);
      expect(errors).toContain('await import("nginx-uwsgi-lint")');
    });

    it(`${module}: a CommonJS file's await import() and type-only import compile, and the program runs`, () => {
      const done = compiled(module, names);
      expect(done.errors('ts-cjs-dynamic')).toBe('');
      const run = done.run('ts-cjs-dynamic');
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ files: ['site.conf'], errors: 0 });
    });

    it(`${module}: an ES module compiles against the full types and lints a directory with the configuration file`, () => {
      const done = compiled(module, names);
      expect(done.errors('ts-esm')).toBe('');
      const run = done.run('ts-esm');
      expect(run.status, run.stderr).toBe(0);
      const seen = JSON.parse(run.stdout);
      expect(seen.config).toBe(true);
      // The walk keeps the config and passes over the README, as the CLI's walk does.
      expect(seen.files).toEqual(['deploy/site.conf']);
      // The configuration file turns the warning off; without configFile no file is read.
      expect(seen.rules).toEqual([]);
      expect(seen.rulesWithoutFile).toEqual(['nginx/version-disclosure']);
      expect(seen.refused).toBe('files');
    });
  }
});
