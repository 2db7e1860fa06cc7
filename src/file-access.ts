// The one place files are read from disk. A run reads only regular files whose real path (after
// `..` and symlinks) lies inside its roots: the paths it was asked to lint and the targets of
// `pathMappings`. Nothing under /proc, /sys or /dev and nothing that is not a regular file (FIFO,
// socket, device, directory) is ever opened: the type is checked with stat before the open, and
// again on the open descriptor. Every refusal is a FileProblem naming what it is, so that the
// caller can report it where the path was written.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { posix, sep } from 'node:path';

export { adviceFor, describeProblem, isFileProblem, isInside, type FileProblem, type FileProblemKind } from './file-problem.js';
import { isInside, type FileProblem } from './file-problem.js';

/** Directories of the kernel's pseudo-files: never configs, and reading them can leak or block. */
const SPECIAL_DIRECTORIES = ['/proc', '/sys', '/dev'];

export function isSpecialPath(real: string): boolean {
  return SPECIAL_DIRECTORIES.some((d) => real === d || real.startsWith(d + '/'));
}

export interface FileAccessOptions {
  /** Absolute directories a run may read below (resolved to their real paths here). */
  roots: string[];
  /** Files larger than this are not read. */
  maxFileBytes: number;
}

export interface FileAccess {
  /** The real paths of the roots. */
  readonly roots: readonly string[];
  readonly maxFileBytes: number;
  /** The bytes of a regular file inside the roots, or what stands in the way. */
  read(path: string): Uint8Array | FileProblem;
  /** The real path of `path` when it lies inside the roots (one realpath, no open). */
  locate(path: string): string | FileProblem;
}

export function createFileAccess(options: FileAccessOptions): FileAccess {
  const roots = [...new Set(options.roots.map((r) => realOrSelf(r)))];
  // A path that does not exist is judged by its name, against the roots as given and as real.
  const named = [...new Set([...roots, ...options.roots.map((r) => posix.normalize(toPosix(r)))])];
  const maxFileBytes = options.maxFileBytes;
  const locate = (path: string): string | FileProblem => {
    let real: string;
    try {
      real = toPosix(realpathSync.native(path));
    } catch (err) {
      const problem = problemOf(err, path);
      // Absent and outside: whether it exists where it is deployed is not known here.
      const normal = posix.normalize(toPosix(path));
      if (problem.problem === 'not-found' && !named.some((root) => isInside(normal, root))) return { problem: 'outside', path, detail: 'outside the linted tree' };
      return problem;
    }
    if (isSpecialPath(real)) return { problem: 'special', path, realPath: real, detail: `${real} is a kernel pseudo-file` };
    if (!roots.some((root) => isInside(real, root))) return { problem: 'outside', path, realPath: real, detail: 'outside the linted tree' };
    return real;
  };
  return {
    roots,
    maxFileBytes,
    locate,
    read(path) {
      const real = locate(path);
      if (typeof real !== 'string') return real;
      return readRegularFile(real, path, maxFileBytes);
    },
  };
}

/** Reads a regular file, never opening anything else; `asked` is the path to name in a problem. */
export function readRegularFile(real: string, asked: string, maxFileBytes: number): Uint8Array | FileProblem {
  let st: Stats;
  try {
    st = statSync(real);
  } catch (err) {
    return problemOf(err, asked);
  }
  const type = notRegular(st, asked, real);
  if (type) return type;
  if (st.size > maxFileBytes) return tooLarge(asked, st.size, maxFileBytes);
  let fd: number;
  try {
    // O_NONBLOCK: should the file turn into a FIFO between stat and open, the open does not hang.
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    return problemOf(err, asked);
  }
  try {
    const opened = fstatSync(fd);
    const changed = notRegular(opened, asked, real);
    if (changed) return changed;
    if (opened.size > maxFileBytes) return tooLarge(asked, opened.size, maxFileBytes);
    const bytes = new Uint8Array(opened.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } catch (err) {
    return problemOf(err, asked);
  } finally {
    closeSync(fd);
  }
}

function notRegular(st: Stats, path: string, real: string): FileProblem | null {
  if (st.isFile()) return null;
  return { problem: 'not-regular', path, realPath: real, detail: fileTypeName(st) };
}

/** What a non-regular file is, in words. */
export function fileTypeName(st: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function tooLarge(path: string, size: number, max: number): FileProblem {
  return { problem: 'too-large', path, detail: `${formatBytes(size)}, over the ${formatBytes(max)} limit ("maxFileBytes")` };
}

/** A problem from an errno, named as what it is. */
export function problemOf(err: unknown, path: string): FileProblem {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return { problem: 'not-found', path, detail: 'no such file (ENOENT)' };
    case 'ENOTDIR':
      return { problem: 'not-found', path, detail: 'a part of the path is not a directory (ENOTDIR)' };
    case 'EACCES':
    case 'EPERM':
      return { problem: 'permission', path, detail: `permission denied (${code})` };
    case 'ENAMETOOLONG':
      return { problem: 'name-too-long', path, detail: 'path too long (ENAMETOOLONG)' };
    case 'ELOOP':
      return { problem: 'link-loop', path, detail: 'too many levels of symbolic links (ELOOP)' };
    case 'EISDIR':
      return { problem: 'not-regular', path, detail: 'a directory' };
    default:
      return { problem: 'unreadable', path, detail: `cannot be read (${code ?? String(err)})` };
  }
}

/** `1.5 MB`, `800 bytes`: sizes as the limits are written. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${+(n / 1048576).toFixed(1)} MB`;
}

/**
 * The directories a run may read: each path it was asked to lint, a directory as itself, a file
 * or a glob by the directory that holds it (so the includes beside a named file are in), and for a
 * file or glob inside a git work tree that whole tree: a pre-commit hook names changed files one by
 * one, and their includes and `sites-enabled/x -> ../sites-available/x` links are in the same
 * repository, which is what the hook was asked to check.
 */
export function lintedRoots(paths: string[], isDirectory: (p: string) => boolean): string[] {
  const roots: string[] = [];
  for (const p of paths) {
    if (isDirectory(p)) {
      roots.push(p);
      continue;
    }
    const dir = posix.dirname(staticBase(p));
    roots.push(dir);
    const tree = workTreeOf(dir);
    if (tree !== null && !roots.includes(tree)) roots.push(tree);
  }
  return roots;
}

const workTrees = new Map<string, string | null>();

/** The top of the git work tree holding `dir` (the nearest directory with a `.git`), or null. */
export function workTreeOf(dir: string): string | null {
  const known = workTrees.get(dir);
  if (known !== undefined) return known;
  let found: string | null = null;
  try {
    // A `.git` file (worktrees, submodules) counts as much as a directory.
    if (statSync(posix.join(dir, '.git'), { throwIfNoEntry: false }) !== undefined) found = dir;
  } catch {
    // unreadable: not known to be a work tree
  }
  const parent = posix.dirname(dir);
  if (found === null && parent !== dir) found = workTreeOf(parent);
  workTrees.set(dir, found);
  return found;
}

/** The part of a glob before its first wildcard segment (`deploy/**\/*.conf` -> `deploy/x`'s parent). */
function staticBase(pattern: string): string {
  const parts = pattern.split('/');
  const first = parts.findIndex((s) => /[*?[\]{}]/.test(s));
  return first === -1 ? pattern : parts.slice(0, first).join('/') + '/x';
}

/** The path with its links resolved (POSIX separators), or the path itself when it does not exist. */
export function realOrSelf(p: string): string {
  try {
    return toPosix(realpathSync.native(p));
  } catch {
    return toPosix(p);
  }
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
