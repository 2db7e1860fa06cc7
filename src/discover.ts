// Turns the paths on the command line (files, directories, globs) into the files to lint.
// A file named outright is always linted: the caller decides what to say if it is neither
// nginx nor uWSGI. Files found by walking a directory or matching a glob are kept only when
// their content classifies, so a project tree can be linted as it is.
import { statSync } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fastGlob } from './glob.js';
import { classifyFile } from './classify.js';
import { splitConfigName } from './uwsgi/magic.js';

/** Directories a walk never enters. */
export const SKIPPED_DIRECTORIES = ['node_modules', '.git', 'dist'];

/** Walked files larger than this are not read to classify them (configs are small). */
const MAX_CLASSIFY_BYTES = 4 * 1024 * 1024;

export interface DiscoverOptions {
  /** Directory relative paths and globs are resolved against. */
  cwd: string;
}

export interface DiscoveredFiles {
  /** Absolute paths, sorted, one per real file (and ini section asked for, `app.ini:prod`). */
  files: string[];
  /** Command-line paths that name nothing (no such file, or a glob that matches nothing). */
  missing: string[];
}

/**
 * `app.ini:prod`, split as uWSGI's `--ini` splits it (splitConfigName): the file and the section
 * to read, when the whole text names no file but the part before the section does. Null otherwise.
 */
export function splitIniSection(path: string, isFile: (p: string) => boolean): { file: string; section: string } | null {
  const { path: file, section } = splitConfigName(path);
  if (!section || /[/\\]/.test(section) || isFile(path) || !isFile(file)) return null;
  return { file, section };
}

/** Whether `path` is a file (following links). */
export function isFileSync(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Expands `paths` into a sorted, de-duplicated list of files to lint (`app.ini:prod` kept as given). */
export async function discoverFiles(paths: string[], options: DiscoverOptions): Promise<DiscoveredFiles> {
  const found = new Map<string, string>(); // real path (and section) -> path to report
  const missing: string[] = [];

  const add = async (file: string, section?: string) => {
    const real = (await realpath(file).catch(() => file)) + (section === undefined ? '' : `:${section}`);
    const named = section === undefined ? file : `${file}:${section}`;
    const known = found.get(real);
    if (known === undefined || named < known) found.set(real, named);
  };

  for (const given of paths) {
    const absolute = resolve(options.cwd, given);
    const info = await stat(absolute).catch(() => null);
    if (info?.isFile()) {
      await add(absolute);
    } else if (info?.isDirectory()) {
      for (const file of await walkDirectory(absolute)) if (await isLintable(file)) await add(file);
    } else if (fastGlob().isDynamicPattern(toGlob(given))) {
      const matches = await expandGlob(given, options.cwd);
      if (matches.length === 0) missing.push(given);
      for (const file of matches) if (await isLintable(file)) await add(file);
    } else {
      const withSection = splitIniSection(absolute, isFileSync);
      if (withSection) await add(withSection.file, withSection.section);
      else missing.push(given);
    }
  }

  const files = [...found.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, missing };
}

/** fast-glob wants forward slashes, also on Windows. */
function toGlob(path: string): string {
  return sep === '\\' ? path.replace(/\\/g, '/') : path;
}

async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const glob = toGlob(pattern);
  const entries = await fastGlob()(glob, {
    cwd: isAbsolute(pattern) ? undefined : cwd,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: true,
    suppressErrors: true,
    // A symlink loop under `**` would repeat until the kernel's ELOOP; stop well before.
    deep: 32,
    ignore: SKIPPED_DIRECTORIES.map((d) => `**/${d}/**`),
  });
  return entries.map((e) => resolve(e));
}

/**
 * All files under `root`. Symlinks are followed (sites-enabled/* are symlinks), each real
 * directory is entered once, so a loop ends; unreadable directories and dangling links are
 * passed over.
 */
export async function walkDirectory(root: string): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const real = await realpath(dir).catch(() => null);
    if (real === null || visited.has(real)) continue;
    visited.add(real);
    const entries = await fastGlob()('**/*', {
      cwd: dir,
      dot: true,
      onlyFiles: false,
      followSymbolicLinks: false,
      suppressErrors: true,
      objectMode: true,
      ignore: SKIPPED_DIRECTORIES.map((d) => `**/${d}/**`),
    });
    for (const entry of entries) {
      const full = join(dir, entry.path);
      if (entry.dirent.isFile()) {
        files.push(full);
      } else if (entry.dirent.isSymbolicLink()) {
        if (SKIPPED_DIRECTORIES.includes(entry.name)) continue;
        const target = await stat(full).catch(() => null);
        if (target?.isFile()) files.push(full);
        else if (target?.isDirectory()) pending.push(full);
      }
    }
  }
  return files;
}

/** Whether a file found by walking or globbing is one to lint: readable text that classifies. */
async function isLintable(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_CLASSIFY_BYTES) return false;
      const bytes = await handle.readFile();
      if (bytes.includes(0)) return false;
      return classifyFile(file, new TextDecoder().decode(bytes)) !== null;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** A path for display: relative to `cwd` when it lies below it, else as is. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}
