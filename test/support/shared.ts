// The shared corpus of real-world configs lives beside the repository (`../shared/corpus`), not in
// it: a clone has none. Tests that read it find it from the repository root, and without it skip
// with one loud line; under CI=true a missing corpus fails the run instead of thinning it silently.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const sharedCorpusDir = join(sharedDir, 'corpus');

const inCI = process.env.CI === 'true';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether `../shared/corpus` (or `sub` inside it) is there. When not, says so once with `label`
 * (what is skipped), or under CI=true throws, so the test file fails.
 */
export function sharedCorpusAvailable(label: string, sub = ''): boolean {
  const dir = join(sharedCorpusDir, sub);
  if (isDirectory(dir)) return true;
  const where = `../shared/corpus${sub ? `/${sub}` : ''} (${dir})`;
  if (inCI) throw new Error(`CI=true: ${label} needs ${where} beside the repository, and it is absent`);
  console.warn(`SKIPPED ${label}: ${where} is absent beside the repository`);
  return false;
}
