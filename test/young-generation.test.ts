// src/young-generation.ts: the CLI keeps V8's young generation at the size it has once the bundle
// is loaded, and lets it grow again once the heap is large. What V8 does with the flag is checked
// in a process of its own (the flag holds for the whole process), by the size of its new space:
// no time is measured.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(repo, 'dist/src/young-generation.js');

/**
 * Runs a child that keeps `megabytes` of small objects alive (a parse keeps its tree), calling
 * noteFileRead() as a run does per file, and prints the new space's size before and after.
 */
function youngGeneration(mode: 'default' | 'capped', megabytes: number): { before: number; after: number } {
  const script = `
    import { capYoungGeneration, noteFileRead } from ${JSON.stringify(pathToFileURL(built).href)};
    import { getHeapSpaceStatistics } from 'node:v8';
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    if (${JSON.stringify(mode)} === 'capped') capYoungGeneration();
    const before = young();
    const kept = [];
    // About 64 bytes an object: one file read per 10,000 objects.
    for (let i = 0; i < ${megabytes} * 16384; i++) {
      kept.push({ i, next: null });
      if (i % 10000 === 0) noteFileRead();
    }
    console.log(JSON.stringify({ before, after: young(), kept: kept.length }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout);
}

describe.skipIf(!existsSync(built))('young generation (CLI only)', { timeout: 60_000 }, () => {
  if (!existsSync(built)) console.warn('young-generation.test.ts: skipped, dist/ is not built (npm run build)');

  it('grows as V8 sees fit by default, and stays at its size once capped, while the heap is small', () => {
    const MiB = 1024 * 1024;
    const free = youngGeneration('default', 60);
    expect(free.after).toBeGreaterThanOrEqual(16 * MiB);
    // Capped where a bare process starts (1 MiB; V8 commits the second semi-space once), where
    // the CLI caps it after loading its bundle (4 MiB) it stays too.
    const capped = youngGeneration('capped', 60);
    expect(capped.after).toBeLessThanOrEqual(Math.max(capped.before * 2, 4 * MiB));
  });

  it('grows again once the heap passes the limit (tens of thousands of files)', () => {
    // Past 160 MB of live heap, the next look (every 64 files) lets V8 grow it.
    const large = youngGeneration('capped', 260);
    expect(large.after).toBeGreaterThanOrEqual(16 * 1024 * 1024);
  });
});
