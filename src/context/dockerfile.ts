// Over 400 lines: the instruction reader, the stage model and the launches read from
// the stages share the mapped-text helpers; a split would export them all to one caller.
// Dockerfiles, read for how the image starts uWSGI (Dockerfile reference, docs.docker.com):
// - instructions end at a newline not preceded by `\`; comment lines inside a continuation vanish;
// - ENV `k=v ...` or `ENV k v`, ARG `k[=default]`: `$k`/`${k}` in later instructions expand;
// - WORKDIR is relative to the previous one (default /), USER `name[:group]` (default root);
// - COPY/ADD `[--from=..] [--chown=..] src... dest`: dest relative to WORKDIR, a directory when
//   it ends in `/` or there are several sources; `--from` copies from another image, not the repo;
// - CMD/ENTRYPOINT in exec form (a JSON array, no shell, no expansion) or shell form
//   (`/bin/sh -c`); the command is ENTRYPOINT + CMD; a FROM of an earlier stage inherits its state.
import { posix } from '../posix-path.js';
import { span, type SourceSpan } from '../diagnostic.js';
import type { SourceFile } from '../source.js';
import { UNKNOWN } from '../uwsgi/ast.js';
import { envOption, uwsgiCommandIn, type LaunchOption, type UwsgiCommand } from './command-line.js';
import type { PathMapping, UwsgiLaunch } from './launch.js';
import { shellCommands, type MappedText, type Word } from './shell.js';
import { imageUwsgi } from './images.js';
import { scriptPath, scriptUwsgiCommand } from './scripts.js';
import { emptyRecord } from '../own.js';

export interface DockerInstruction {
  /** Upper-cased keyword. */
  keyword: string;
  /** Arguments: the text after the keyword with continuation lines, offsets kept. */
  args: MappedText;
  start: number;
  end: number;
}

export interface DockerCommand {
  form: 'exec' | 'shell';
  /** Exec form: the array's strings. */
  argv?: Word[];
  /** Shell form: the text run by `/bin/sh -c`. */
  text?: MappedText;
  span: SourceSpan;
  /** Variables known where it was written (for shell form). */
  env: Record<string, string>;
}

export interface DockerCopy {
  sources: string[];
  /** Absolute destination in the image. */
  dest: string;
  directory: boolean;
  span: SourceSpan;
}

export interface DockerStage {
  name: string | null;
  /** The image it starts from. */
  from: string;
  /** The image at the root of its chain of stages (`FROM builder` -> builder's image). */
  baseImage: string;
  /** The FROM instruction. */
  fromSpan: SourceSpan;
  /** Runtime environment set by ENV (ARG values are build-time only). */
  env: Record<string, string>;
  args: Record<string, string>;
  /** Last WORKDIR, or null when none (the base image's, usually /). */
  workdir: string | null;
  user: string | null;
  /** The group of `USER name:group`, else null (the user's primary group in the image's /etc/passwd). */
  group: string | null;
  userSpan?: SourceSpan;
  copies: DockerCopy[];
  cmd: DockerCommand | null;
  entrypoint: DockerCommand | null;
  /** Environment set in this file, with spans, for `UWSGI_*` options. */
  envOptions: LaunchOption[];
}

export interface Dockerfile {
  source: SourceFile;
  stages: DockerStage[];
}

/** Splits the file into instructions, joining continuation lines. */
export function dockerInstructions(source: SourceFile): DockerInstruction[] {
  const text = source.text;
  const out: DockerInstruction[] = [];
  let current: { keyword: string; chars: string[]; offsets: number[]; start: number; end: number } | null = null;
  let offset = 0;
  for (const rawLine of text.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    const trimmed = line.trim();
    if (current && trimmed.startsWith('#')) continue;
    if (!current) {
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const m = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(line);
      if (!m) continue;
      current = { keyword: m[2].toUpperCase(), chars: [], offsets: [], start: lineStart + m[1].length, end: lineStart + line.length };
      appendLine(current, line, lineStart, m[0].length);
    } else {
      appendLine(current, line, lineStart, 0);
    }
    current.end = lineStart + line.trimEnd().length;
    if (/\\\s*$/.test(line)) {
      // A continuation: drop the backslash, keep a newline-free join.
      const at = current.chars.lastIndexOf('\\');
      current.chars.splice(at);
      current.offsets.splice(at);
      current.chars.push(' ');
      current.offsets.push(lineStart + line.length);
      continue;
    }
    out.push({ keyword: current.keyword, args: { text: current.chars.join(''), offsets: current.offsets }, start: current.start, end: current.end });
    current = null;
  }
  if (current) out.push({ keyword: current.keyword, args: { text: current.chars.join(''), offsets: current.offsets }, start: current.start, end: current.end });
  return out;
}

