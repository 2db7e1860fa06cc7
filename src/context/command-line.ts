// A uWSGI command line as uWSGI reads it (uWSGI 2.0 core/init.c uwsgi_commandline_config,
// core/utils.c parse_sys_envs): `UWSGI_*` environment variables become options first
// (`UWSGI_CHMOD_SOCKET=660` -> `chmod-socket = 660`), then getopt_long's options in order
// (`--socket x`, `--socket=x`, `-s x`, `-sx`, `-M`), then the bare arguments, each loaded as a
// config file by its extension (`uwsgi app.ini`). Options keep their spans in the file the
// command is written in, so a finding can point at the Dockerfile line.
import { span, type SourceSpan } from '../diagnostic.js';
import type { SourceFile } from '../source.js';
import { UNKNOWN } from '../uwsgi/ast.js';
import { shellCommands, wordAsText, wordRange, type Environment, type MappedText, type Word } from './shell.js';
import { FLAG_OPTIONS, OPTIONAL_VALUE_OPTIONS, SHORT_OPTIONS } from './uwsgi-args.js';
import { own, emptyRecord } from '../own.js';

export interface LaunchOption {
  key: string;
  /** As uWSGI receives it; UNKNOWN marks what the shell would have filled in. */
  value: string;
  keySpan: SourceSpan;
  valueSpan: SourceSpan;
  origin: 'environment' | 'argument';
  /** A config file named without an option (`uwsgi app.ini`): loaded after every option. */
  bare?: boolean;
}

export interface UwsgiCommand {
  /** The program word (`uwsgi`, `/usr/local/bin/uwsgi`, `uwsgi_python3`). */
  program: string;
  programSpan: SourceSpan;
  /** Options in the order uWSGI collects them: command line, then bare config files. */
  options: LaunchOption[];
  /** `VAR=value` assignments and `env VAR=value` before the program. */
  assignments: Record<string, string>;
  /** Spans of those assignments, for `UWSGI_*` options. */
  assignmentOptions: LaunchOption[];
  /** User switched to by a wrapper (`gosu app uwsgi`, `su-exec`, `sudo -u`, `chpst -u`). */
  user?: string;
}

/** uWSGI binaries: pip's `uwsgi`, Debian's `uwsgi-core` and `uwsgi_python3`-style aliases. */
export const UWSGI_PROGRAM = /^(uwsgi|uwsgi-core|uwsgi_python\d*|uwsgi-python\d*)$/;

const CONFIG_EXTENSION: [RegExp, string][] = [
  [/\.ini(:[^/]*)?$/, 'ini'],
  [/\.ya?ml(:[^/]*)?$/, 'yaml'],
  [/\.xml(:[^/]*)?$/, 'xml'],
  [/\.js(on)?(:[^/]*)?$/, 'json'],
];

/** Wrappers that run the next words as a command; the number is how many arguments they take first. */
const WRAPPERS: Record<string, number> = {
  exec: 0, nohup: 0, time: 0, command: 0, 'dumb-init': 0, tini: 0, stdbuf: 0, nice: 0, ionice: 0, setsid: 0,
  gosu: 1, 'su-exec': 1, setuidgid: 1,
};

const RUNNERS = new Set(['pipenv', 'poetry', 'uv', 'pdm', 'hatch']);

/** The `UWSGI_*` variables of an environment as options (utils.c parse_sys_envs). */
export function envOption(name: string, value: string, nameSpan: SourceSpan, valueSpan: SourceSpan): LaunchOption | null {
  if (!name.startsWith('UWSGI_')) return null;
  if (/^UWSGI_(RELOADS|VASSALS_DIR|EMPEROR_FD|BROODLORD_NUM|EMPEROR_FD_CONFIG|EMPEROR_PROXY|JAIL_PID|ORIGINAL_PROC_NAME)$/.test(name)) return null;
  const key = name.slice(6).toLowerCase().replace(/_/g, '-');
  if (key === '') return null;
  return { key, value, keySpan: nameSpan, valueSpan, origin: 'environment' };
}

/** Every uWSGI invocation in shell text (a `CMD` in shell form, a script, an `ExecStart`). */
export function findUwsgiCommands(source: SourceFile, text: MappedText, env: Environment | null): UwsgiCommand[] {
  const out: UwsgiCommand[] = [];
  for (const words of shellCommands(text, env)) {
    const found = uwsgiCommandIn(source, words, env, 0);
    if (found) out.push(found);
  }
  return out;
}

