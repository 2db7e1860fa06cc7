// Turns the paths on the command line (files, directories, globs) into the files to lint.
// A file named outright is always linted: the caller decides what to say if it is neither
// nginx nor uWSGI. Files found by walking a directory or matching a glob are kept only when
// their content classifies, so a project tree can be linted as it is.
import { isUtf8 } from 'node:buffer';
import { readdir as readdirThen, realpathSync, stat as statThen, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fastGlob } from './glob.js';
import { classifyFile, isNeverConfigByName } from './classify.js';
import { splitConfigName } from './uwsgi/magic.js';
import { createFileAccess, fileTypeName, isFileProblem, lintedRoots, problemOf, readRegularFile, type FileAccess, type FileProblem } from './file-access.js';
import { matchIgnore, parseGitignore, type IgnoreRule } from './gitignore.js';

// stat and readdir as promises without node:fs/promises, whose loading (it brings readline
// along) costs a short run about a millisecond.
const stat = (path: string) => new Promise<Stats>((done, fail) => statThen(path, (err, info) => (err ? fail(err) : done(info))));
const readdir = (dir: string) =>
  new Promise<Dirent<Buffer>[]>((done, fail) => readdirThen(dir, { withFileTypes: true, encoding: 'buffer' }, (err, entries) => (err ? fail(err) : done(entries))));

/** Directories a walk never enters. */
// Version-control metadata (.svn keeps pristine copies of every file as *.svn-base) and build output.
export const SKIPPED_DIRECTORIES = ['node_modules', '.git', '.svn', '.hg', 'dist'];

/** Walked files larger than this are not read to classify them (configs are small). */
const MAX_CLASSIFY_BYTES = 4 * 1024 * 1024;

/** Linux's PATH_MAX (limits.h), counted in bytes with the final NUL: longer paths cannot be opened. */
const PATH_MAX = 4096;

export interface DiscoverOptions {
  /** Directory relative paths and globs are resolved against. */
  cwd: string;
}

/** A path a walk or glob met and did not lint, with the reason. */
export interface SkippedPath {
  /** Absolute path (a name that is not UTF-8 shows its bytes as `\\xNN`). */
  path: string;
  problem: FileProblem;
}

export interface DiscoveredFiles {
  /** Absolute paths, sorted, one per real file (and ini section asked for, `app.ini:prod`). */
  files: string[];
  /** Command-line paths that name nothing (no such file, or a glob that matches nothing). */
  missing: string[];
  /** What walks and globs passed over, and why (never silently). */
  skipped: SkippedPath[];
  /**
   * Files of `files` a walk or glob found whose own name holds a `:` (`searx.ini:socket`): names
   * as found, which lint() must not split as `file:section` (pass them as its `literal`).
   */
  literal: string[];
  /** The directories the run may read below (see lintedRoots in src/file-access.ts). */
  roots: string[];
}

/**
 * `app.ini:prod`, split as uWSGI splits `--ini` (core/ini.c uwsgi_ini_config: the last `:`, and
 * `app.ini:` means `[uwsgi]`): the file and the section to read, when the part before the colon
 * is a file, even if a file named `app.ini:prod` exists too (uWSGI never reads that one). A
 * section holding `/` is taken as part of a path (`conf:d/app.ini`): a linter argument, not a
 * section name anyone writes. Null when the path is not split.
 */
export function splitIniSection(path: string, isFile: (p: string) => boolean): { file: string; section: string | undefined } | null {
  const { path: file, section } = splitConfigName(path);
  if (section === null || /[/\\]/.test(section) || file === '' || !isFile(file)) return null;
  return { file, section: section === '' ? undefined : section };
}

/** Whether `path` is a file (following links). */
export function isFileSync(path: string): boolean {
  return statOrNull(path)?.isFile() ?? false;
}

