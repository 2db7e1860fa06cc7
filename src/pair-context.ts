// Pair context: the other side of the pair, for a run given only some files (a pre-commit hook
// names the staged ones). A pair finding needs the nginx config and the uWSGI ini together; when
// only site.conf changed, app.ini is still where uWSGI binds. The partners are read and checked
// like any file, and the run then reports only on the files it was given (see lint.ts).
//
// Where the partners come from:
// 1. the `pairs` setting: a given file named on one side of a pair brings the other side;
// 2. otherwise the repository: the nginx and uWSGI configs a directory walk from the top of the git
//    work tree holding the file finds (.gitignore obeyed, node_modules/.git/dist skipped, content
//    classified), exactly as `nginx-uwsgi-lint <repository>` would. Their context files
//    (Dockerfile, compose, units) are found beside each ini by the run itself, as for any ini.
// A file outside any git work tree has only its `pairs` partners: there is no repository to walk.
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PairConfig } from './config.js';
import { discoverFiles } from './discover.js';
import { workTreeOf } from './file-access.js';

export interface PairPartners {
  /** Absolute paths of the files to read beside the given ones, none of them given. */
  files: string[];
  /** The work trees walked: the run may read below them (they are the roots of the given files already). */
  trees: string[];
  /** The partners named by the `pairs` setting: each may be read, as a `pathMappings` target may. */
  declared: string[];
}

/** The partners of `given` (absolute paths): by `pairs` when it names them, else by the walk of their repository. */
export async function findPairPartners(given: string[], pairs: readonly PairConfig[]): Promise<PairPartners> {
  const givenSet = new Set(given);
  // One file under two names (sites-enabled/x -> ../sites-available/x) is given, not a partner.
  const givenReal = new Set(given.map(realOrSelf));
  const declared = new Set<string>();
  const unpaired: string[] = [];
  for (const file of given) {
    const mine = pairs.filter((p) => resolve(p.nginx) === file || resolve(p.uwsgi) === file);
    if (mine.length === 0) unpaired.push(file);
    for (const p of mine) for (const side of [resolve(p.nginx), resolve(p.uwsgi)]) if (!givenSet.has(side)) declared.add(side);
  }
  const trees = [...new Set(unpaired.map((f) => workTreeOf(dirname(f))).filter((t): t is string => t !== null))];
  const files = new Set(declared);
  for (const tree of trees) {
    const walked = await discoverFiles([tree], { cwd: tree });
    // What the walk passed over (a link out of the tree, an unreadable directory) is a directory
    // lint's to report: this run reports on the given files only.
    for (const f of walked.files) if (!givenSet.has(f) && !givenReal.has(realOrSelf(f))) files.add(f);
  }
  return { files: [...files].sort(), trees, declared: [...declared].sort() };
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
