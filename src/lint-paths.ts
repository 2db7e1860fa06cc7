// lint()'s `files` as the CLI takes its paths: a directory is walked and a glob expanded
// (src/discover.ts), keeping what classifies as nginx or uWSGI. A list of plain files is left
// exactly as it is, so a call that names its files runs as it always has.
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { discoverFiles, isFileSync, splitIniSection, type SkippedPath } from './discover.js';
import { fastGlob } from './glob.js';
import { LintOptionsError } from './options.js';

export interface LintPaths {
  files: string[];
  /** The directories the run may read below, when a directory or glob was given (else lint() decides). */
  roots?: string[];
  /** What the walks passed over, and why. */
  skipped: SkippedPath[];
  /** Found files whose own name holds a `:`: not split as `file:section` (DiscoveredFiles.literal). */
  literal?: string[];
}

/** Whether a path is walked (a directory) or expanded (a glob naming no existing file). */
function needsDiscovery(path: string, cwd: string): boolean {
  const absolute = resolve(cwd, path);
  if (splitIniSection(absolute, isFileSync)) return false;
  let isDirectory: boolean | undefined;
  try {
    isDirectory = statSync(absolute, { throwIfNoEntry: false })?.isDirectory();
  } catch {
    // There but not to be looked at: lint() reads it and names the problem.
    return false;
  }
  if (isDirectory !== undefined) return isDirectory;
  return fastGlob().isDynamicPattern(path.replace(/\\/g, '/'));
}

/**
 * The files a lint() call covers. A glob that matches nothing is refused, as ESLint's lintFiles()
 * and the CLI refuse it; so is a call whose directories and globs hold no config at all. A plain
 * file that does not exist stays in the list: lint() reports it as unreadable, as before.
 */
export async function expandLintPaths(files: string[], cwd: string, givenAsOne: boolean): Promise<LintPaths> {
  const call = 'lint()';
  if (!files.some((f) => needsDiscovery(f, cwd))) return { files, skipped: [] };
  const found = await discoverFiles(files, { cwd });
  const globs = new Set(found.missing.filter((m) => fastGlob().isDynamicPattern(m.replace(/\\/g, '/'))));
  for (const [i, f] of files.entries()) {
    if (!globs.has(f)) continue;
    const option = givenAsOne ? 'files' : `files[${i}]`;
    throw new LintOptionsError(option, `${call}: "${option}" (${f}) matches no file; check the pattern and cwd (${cwd})`);
  }
  // Missing plain files: lint() reports each as a file it could not read.
  const listed = [...found.files, ...found.missing.map((m) => resolve(cwd, m))];
  if (listed.length === 0 && found.skipped.length === 0) {
    throw new LintOptionsError('files', `${call}: no nginx or uWSGI files found in ${files.join(', ')} (a walk keeps the files whose content is nginx or uWSGI; name a file to lint it whatever it holds)`);
  }
  return { files: listed, roots: found.roots, skipped: found.skipped, literal: found.literal };
}
