import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../src/source.js';
import { isUwsgiIni, parseUwsgiIni, resolveUwsgi } from '../src/uwsgi/index.js';
import { uwsgiDiagnostics } from './support/problems.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';

const corpus = sharedCorpusDir;
const present = sharedCorpusAvailable('shared corpus of uWSGI ini files');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every .ini anywhere, plus the ini-like files (templates, `:socket` variants) of pairs and ini-only. */
function iniFiles(): string[] {
  if (!present) return [];
  return walk(corpus).filter((path) => {
    if (/\.ini$/.test(path)) return true;
    if (!/[/\\](pairs|ini-only)[/\\]/.test(path) || /\.tsv$/.test(path)) return false;
    return /\.ini\b|uwsgi|\.j2$|\.tpl$|\.template$|\.example$/i.test(path) && isUwsgiIni(readFileSync(path, 'utf8'));
  });
}

describe.skipIf(!present)('shared corpus of uWSGI ini files', () => {
  const files = iniFiles();

  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((path) => [path.slice(corpus.length + 1), path]))('%s parses with no uwsgi/syntax error', (_name, path) => {
    const source = createSourceFile(path, readFileSync(path));
    const file = parseUwsgiIni(source, { cwd: '/' });
    expect(uwsgiDiagnostics(file.problems).filter((d) => d.severity === 'error')).toEqual([]);
    expect(file.entries.length).toBeGreaterThan(0);
    for (const entry of file.entries) {
      expect(source.text.slice(entry.keyStart, entry.keyEnd)).toBe(entry.rawKey);
      if (!entry.rawKey.includes('%')) expect(entry.rawKey).toBe(entry.key);
      if (!entry.rawValue.includes('%')) expect(entry.rawValue).toBe(entry.value);
    }
    const config = resolveUwsgi(file, { cwd: '/', readFile: () => undefined });
    expect(config.options.length).toBeGreaterThan(0);
  });
});