/** The uWSGI invocation in one simple command (argv), looking through wrappers and `sh -c`. */
export function uwsgiCommandIn(source: SourceFile, words: Word[], env: Environment | null, depth: number): UwsgiCommand | null {
  const assignments = emptyRecord<string>();
  const assignmentOptions: LaunchOption[] = [];
  let user: string | undefined;
  let i = 0;
  const assignment = (w: Word): boolean => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.text);
    if (!m) return false;
    const value = w.text.slice(m[0].length);
    assignments[m[1]] = value;
    const option = envOption(m[1], value, spanOf(source, w, 0, m[1].length), spanOf(source, w, m[0].length));
    if (option) assignmentOptions.push(option);
    return true;
  };
  while (i < words.length) {
    const w = words[i];
    const name = basename(w.text);
    if (assignment(w)) {
      i++;
      continue;
    }
    if (UWSGI_PROGRAM.test(name)) {
      return { program: w.text, programSpan: spanOf(source, w), options: parseArguments(source, words.slice(i + 1)), assignments, assignmentOptions, ...(user ? { user } : {}) };
    }
    if ((name === 'sh' || name === 'bash' || name === 'ash' || name === 'dash' || name === 'zsh') && depth < 4) {
      const c = words.findIndex((x, k) => k > i && /^-[a-z]*c[a-z]*$/.test(x.text));
      if (c < 0 || c + 1 >= words.length) return null;
      for (const inner of shellCommands(wordAsText(words[c + 1]), env)) {
        const found = uwsgiCommandIn(source, inner, env, depth + 1);
        if (found) return { ...found, assignments: { ...assignments, ...found.assignments }, assignmentOptions: [...assignmentOptions, ...found.assignmentOptions], ...(found.user ?? user ? { user: found.user ?? user } : {}) };
      }
      return null;
    }
    if (name === 'env') {
      i++;
      while (i < words.length && words[i].text.startsWith('-')) i += words[i].text === '-u' ? 2 : 1;
      continue;
    }
    if (name === 'sudo' || name === 'runuser' || name === 'chpst') {
      i++;
      while (i < words.length && words[i].text.startsWith('-')) {
        const flag = words[i].text;
        if (flag === '--') {
          i++;
          break;
        }
        if (flag === '-u' && i + 1 < words.length) {
          user = words[i + 1].text;
          i += 2;
        } else if (/^-[gCDhpPrtUe]$/.test(flag)) i += 2;
        else i++;
      }
      continue;
    }
    if (name in WRAPPERS) {
      const take = own(WRAPPERS, name);
      i++;
      while (i < words.length && words[i].text.startsWith('-')) i += words[i].text === '-n' ? 2 : 1;
      if (take === 1 && i < words.length) {
        user = words[i].text.split(':')[0];
        i++;
      }
      continue;
    }
    if (RUNNERS.has(name) && words[i + 1]?.text === 'run') {
      i += 2;
      continue;
    }
    return null;
  }
  return null;
}

/** getopt_long over uWSGI's options, then the bare config files. */
export function parseArguments(source: SourceFile, args: Word[]): LaunchOption[] {
  const options: LaunchOption[] = [];
  const bare: LaunchOption[] = [];
  const push = (key: string, value: string, keySpan: SourceSpan, valueSpan: SourceSpan) => options.push({ key, value, keySpan, valueSpan, origin: 'argument' });
  let onlyBare = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const t = w.text;
    if (!onlyBare && t === '--') {
      onlyBare = true;
      continue;
    }
    if (!onlyBare && t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const key = eq >= 0 ? t.slice(2, eq) : t.slice(2);
      const keySpan = spanOf(source, w, 2, eq >= 0 ? eq : t.length);
      if (eq >= 0) push(key, t.slice(eq + 1), keySpan, spanOf(source, w, eq + 1));
      else if (FLAG_OPTIONS.has(key) || OPTIONAL_VALUE_OPTIONS.has(key)) push(key, '1', keySpan, keySpan);
      else if (i + 1 < args.length) {
        push(key, args[i + 1].text, keySpan, spanOf(source, args[i + 1]));
        i++;
      } else push(key, UNKNOWN, keySpan, keySpan);
      continue;
    }
    if (!onlyBare && t.startsWith('-') && t.length > 1) {
      for (let k = 1; k < t.length; k++) {
        const key = SHORT_OPTIONS[t[k]];
        if (!key) break;
        const keySpan = spanOf(source, w, k - 1, k + 1);
        if (FLAG_OPTIONS.has(key) || OPTIONAL_VALUE_OPTIONS.has(key)) {
          push(key, '1', keySpan, keySpan);
          continue;
        }
        if (k + 1 < t.length) push(key, t.slice(k + 1), keySpan, spanOf(source, w, k + 1));
        else if (i + 1 < args.length) {
          push(key, args[i + 1].text, keySpan, spanOf(source, args[i + 1]));
          i++;
        } else push(key, UNKNOWN, keySpan, keySpan);
        break;
      }
      continue;
    }
    const loader = CONFIG_EXTENSION.find(([re]) => re.test(t));
    if (loader) {
      const where = spanOf(source, w);
      bare.push({ key: loader[1], value: t, keySpan: where, valueSpan: where, origin: 'argument', bare: true });
    }
  }
  return [...options, ...bare];
}

/** Exec-form words (`CMD ["uwsgi", "--ini", "app.ini"]`): no shell, no expansion, but `sh -c` still runs one. */
export function uwsgiCommandInArgv(source: SourceFile, argv: Word[], env: Environment | null): UwsgiCommand | null {
  return uwsgiCommandIn(source, argv, env, 0);
}

export function spanOf(source: SourceFile, word: Word, from?: number, to?: number): SourceSpan {
  const [start, end] = wordRange(word, from, to);
  return span(source, start, end);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
