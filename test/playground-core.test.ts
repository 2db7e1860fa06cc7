// The playground's lint core runs in a browser: bundled for `platform: 'browser'` with nothing
// external and no polyfill, no Node builtin is left in it, and the bundle, run in a bare VM
// context (no require, no process, no Buffer), lints the tutorial pair as the library does.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
// @ts-expect-error plain JS build script
import { browserBuildOptions, root } from '../scripts/build-playground.js';
import { lintText } from '../src/lint.js';

const nginx = readFileSync(join(root, 'examples/mistakes/mysite_nginx.conf'), 'utf8');
const uwsgi = readFileSync(join(root, 'examples/mistakes/mysite_uwsgi.ini'), 'utf8');
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Every import esbuild saw that names a Node builtin, and `node:` strings left in the output. */
function nodeReach(metafile: { inputs: Record<string, { imports: { path: string }[] }> }, code: string): string[] {
  const found: string[] = [];
  for (const [file, input] of Object.entries(metafile.inputs)) for (const i of input.imports) if (builtins.has(i.path) || i.path.startsWith('node:')) found.push(`${file} imports ${i.path}`);
  for (const m of code.matchAll(/\b(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](node:[\w/]+|[\w/]+)["']/g)) if (builtins.has(m[1])) found.push(`output reaches ${m[1]}`);
  return found;
}

async function bundle(entry: string, format: 'esm' | 'iife', extra: object = {}) {
  const result = await build(browserBuildOptions(join(root, entry), { write: false, format, ...extra }));
  return { code: result.outputFiles[0].text, metafile: result.metafile };
}

/** The findings as the page shows them, comparable across runs. */
function shown(result: Awaited<ReturnType<typeof lintText>>) {
  return result.results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.message}${m.related.map((x) => ` [${x.filePath}:${x.line}:${x.column}]`).join('')}`));
}

describe('playground core in a browser', () => {
  test('the page entry bundles for the browser with no Node builtin', async () => {
    const { code, metafile } = await bundle('playground/main.ts', 'esm');
    expect(nodeReach(metafile, code)).toEqual([]);
    // The check itself sees a builtin when one is there.
    const leaky = await build({ stdin: { contents: "import { sep } from 'node:path'; export const s = sep;", resolveDir: root }, bundle: true, platform: 'node', format: 'esm', write: false, metafile: true });
    expect(nodeReach(leaky.metafile, leaky.outputFiles[0].text)).toEqual(["<stdin> imports node:path", 'output reaches node:path']);
  }, 60_000);

  test('the bundled core lints the tutorial pair in a bare VM context, as lintText() does on Node', async () => {
    const { code, metafile } = await bundle('playground/core.ts', 'iife', { globalName: 'core' });
    expect(nodeReach(metafile, code)).toEqual([]);
    const sandbox: Record<string, unknown> = { TextEncoder, TextDecoder, performance: { now: () => 0 }, console };
    runInNewContext(`${code}\nglobalThis.core = core;`, sandbox);
    expect(runInNewContext('[typeof require, typeof process, typeof Buffer].join()', sandbox)).toBe('undefined,undefined,undefined');
    const core = sandbox.core as { lintPair: (n: string, u: string) => ReturnType<typeof lintText>; CWD: string; NGINX_PATH: string; UWSGI_PATH: string };
    const inBrowser = shown(await core.lintPair(nginx, uwsgi));
    const onNode = shown(await lintText([{ path: core.NGINX_PATH, text: nginx, kind: 'nginx' }, { path: core.UWSGI_PATH, text: uwsgi, kind: 'uwsgi' }], { cwd: core.CWD }));
    expect(inBrowser).toEqual(onNode);
    // The marked mistakes: the socket the two sides disagree on, the missing uwsgi_params.
    expect(inBrowser.some((l) => /^mysite_nginx\.conf:15:20 error pair\/socket-mismatch /.test(l) && l.includes('/run/app/app.sock'))).toBe(true);
    expect(inBrowser.some((l) => l.includes('uwsgi_params'))).toBe(true);
    expect(inBrowser.length).toBeGreaterThan(4);
  }, 60_000);
});
