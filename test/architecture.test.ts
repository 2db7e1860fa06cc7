// The layout the contributor guide promises, checked: rules read configs only through the query
// layer, src/ has no import cycle (type-only imports included), and a long file says why it is one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** A relative import's target file: `./x.js` is `./x.ts` in the sources. */
function target(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return resolve(dirname(from), spec).replace(/\.js$/, '.ts');
}

describe('rules', () => {
  const ruleFiles = readdirSync(join(ROOT, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

  test.each(ruleFiles)('%s imports only src/rule.ts, the query layer and node built-ins', (file) => {
    const outside = importsOf(join(ROOT, 'rules', file)).filter((spec) => spec !== '../src/rule.js' && spec !== '../src/query/index.js' && !spec.startsWith('node:'));
    expect(outside).toEqual([]);
  });
});

describe('src/', () => {
  const files = tsFiles(join(ROOT, 'src'));

  test('has no import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) graph.set(file, importsOf(file).map((spec) => target(file, spec)).filter((t): t is string => t !== null));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (!graph.has(next)) continue;
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(ROOT, f)).join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  test('a file over 400 lines says at its top why it is one file', () => {
    // The reason is in the opening comment: "Over 400 lines: ..." (or "One file ...: ...").
    const saysWhy = (text: string) => /over 400 lines|^\/\/ One file\b/im.test(text.split('\n').slice(0, 15).join('\n'));
    const long = files.filter((file) => readFileSync(file, 'utf8').split('\n').length > 400 && !saysWhy(readFileSync(file, 'utf8')));
    expect(long.map((f) => relative(ROOT, f))).toEqual([]);
  });

  test('no absolute path of one machine in code, tests, scripts or docs', () => {
    const dirs = ['src', 'rules', 'test', 'scripts', 'bench', 'docs'];
    const all = dirs.flatMap((d) => tsFilesAndText(join(ROOT, d))).concat([join(ROOT, 'README.md'), join(ROOT, 'CONTRIBUTING.md')]);
    const hits = all.filter((file) => /\/work\/(?:main|wt|shared|\.library|\.mirror)\b/.test(readFileSync(file, 'utf8')));
    expect(hits.map((f) => relative(ROOT, f))).toEqual([]);
  });
});

function tsFilesAndText(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name === '__snapshots__') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFilesAndText(path));
    else if (/\.(ts|js|md)$/.test(name)) out.push(path);
  }
  return out;
}
