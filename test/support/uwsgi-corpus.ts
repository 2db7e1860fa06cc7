// The uWSGI configs of the shared corpus: every ini of pairs/ (by MANIFEST.tsv's uwsgi_path, so
// `uwsgi.conf` counts) and ini-only/, linted one by one, with their uwsgi/* findings as lines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/lint.js';
import { sharedCorpusDir } from './shared.js';

export const CORPUS = sharedCorpusDir;

export function corpusFiles(): string[] {
  const files = new Set<string>();
  const manifest = join(CORPUS, 'pairs', 'MANIFEST.tsv');
  if (existsSync(manifest)) {
    const [head, ...rows] = readFileSync(manifest, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const repo = head.indexOf('repo');
    const uwsgi = head.indexOf('uwsgi_path');
    for (const row of rows) {
      const path = join('pairs', row[repo].replace('/', '__'), row[uwsgi].replace(/\//g, '__'));
      if (existsSync(join(CORPUS, path))) files.add(path);
    }
  }
  for (const dir of readdirSync(join(CORPUS, 'pairs'))) {
    if (dir.endsWith('.tsv')) continue;
    for (const f of readdirSync(join(CORPUS, 'pairs', dir))) if (/\.ini\b/.test(f)) files.add(join('pairs', dir, f));
  }
  for (const f of readdirSync(join(CORPUS, 'ini-only'))) if (!f.endsWith('.tsv')) files.add(join('ini-only', f));
  return [...files].sort();
}

/** `path:line:col severity rule message` for every uwsgi/* finding of one corpus file. */
export async function lintCorpusFile(path: string): Promise<string[]> {
  const result = await lintText([{ path, text: readFileSync(join(CORPUS, path), 'utf8'), kind: 'uwsgi' }], { cwd: '/corpus' });
  return result.results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId.startsWith('uwsgi/')).map((m) => `${r.filePath}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity} ${m.ruleId} ${m.message}`),
  );
}
