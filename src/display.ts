// How a message names a file the linter read: the way results name their files, relative to the
// run's working directory when below it, else in full. For file names only: config text quoted in
// a message (a socket path, an include as written) is never rewritten.
import { posix } from './posix-path.js';

export function displayPath(path: string, cwd: string | undefined): string {
  if (cwd === undefined || !posix.isAbsolute(path) || !posix.isAbsolute(cwd)) return path;
  const rel = posix.relative(cwd, path);
  return rel === '' || rel === '..' || rel.startsWith('../') ? path : rel;
}