function appendLine(target: { chars: string[]; offsets: number[] }, line: string, lineStart: number, from: number): void {
  const body = line.trimEnd();
  for (let i = from; i < body.length; i++) {
    target.chars.push(body[i]);
    target.offsets.push(lineStart + i);
  }
}

/** Strings of a JSON array with the offsets of their characters, or null when not an array of strings. */
export function jsonArgv(args: MappedText): Word[] | null {
  const { text, offsets } = args;
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  ws();
  if (text[i] !== '[') return null;
  i++;
  const out: Word[] = [];
  ws();
  if (text[i] === ']') return /^\s*$/.test(text.slice(i + 1)) ? out : null;
  for (;;) {
    ws();
    if (text[i] !== '"') return null;
    const word: Word = { text: '', offsets: [], start: offsets[i], end: offsets[i] };
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const esc = text[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"' };
        if (esc === 'u') {
          word.text += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          word.offsets.push(offsets[i]);
          i += 6;
          continue;
        }
        word.text += map[esc] ?? esc;
        word.offsets.push(offsets[i]);
        i += 2;
        continue;
      }
      word.text += text[i];
      word.offsets.push(offsets[i]);
      i++;
    }
    if (i >= text.length) return null;
    word.end = offsets[i] + 1;
    i++;
    out.push(word);
    ws();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ']') return /^\s*$/.test(text.slice(i + 1)) ? out : null;
    return null;
  }
}

/** Expands `$VAR` and `${VAR}` the way the Dockerfile does (ARG and ENV seen so far). */
function expandWords(args: MappedText, env: Record<string, string>): Word[] {
  return shellCommands(args, env).flat();
}

