// What stands between a run and a file (a FileProblem) and how it is worded: no Node builtin, so
// the memory path of a run (src/lint-memory.ts) and a browser share it; the disk side reading
// files is src/file-access.ts.
import { posix } from './posix-path.js';

export type FileProblemKind =
  | 'not-found'
  | 'outside'
  | 'special'
  | 'permission'
  | 'not-regular'
  | 'too-large'
  | 'name-too-long'
  | 'link-loop'
  | 'unreadable';

export interface FileProblem {
  readonly problem: FileProblemKind;
  /** The path as asked for (absolute). */
  readonly path: string;
  /** Where it really is, when that was found (a symlink's target). */
  readonly realPath?: string;
  /** What it is, in a few words: `a FIFO`, `permission denied (EACCES)`, ... */
  readonly detail: string;
}

export function isFileProblem(value: unknown): value is FileProblem {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && typeof (value as FileProblem).problem === 'string';
}

/** Whether `path` is `root` or lies below it (both absolute, normalized). */
export function isInside(path: string, root: string): boolean {
  if (root === '/') return path.startsWith('/');
  return path === root || path.startsWith(root + '/');
}

/** How a problem reads after a path: `is a FIFO (named pipe)`, `cannot be read: permission denied (EACCES)`. */
export function describeProblem(p: FileProblem): string {
  switch (p.problem) {
    case 'not-found':
      return `does not exist: ${p.detail}`;
    case 'outside':
      return `lies outside the linted tree${p.realPath && p.realPath !== p.path ? ` (it is ${p.realPath})` : ''}`;
    case 'special':
      return `is under /proc, /sys or /dev${p.realPath && p.realPath !== p.path ? ` (it is ${p.realPath})` : ''}, which the linter never opens`;
    case 'not-regular':
      return `is ${p.detail}, not a regular file`;
    case 'too-large':
      return `is too large: ${p.detail}`;
    case 'permission':
    case 'name-too-long':
    case 'link-loop':
    case 'unreadable':
      return `cannot be read: ${p.detail}`;
  }
}

/** What to do about a problem, for the end of a message. */
export function adviceFor(p: FileProblem): string {
  switch (p.problem) {
    case 'outside': {
      const dir = posix.dirname(p.realPath ?? p.path);
      return `not read; to check it, lint its directory too (\`nginx-uwsgi-lint ... ${dir}\`), or map the production directory onto the repository with "pathMappings"`;
    }
    case 'special':
      return 'not read';
    case 'too-large':
      return 'not read; raise "maxFileBytes" in the configuration to lint it';
    case 'permission':
      return 'not read; run the linter as a user that may read it';
    default:
      return 'not read';
  }
}
