// fast-glob, loaded on first use: runs given explicit files (a pre-commit hook) never need it,
// and loading it costs about 25 ms of start-up.
import { createRequire } from 'node:module';

type FastGlob = typeof import('fast-glob');

let loaded: FastGlob | undefined;

export function fastGlob(): FastGlob {
  loaded ??= createRequire(import.meta.url)('fast-glob') as FastGlob;
  return loaded;
}