export function parseDockerfile(source: SourceFile): Dockerfile {
  const stages: DockerStage[] = [];
  const globalArgs = emptyRecord<string>();
  let stage: DockerStage | null = null;
  for (const ins of dockerInstructions(source)) {
    const where = span(source, ins.start, ins.end);
    if (ins.keyword === 'FROM') {
      const words = expandWords(ins.args, globalArgs).filter((w) => !w.text.startsWith('--'));
      const from = words[0]?.text ?? '';
      const asAt = words.findIndex((w) => w.text.toLowerCase() === 'as');
      const name = asAt >= 0 ? words[asAt + 1]?.text ?? null : null;
      const base = stages.find((s) => s.name !== null && s.name === from);
      stage = base
        ? { ...base, name, from, fromSpan: where, env: { ...base.env }, args: { ...globalArgs }, copies: [...base.copies], envOptions: [...base.envOptions] }
        : { name, from, baseImage: from, fromSpan: where, env: emptyRecord<string>(), args: Object.assign(emptyRecord<string>(), globalArgs), workdir: null, user: null, group: null, copies: [], cmd: null, entrypoint: null, envOptions: [] };
      stages.push(stage);
      continue;
    }
    if (!stage) {
      if (ins.keyword === 'ARG') for (const [k, v] of argPairs(ins.args, globalArgs)) globalArgs[k] = v;
      continue;
    }
    const vars = { ...stage.args, ...stage.env };
    switch (ins.keyword) {
      case 'ARG':
        for (const [k, v] of argPairs(ins.args, vars)) if (!(k in stage.args) || v !== '') stage.args[k] = v || (globalArgs[k] ?? '');
        break;
      case 'ENV':
        for (const pair of envPairs(ins.args, vars)) {
          stage.env[pair.name] = pair.value;
          const option = envOption(pair.name, pair.value, span(source, pair.nameStart, pair.nameEnd), span(source, pair.valueStart, pair.valueEnd));
          if (option) {
            stage.envOptions = stage.envOptions.filter((o) => o.key !== option.key);
            stage.envOptions.push(option);
          }
        }
        break;
      case 'WORKDIR': {
        const dir = expandWords(ins.args, vars).map((w) => w.text).join(' ');
        if (dir) stage.workdir = posix.normalize(posix.isAbsolute(dir) ? dir : posix.join(stage.workdir ?? '/', dir));
        break;
      }
      case 'USER': {
        const user = expandWords(ins.args, vars)[0]?.text;
        if (user) {
          stage.user = user.split(':')[0];
          stage.group = user.split(':')[1] || null;
          stage.userSpan = where;
        }
        break;
      }
      case 'COPY':
      case 'ADD': {
        const argv = jsonArgv(ins.args) ?? expandWords(ins.args, vars);
        if (argv.some((w) => /^--from=/.test(w.text))) break;
        const paths = argv.filter((w) => !w.text.startsWith('--')).map((w) => w.text);
        if (paths.length < 2) break;
        const rawDest = paths[paths.length - 1];
        const sources = paths.slice(0, -1).filter((s) => !/^[a-z]+:\/\//i.test(s));
        if (sources.length === 0 || rawDest.includes(UNKNOWN)) break;
        const dest = posix.normalize(posix.isAbsolute(rawDest) ? rawDest : posix.join(stage.workdir ?? '/', rawDest));
        stage.copies.push({ sources, dest, directory: rawDest.endsWith('/') || rawDest === '.' || sources.length > 1, span: where });
        break;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const argv = jsonArgv(ins.args);
        const command: DockerCommand = argv
          ? { form: 'exec', argv, span: where, env: { ...stage.env } }
          : { form: 'shell', text: ins.args, span: where, env: { ...stage.env } };
        if (ins.keyword === 'CMD') stage.cmd = command;
        else {
          stage.entrypoint = command;
          // Docker: setting ENTRYPOINT resets a CMD inherited from the base.
          stage.cmd = null;
        }
        break;
      }
    }
  }
  return { source, stages };
}

function argPairs(args: MappedText, vars: Record<string, string>): [string, string][] {
  return expandWords(args, vars).map((w) => {
    const eq = w.text.indexOf('=');
    return eq < 0 ? [w.text, ''] : [w.text.slice(0, eq), w.text.slice(eq + 1)];
  });
}

interface EnvPair {
  name: string;
  value: string;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

function envPairs(args: MappedText, vars: Record<string, string>): EnvPair[] {
  const words = expandWords(args, vars);
  if (words.length === 0) return [];
  const first = words[0];
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(first.text)) {
    // Legacy `ENV name value with spaces`: the rest of the line is the value.
    const rest = words.slice(1);
    if (rest.length === 0) return [];
    return [{
      name: first.text, value: rest.map((w) => w.text).join(' '),
      nameStart: first.start, nameEnd: first.end, valueStart: rest[0].start, valueEnd: rest[rest.length - 1].end,
    }];
  }
  const out: EnvPair[] = [];
  let vars2 = { ...vars };
  for (const w of words) {
    const eq = w.text.indexOf('=');
    if (eq < 0) continue;
    const name = w.text.slice(0, eq);
    const value = w.text.slice(eq + 1);
    vars2 = { ...vars2, [name]: value };
    const valueStart = value.length > 0 ? w.offsets[eq + 1] : w.end;
    out.push({ name, value, nameStart: w.offsets[0], nameEnd: w.offsets[eq - 1] + 1, valueStart, valueEnd: w.end });
  }
  return out;
}

/** Official images (`python:3.11`, `debian`) start as root in `/` unless the Dockerfile says otherwise. */
export function isLibraryImage(image: string): boolean {
  const name = image.replace(/^docker\.io\/(library\/)?/, '').split(/[:@]/)[0];
  return name !== '' && !name.includes('/');
}

export interface DockerLaunchOverrides {
  command?: DockerCommand | null;
  entrypoint?: DockerCommand | null;
  /** Stage to build (`target:`); default the last. */
  target?: string;
  /** Runtime environment added by the runner (compose `environment:`). */
  env?: Record<string, string>;
  /** Working directory set by the runner (compose `working_dir:`): where a script's `cd` lines start from. */
  workdir?: string;
}

/** The repository file an image holds at a production path, as the stage's COPY/ADD put it there (src/context/scripts.ts). */
export type ScriptReader = (productionPath: string, stage: DockerStage) => SourceFile | undefined;

/** Where an image starts uWSGI: the command, and the script it is written in when the image's command runs one. */
export interface DockerUwsgiCommand {
  stage: DockerStage;
  command: UwsgiCommand;
  written: DockerCommand;
  /** The repository script the command is read from, and the directory its `cd` lines leave uWSGI in. */
  script?: { source: SourceFile; launchDir: string | null };
}

/**
 * The uWSGI launch of an image: its last stage's ENTRYPOINT + CMD, or CMD alone when the
 * entrypoint is a script that ends with `exec "$@"` (the usual docker-entrypoint.sh); failing
 * both, the one uWSGI command of the script the image's command runs (src/context/scripts.ts),
 * when `scripts` can read it.
 */
export function dockerUwsgiCommand(file: Dockerfile, overrides: DockerLaunchOverrides = {}, scripts?: ScriptReader): DockerUwsgiCommand | null {
  const stage = (overrides.target ? file.stages.find((s) => s.name === overrides.target) : undefined) ?? file.stages[file.stages.length - 1];
  if (!stage) return null;
  const entrypoint = overrides.entrypoint !== undefined ? overrides.entrypoint : stage.entrypoint;
  const cmd = overrides.command !== undefined ? overrides.command : overrides.entrypoint !== undefined ? null : stage.cmd;
  const env = { ...stage.args, ...stage.env, ...overrides.env };
  const argvOf = (c: DockerCommand | null): Word[][] => {
    if (!c) return [[]];
    if (c.form === 'exec') return [c.argv ?? []];
    return shellCommands(c.text!, { ...c.env, ...env });
  };
  const tries: [DockerCommand | null, Word[][]][] = [];
  if (entrypoint && entrypoint.form === 'exec') tries.push([entrypoint, argvOf(entrypoint).map((a) => [...a, ...(cmd?.form === 'exec' ? cmd.argv ?? [] : [])])]);
  else if (entrypoint) tries.push([entrypoint, argvOf(entrypoint)]);
  if (cmd) tries.push([cmd, argvOf(cmd)]);
  for (const [written, commands] of tries) {
    if (!written) continue;
    for (const argv of commands) {
      const command = uwsgiCommandIn(file.source, argv, env, 0);
      if (command) return { stage, command, written };
    }
  }
  // No uWSGI on the command itself: the script it runs, when the repository holds it.
  if (!scripts) return null;
  const workdir = overrides.workdir ?? stage.workdir ?? (isLibraryImage(stage.from) ? '/' : null);
  for (const [written, commands] of tries) {
    if (!written) continue;
    for (const argv of commands) {
      const path = scriptPath(argv, workdir);
      const script = path === null ? undefined : scripts(path, stage);
      const found = script ? scriptUwsgiCommand(script, env, workdir) : null;
      if (found) return { stage, command: found.command, written, script: { source: script!, launchDir: found.launchDir } };
    }
  }
  return null;
}

/** Where COPY/ADD put repository files in the image, for a build context of `bases`. */
export function copyMappings(stage: DockerStage, bases: string[]): PathMapping[] {
  const out: PathMapping[] = [];
  for (const copy of stage.copies) {
    for (const src of copy.sources) {
      const clean = src.replace(/^\.\/+/, '').replace(/\/+$/, '');
      if (clean === '' || clean === '.') {
        out.push({ production: copy.dest, repo: '.', directory: true, bases, span: copy.span });
        continue;
      }
      if (copy.directory) {
        // A file lands at dest/basename; a directory's contents land in dest.
        out.push({ production: posix.join(copy.dest, posix.basename(clean)), repo: clean, directory: false, bases, span: copy.span });
        out.push({ production: copy.dest, repo: clean, directory: true, bases, span: copy.span });
      } else {
        out.push({ production: copy.dest, repo: clean, directory: false, bases, span: copy.span });
        out.push({ production: posix.join(copy.dest, posix.basename(clean)), repo: clean, directory: false, bases, span: copy.span });
        out.push({ production: copy.dest, repo: clean, directory: true, bases, span: copy.span });
      }
    }
  }
  return out;
}

/** The launch a Dockerfile describes on its own (built from its own directory). */
export function dockerfileLaunches(file: Dockerfile, scripts?: ScriptReader): UwsgiLaunch[] {
  const found = dockerUwsgiCommand(file, {}, scripts);
  if (!found) {
    const stage = file.stages[file.stages.length - 1];
    const image = stage ? imageLaunch(file.source, stage, [posix.dirname(file.source.path)], stage.name ?? 'image') : null;
    return image ? [image] : [];
  }
  return [dockerLaunch(file, found, [posix.dirname(file.source.path)], file.stages[file.stages.length - 1]?.name ?? 'image')];
}

export function dockerLaunch(
  file: Dockerfile,
  found: Pick<DockerUwsgiCommand, 'stage' | 'command' | 'script'>,
  bases: string[],
  name: string,
): UwsgiLaunch {
  const { stage, command, script } = found;
  const library = isLibraryImage(stage.from);
  const env = { ...stage.env, ...command.assignments };
  return {
    kind: 'dockerfile',
    source: script?.source ?? file.source,
    name,
    span: command.programSpan,
    options: [...stage.envOptions, ...command.assignmentOptions, ...command.options],
    env,
    launchDir: script ? script.launchDir : stage.workdir ?? (library ? '/' : null),
    user: command.user ?? stage.user ?? (library ? 'root' : null),
    group: command.user ? null : stage.group ?? (stage.user === null && library ? 'root' : null),
    groups: [],
    mappings: copyMappings(stage, bases),
    envFiles: [],
    ...(script ? { runBy: file.source.path } : {}),
  };
}

/** Whether a stage still runs its base image's own start (no CMD/ENTRYPOINT of its own, or the image's scripts). */
function keepsImageStart(stage: DockerStage): boolean {
  const words = (c: DockerCommand | null) => (c === null ? '' : c.form === 'exec' ? (c.argv ?? []).map((w) => w.text).join(' ') : c.text!.text);
  const own = (c: DockerCommand | null) => c !== null && !/(^|\/)(start\.sh|entrypoint\.sh|supervisord)\b/.test(words(c));
  return !own(stage.cmd) && !own(stage.entrypoint);
}

/**
 * The uWSGI a known base image starts (src/context/images.ts) for a stage built on it, with the
 * stage's own ENV, WORKDIR, USER and COPY; null for any other image.
 */
export function imageLaunch(source: SourceFile, stage: DockerStage, bases: string[], name: string, runtime: { env?: Record<string, string>; envOptions?: LaunchOption[]; user?: string | null; group?: string | null; workdir?: string | null; mounts?: PathMapping[] } = {}): UwsgiLaunch | null {
  const image = imageUwsgi(stage.baseImage);
  if (!image || !keepsImageStart(stage)) return null;
  const at = stage.fromSpan;
  const env = { ...image.env, ...stage.env, ...runtime.env };
  const own = [...stage.envOptions, ...(runtime.envOptions ?? [])];
  const options: LaunchOption[] = [];
  for (const [k, v] of Object.entries(image.env)) {
    const option = envOption(k, env[k] ?? v, at, at);
    if (option && !own.some((o) => o.key === option.key)) options.push(option);
  }
  options.push(...own);
  for (const ini of image.inis) options.push({ key: 'ini', value: ini, keySpan: at, valueSpan: at, origin: 'argument' });
  const user = runtime.user ?? stage.user;
  return {
    kind: 'dockerfile',
    source,
    name: `${name} (${image.image})`,
    span: at,
    options,
    env,
    launchDir: runtime.workdir ?? stage.workdir ?? image.workdir,
    user: user ?? 'root',
    group: user ? (runtime.user ? runtime.group ?? null : stage.group) : 'root',
    groups: [],
    mappings: [...copyMappings(stage, bases), ...(runtime.mounts ?? [])],
    envFiles: [],
    files: image.files,
  };
}
