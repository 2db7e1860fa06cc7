// The script an image's CMD or ENTRYPOINT runs (`CMD ["/usr/local/bin/init.sh"]`, `CMD bash
// start.sh`), read from the repository when a COPY/ADD put it in the image, for the uWSGI command
// line in it. Nothing is executed: the script is read as shell words (shell.ts), and
// - only a script with exactly one uWSGI command counts (two are branches or several apps: which
//   one runs is not known);
// - a `cd` before that command moves the launch directory; a `cd` to a place not written out
//   (a variable, a relative path from an unknown directory) leaves it unknown.
import { posix } from '../posix-path.js';
import type { SourceFile } from '../source.js';
import { UNKNOWN } from '../uwsgi/ast.js';
import { uwsgiCommandIn, type UwsgiCommand } from './command-line.js';
import { mapped, shellCommands, type Environment, type Word } from './shell.js';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Words that open a branch or a loop body before the command on the same line. */
const KEYWORDS = new Set(['then', 'else', 'elif', 'do', '!', 'time']);

/**
 * The production path of the script a container command runs: its program (`/start.sh`,
 * `./run.sh`) or the script a shell is given (`bash start.sh`); null when the command runs a
 * program by name (`supervisord`, `nginx`) or the path is not written out.
 */
export function scriptPath(argv: readonly Word[], workdir: string | null): string | null {
  let i = 0;
  while (i < argv.length && (argv[i].text === 'exec' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i].text))) i++;
  let word = argv[i];
  if (word && SHELLS.has(posix.basename(word.text)) && argv[i + 1] && !argv[i + 1].text.startsWith('-')) word = argv[i + 1];
  if (!word || word.text.includes(UNKNOWN)) return null;
  const path = word.text;
  if (!path.includes('/') && !path.endsWith('.sh')) return null;
  if (posix.isAbsolute(path)) return posix.normalize(path);
  return workdir === null ? null : posix.join(workdir, path);
}

/**
 * The one uWSGI command of a script and the directory it runs in (`startDir`, the container's
 * working directory, moved by each `cd` before it); null when the script has none or several.
 */
export function scriptUwsgiCommand(script: SourceFile, env: Environment, startDir: string | null): { command: UwsgiCommand; launchDir: string | null } | null {
  let dir = startDir;
  let found: { command: UwsgiCommand; launchDir: string | null } | null = null;
  for (const words of shellCommands(mapped(script.text, 0), env)) {
    if (words[0]?.text === 'cd' || words[0]?.text === 'pushd') {
      const to = words[1]?.text;
      dir = to === undefined || to.includes(UNKNOWN) || to.startsWith('-') || to.startsWith('~') ? null : posix.isAbsolute(to) ? posix.normalize(to) : dir === null ? null : posix.join(dir, to);
      continue;
    }
    // `then uwsgi ...` on one line: the branch's command (each branch counts, so two are no answer).
    let first = 0;
    while (first < words.length && KEYWORDS.has(words[first].text)) first++;
    const command = uwsgiCommandIn(script, first === 0 ? words : words.slice(first), env, 0);
    if (!command) continue;
    if (found) return null;
    found = { command, launchDir: dir };
  }
  return found;
}
