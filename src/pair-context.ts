// Pair context: the other side of the pair, for a run given only some files (a pre-commit hook
// names the staged ones). A pair finding needs the nginx config and the uWSGI ini together; when
// only site.conf changed, app.ini is still where uWSGI binds. The partners are read and checked
// like any file, and the run then reports only on the files it was given (see lint.ts).
//
// Where the partners come from:
// 1. the `pairs` setting: a given file named on one side of a pair brings the other side;
// 2. otherwise the repository: the nginx and uWSGI configs a directory walk from the top of the git
//    work tree holding the file finds (.gitignore obeyed, node_modules/.git/dist skipped, content
//    classified), as `nginx-uwsgi-lint <repository>` would. Their context files (Dockerfile,
//    compose, units) are found beside each ini by the run itself, as for any ini.
//    Of those, what the given files' pair findings depend on:
//    - for a given uWSGI ini, every config: the nginx configs that may pass to it, and every other
//      ini, so that a site passing to another app's socket is judged against that socket and not
//      against the given ini's;
//    - for given nginx configs only, every ini (each socket nginx may pass to) and the nginx main
//      configs (a `user` or an `http` block: the worker user a unix socket must admit). The other
//      sites are left out: nothing a site's pair findings say depends on another site, and half
//      the repository is half the time a hook waits (docs/cli.md has the figures).
// A file outside any git work tree has only its `pairs` partners: there is no repository to walk.
import { dirname, resolve } from 'node:path';
import { classifyFile, kindFromName } from './classify.js';
import type { PairConfig } from './config.js';
import { discoverFiles, isFileSync, splitIniSection } from './discover.js';
import { createFileAccess, isFileProblem, realOrSelf, workTreeOf } from './file-access.js';
import type { FileKind } from './result.js';

export interface PairPartners {
  /** Absolute paths of the files to read beside the given ones, none of them given. */
  files: string[];
  /** The work trees walked: the run may read below them (they are the roots of the given files already). */
  trees: string[];
  /** The partners named by the `pairs` setting: each may be read, as a `pathMappings` target may. */
  declared: string[];
}

/** Files looked at to tell an nginx main config from a site: configs are small. */
const MAX_PEEK_BYTES = 4 * 1024 * 1024;

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
    const access = createFileAccess({ roots: [tree], maxFileBytes: MAX_PEEK_BYTES });
    const kindOf = (path: string): { kind: FileKind | null; text: string } => {
      const bytes = access.read(path);
      if (isFileProblem(bytes)) return { kind: null, text: '' };
      const text = new TextDecoder().decode(bytes);
      return { kind: classifyFile(path, text), text };
    };
    const mineHere = unpaired.filter((f) => workTreeOf(dirname(f)) === tree);
    const wantsEveryConfig = mineHere.some((f) => kindOf(f).kind === 'uwsgi');
    const walked = await discoverFiles([tree], { cwd: tree });
    // What the walk passed over (a link out of the tree, an unreadable directory) is a directory
    // lint's to report: this run reports on the given files only.
    for (const f of walked.files) {
      if (givenSet.has(f) || givenReal.has(realOrSelf(f))) continue;
      if (!wantsEveryConfig) {
        const { kind, text } = kindOf(f);
        if (kind === 'nginx' && !isMainConfig(text)) continue;
      }
      files.add(f);
    }
  }
  return { files: [...files].sort(), trees, declared: [...declared].sort() };
}

/**
 * Whether a command-line path names a file (not a directory or a glob; `app.ini:prod` does): the
 * CLI's pair context is on by default for named files, as a hook names them.
 */
export function namesFile(path: string): boolean {
  return isFileSync(path) || splitIniSection(path, isFileSync) !== null;
}

/**
 * The CLI's default: pair context when the paths name files (as a hook names the changed ones),
 * unless they already hold both sides by their names (`site.conf` and `app.ini`): then the pair is
 * what was given, and nothing else of the repository is read.
 */
export function partialInput(paths: readonly string[]): boolean {
  const files = paths.filter(namesFile);
  if (files.length === 0) return false;
  const kinds = new Set(files.map((p) => kindFromName(splitIniSection(p, isFileSync)?.file ?? p)));
  return !(kinds.has('nginx') && kinds.has('uwsgi'));
}

/** An nginx main config: a `user` directive or an `http` block at the start of a line. */
function isMainConfig(text: string): boolean {
  return /^[ \t]*(user[ \t]+[^;#\n]+;|http[ \t\n]*\{)/m.test(text);
}