/** stat, or null for any failure (ENAMETOOLONG and EACCES throw even with throwIfNoEntry). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/** Expands `paths` into a sorted, de-duplicated list of files to lint (`app.ini:prod` kept as given). */
export async function discoverFiles(paths: string[], options: DiscoverOptions): Promise<DiscoveredFiles> {
  const found = new Map<string, string>(); // real path (and section) -> path to report
  const missing: string[] = [];
  const skipped: SkippedPath[] = [];
  const roots = lintedRoots(
    paths.map((p) => {
      const absolute = resolve(options.cwd, p);
      return splitIniSection(absolute, isFileSync)?.file ?? absolute;
    }),
    (p) => statOrNull(p)?.isDirectory() ?? false,
  );
  const access = createFileAccess({ roots, maxFileBytes: MAX_CLASSIFY_BYTES });

  const add = (file: string, real: string, section?: string) => {
    const key = real + (section === undefined ? '' : `:${section}`);
    const named = section === undefined ? file : `${file}:${section}`;
    const known = found.get(key);
    if (known === undefined || named < known) found.set(key, named);
  };
  const literal = new Set<string>();
  const addFound = (file: string) => {
    const checked = lintable(file, access);
    if (checked === null) return;
    if (typeof checked === 'string') {
      add(file, checked);
      if (basename(file).includes(':')) literal.add(file);
    } else skipped.push({ path: file, problem: checked });
  };

  for (const given of paths) {
    const absolute = resolve(options.cwd, given);
    // uWSGI's rule first: `app.ini:prod` is [prod] of app.ini whatever else exists.
    const withSection = splitIniSection(absolute, isFileSync);
    if (withSection) {
      add(withSection.file, realOr(withSection.file), withSection.section);
      continue;
    }
    const info = await stat(absolute).catch((err: unknown) => err as NodeJS.ErrnoException);
    if (info instanceof Error) {
      if (info.code !== 'ENOENT' && info.code !== 'ENOTDIR') {
        // There, but not to be read (permission, name too long, link loop): lint() says which.
        add(absolute, absolute);
      } else if (fastGlob().isDynamicPattern(toGlob(given))) {
        const matches = await expandGlob(given, options.cwd);
        if (matches.length === 0) missing.push(given);
        for (const file of matches) addFound(file);
      } else {
        missing.push(given);
      }
    } else if (info.isDirectory()) {
      const walked = await walkDirectory(absolute, access);
      skipped.push(...walked.skipped);
      for (const file of walked.files) addFound(file);
    } else {
      // Named outright: linted whatever it is; lint() reads it through the boundary and names any problem.
      add(absolute, realOr(absolute));
    }
  }

  const files = [...found.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Only the names kept (a file found twice is reported under one of them).
  return { files, missing, skipped, roots, literal: files.filter((f) => literal.has(f)) };
}

/** The real path, to find one file named twice; the path itself when it has none. */
function realOr(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
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

export interface Walk {
  /** Files to consider (not yet checked against the boundary or read). */
  files: string[];
  /** Entries not entered or not listed, and why. */
  skipped: SkippedPath[];
}

/**
 * All files under `root` that git would not ignore. Symlinks are followed when they stay inside
 * the run's roots (sites-enabled/* are symlinks); each real directory is entered once, so a loop
 * ends. Whatever cannot be listed or named (permission denied, a name that is not UTF-8, a path
 * past PATH_MAX, a link out of the tree, a dangling link, a FIFO) is returned as skipped.
 */
export async function walkDirectory(root: string, access: FileAccess = createFileAccess({ roots: [root], maxFileBytes: MAX_CLASSIFY_BYTES })): Promise<Walk> {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const visited = new Set<string>();
  // Each directory with the .gitignore rules that apply to it, outermost first, each with its base.
  const pending: { dir: string; ignores: { base: string; rules: IgnoreRule[] }[] }[] = [{ dir: root, ignores: [] }];
  while (pending.length > 0) {
    const { dir, ignores: outer } = pending.pop()!;
    const real = access.locate(dir);
    if (typeof real !== 'string') {
      skipped.push({ path: dir, problem: real });
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    let entries: Dirent<Buffer>[];
    try {
      // Names as bytes: a name that is not UTF-8 cannot round-trip through a JavaScript string.
      entries = await readdir(dir);
    } catch (err) {
      skipped.push({ path: dir, problem: problemOf(err, dir) });
      continue;
    }
    const ignores = [...outer];
    if (entries.some((e) => e.name.toString('latin1') === '.gitignore')) {
      const text = access.read(join(dir, '.gitignore'));
      if (!isFileProblem(text)) ignores.push({ base: dir, rules: parseGitignore(new TextDecoder().decode(text)) });
    }
    const ignored = (full: string, isDirectory: boolean) => {
      let verdict: boolean | undefined;
      for (const { base, rules } of ignores) {
        const decided = matchIgnore(rules, relative(base, full).split(sep).join('/'), isDirectory);
        if (decided !== undefined) verdict = decided;
      }
      return verdict === true;
    };
    for (const entry of entries) {
      const raw = entry.name;
      if (!isUtf8(raw)) {
        const shown = join(dir, escapeBytes(raw));
        skipped.push({ path: shown, problem: { problem: 'unreadable', path: shown, detail: 'its name is not UTF-8' } });
        continue;
      }
      const name = raw.toString('utf8');
      const full = join(dir, name);
      if (Buffer.byteLength(full) + 1 > PATH_MAX) {
        skipped.push({ path: full, problem: { problem: 'name-too-long', path: full, detail: `path longer than PATH_MAX (${PATH_MAX} bytes)` } });
        continue;
      }
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.includes(name) || ignored(full, true)) continue;
        pending.push({ dir: full, ignores });
      } else if (entry.isFile()) {
        if (!ignored(full, false)) files.push(full);
      } else if (entry.isSymbolicLink()) {
        if (SKIPPED_DIRECTORIES.includes(name)) continue;
        const target = await stat(full).catch((err: unknown) => problemOf(err, full));
        // A link the walk cannot follow whose name says code or docs (a committed virtualenv's
        // `lib/python2.7/os.py` -> /usr/lib/...) is passed over as a regular file of that name is.
        if (isFileProblem(target) && isNeverConfigByName(name)) continue;
        if (isFileProblem(target)) {
          skipped.push({ path: full, problem: target.problem === 'not-found' ? { ...target, detail: 'a symbolic link to nothing (its target does not exist)' } : target });
        } else if (target.isDirectory()) {
          if (!ignored(full, true)) pending.push({ dir: full, ignores });
        } else if (!ignored(full, false)) {
          files.push(full);
        }
      } else if (!ignored(full, false)) {
        skipped.push({ path: full, problem: { problem: 'not-regular', path: full, detail: fileTypeName(entry) } });
      }
    }
  }
  return { files, skipped };
}

/** A file name's bytes with those that are not printable ASCII written `\\xNN`. */
function escapeBytes(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

/**
 * A file found by walking or globbing: its real path when it is one to lint (readable text
 * inside the roots that classifies), null when it is not a config, a problem when it could not
 * be looked at.
 */
function lintable(file: string, access: FileAccess): string | FileProblem | null {
  const real = access.locate(file);
  if (typeof real !== 'string') return real;
  const bytes = readRegularFile(real, file, MAX_CLASSIFY_BYTES);
  // Big files are not configs: passed over quietly, as binary files are.
  if (isFileProblem(bytes)) return bytes.problem === 'too-large' ? null : bytes;
  if (bytes.includes(0)) return null;
  return classifyFile(file, new TextDecoder().decode(bytes)) !== null ? real : null;
}

/** A path for display: relative to `cwd` when it lies below it, else as is. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}
