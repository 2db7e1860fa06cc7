// systemd service units and supervisord programs that start uWSGI.
// systemd (systemd.service(5), systemd.exec(5)): `[Service]` keys; a trailing `\` continues the
// line; ExecStart may carry the prefixes `-@:+!`; `$VAR`/`${VAR}` come from Environment= (an
// EnvironmentFile= is recorded, not read: its variables are unknown); WorkingDirectory= (a `-`
// prefix means optional; default `/` for system units); User=/Group= (default root; without
// Group= the user's primary group from /etc/passwd), SupplementaryGroups= (space-separated, may
// repeat, an empty value resets), DynamicUser=yes (a transient user, named by User= or after the
// unit, member of no /etc/group entry: its groups are Group= and SupplementaryGroups= only).
// supervisord (supervisord.org/configuration.html): `[program:x]` with `command`, `directory`
// (default: supervisord's own, unknown), `user` (default: supervisord's, usually root),
// `environment=KEY="v",KEY2="v"`; `%(ENV_X)s` expressions are unknown here.
import { posix } from '../posix-path.js';
import { span, type SourceSpan } from '../diagnostic.js';
import type { SourceFile } from '../source.js';
import { UNKNOWN } from '../uwsgi/ast.js';
import { envOption, findUwsgiCommands, type LaunchOption } from './command-line.js';
import type { UwsgiLaunch } from './launch.js';
import { shellCommands, type MappedText } from './shell.js';
import { emptyRecord } from '../own.js';

export interface IniLine {
  section: string;
  key: string;
  keySpan: SourceSpan;
  /** The value with continuation lines joined; offsets kept. */
  value: MappedText;
  valueSpan: SourceSpan;
}

/** Key/value lines of a systemd or supervisord file. */
export function iniLines(source: SourceFile, style: 'systemd' | 'supervisord'): IniLine[] {
  const out: IniLine[] = [];
  let section = '';
  let offset = 0;
  let current: IniLine | null = null;
  const lines = source.text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n].replace(/\r$/, '');
    const start = offset;
    offset += lines[n].length + 1;
    const trimmed = raw.trim();
    if (current && style === 'supervisord' && /^\s+\S/.test(raw) && !/^[;#]/.test(trimmed)) {
      appendValue(current, raw, start, raw.length - raw.trimStart().length, style);
      continue;
    }
    if (current && style === 'systemd' && current.value.text.endsWith('\\')) {
      current.value.text = current.value.text.slice(0, -1) + ' ';
      appendValue(current, raw, start, raw.length - raw.trimStart().length, style);
      continue;
    }
    current = null;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]/.exec(trimmed);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const eq = raw.indexOf('=');
    if (eq < 0) continue;
    const key = raw.slice(0, eq).trim();
    const keyStart = start + raw.indexOf(key);
    let valueFrom = eq + 1;
    while (valueFrom < raw.length && /\s/.test(raw[valueFrom])) valueFrom++;
    current = { section, key, keySpan: span(source, keyStart, keyStart + key.length), value: { text: '', offsets: [] }, valueSpan: span(source, start + valueFrom, start + valueFrom) };
    appendValue(current, raw, start, valueFrom, style);
    out.push(current);
  }
  return out;
}

function appendValue(line: IniLine, raw: string, lineStart: number, from: number, style: 'systemd' | 'supervisord'): void {
  let body = raw.slice(from).trimEnd();
  if (style === 'supervisord') body = body.replace(/\s;.*$/, '');
  if (line.value.text !== '' && style === 'supervisord') {
    line.value.text += ' ';
    line.value.offsets.push(lineStart);
  }
  for (let i = 0; i < body.length; i++) {
    line.value.text += body[i];
    line.value.offsets.push(lineStart + from + i);
  }
  line.valueSpan = span(line.valueSpan.source, line.valueSpan.start, lineStart + from + body.length);
}

/** `Environment=` assignments: space-separated, each optionally quoted. */
function systemdEnvironment(line: IniLine): { name: string; value: string; option: LaunchOption | null }[] {
  const out: { name: string; value: string; option: LaunchOption | null }[] = [];
  for (const word of shellCommands(line.value, null).flat()) {
    const eq = word.text.indexOf('=');
    if (eq <= 0) continue;
    const name = word.text.slice(0, eq);
    const value = word.text.slice(eq + 1);
    const source = line.keySpan.source;
    const nameSpan = span(source, word.offsets[0], word.offsets[eq - 1] + 1);
    const valueSpan = value.length > 0 ? span(source, word.offsets[eq + 1], word.offsets[word.text.length - 1] + 1) : nameSpan;
    out.push({ name, value, option: envOption(name, value, nameSpan, valueSpan) });
  }
  return out;
}

export function systemdLaunches(source: SourceFile): UwsgiLaunch[] {
  const lines = iniLines(source, 'systemd').filter((l) => l.section === 'Service');
  const env = emptyRecord<string>();
  const envOptions: LaunchOption[] = [];
  const envFiles: string[] = [];
  let user: string | null = null;
  let group: string | null = null;
  let groups: string[] = [];
  let dynamicUser = false;
  let workingDirectory: string | null = '/';
  for (const line of lines) {
    if (line.key === 'Environment') {
      for (const e of systemdEnvironment(line)) {
        env[e.name] = e.value;
        if (e.option) envOptions.push(e.option);
      }
    } else if (line.key === 'EnvironmentFile') envFiles.push(line.value.text.replace(/^-/, ''));
    else if (line.key === 'User') user = line.value.text.trim() || null;
    else if (line.key === 'Group') group = line.value.text.trim() || null;
    else if (line.key === 'SupplementaryGroups') {
      const names = line.value.text.trim().split(/\s+/).filter(Boolean);
      groups = names.length === 0 ? [] : [...groups, ...names];
    } else if (line.key === 'DynamicUser') dynamicUser = /^(1|yes|true|on)$/i.test(line.value.text.trim());
    else if (line.key === 'WorkingDirectory') {
      const dir = line.value.text.trim().replace(/^-/, '');
      workingDirectory = dir === '~' ? null : posix.isAbsolute(dir) ? posix.normalize(dir) : null;
    }
  }
  // Variables from an EnvironmentFile are not known: `$VAR` of those stays unknown.
  const knownEnv = envFiles.length > 0 ? env : env;
  const out: UwsgiLaunch[] = [];
  for (const line of lines) {
    if (line.key !== 'ExecStart') continue;
    const prefix = /^[-@:+!]*/.exec(line.value.text)![0].length;
    const text: MappedText = { text: line.value.text.slice(prefix), offsets: line.value.offsets.slice(prefix) };
    for (const command of findUwsgiCommands(source, text, knownEnv)) {
      out.push({
        kind: 'systemd',
        source,
        name: posix.basename(source.path),
        span: command.programSpan,
        options: [...envOptions, ...command.assignmentOptions, ...command.options],
        env: envFiles.length > 0 ? null : { ...env, ...command.assignments },
        launchDir: workingDirectory,
        // DynamicUser= without User= names the transient user after the unit.
        user: command.user ?? user ?? (dynamicUser ? posix.basename(source.path).replace(/\.service.*$/, '') : 'root'),
        group: command.user ? null : group ?? (dynamicUser ? user ?? posix.basename(source.path).replace(/\.service.*$/, '') : null),
        groups: command.user ? [] : groups,
        ...(dynamicUser && !command.user ? { groupsClosed: true } : {}),
        mappings: [],
        envFiles,
      });
    }
  }
  return out;
}

/** `KEY="value",KEY2=value` of supervisord's `environment=`. */
function supervisordEnvironment(line: IniLine): { name: string; value: string; option: LaunchOption | null }[] {
  const out: { name: string; value: string; option: LaunchOption | null }[] = [];
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("([^"]*)"|'([^']*)'|([^,]*))\s*(,|$)/gy;
  const text = line.value.text;
  const source = line.keySpan.source;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    const value = (m[3] ?? m[4] ?? m[5] ?? '').trim();
    const nameAt = m.index + m[0].indexOf(m[1]);
    const valueAt = m.index + m[0].indexOf(m[2]) + (m[3] !== undefined || m[4] !== undefined ? 1 : 0);
    const at = (i: number) => line.value.offsets[Math.min(i, line.value.offsets.length - 1)] ?? line.valueSpan.start;
    const nameSpan = span(source, at(nameAt), at(nameAt + m[1].length - 1) + 1);
    const valueSpan = value.length > 0 ? span(source, at(valueAt), at(valueAt + value.length - 1) + 1) : nameSpan;
    out.push({ name: m[1], value: value.replace(/%\([^)]*\)s/g, UNKNOWN), option: envOption(m[1], value.replace(/%\([^)]*\)s/g, UNKNOWN), nameSpan, valueSpan) });
  }
  return out;
}

export function supervisordLaunches(source: SourceFile): UwsgiLaunch[] {
  const lines = iniLines(source, 'supervisord');
  const programs = new Map<string, IniLine[]>();
  for (const line of lines) {
    const m = /^program:(.+)$/.exec(line.section);
    if (!m) continue;
    if (!programs.has(m[1])) programs.set(m[1], []);
    programs.get(m[1])!.push(line);
  }
  const out: UwsgiLaunch[] = [];
  for (const [name, entries] of programs) {
    const find = (key: string) => entries.find((l) => l.key === key);
    const command = find('command');
    if (!command) continue;
    const env = emptyRecord<string>();
    const envOptions: LaunchOption[] = [];
    const environment = find('environment');
    if (environment) {
      for (const e of supervisordEnvironment(environment)) {
        env[e.name] = e.value;
        if (e.option) envOptions.push(e.option);
      }
    }
    // supervisord's `%(ENV_X)s` and `%(here)s` are not known here.
    const text: MappedText = { text: command.value.text.replace(/%\([^)]*\)s/g, (s) => UNKNOWN.repeat(s.length)), offsets: command.value.offsets };
    // supervisord splits the command with shlex, without a shell: no `$VAR` expansion.
    for (const found of findUwsgiCommands(source, text, null)) {
      const directory = find('directory')?.value.text.trim();
      out.push({
        kind: 'supervisord',
        source,
        name,
        span: found.programSpan,
        options: [...envOptions, ...found.assignmentOptions, ...found.options],
        env: { ...env, ...found.assignments },
        launchDir: directory && posix.isAbsolute(directory) ? posix.normalize(directory) : null,
        user: found.user ?? find('user')?.value.text.trim() ?? null,
        // supervisord's user= switches to that user's primary group and its /etc/group memberships.
        group: null,
        groups: [],
        mappings: [],
        envFiles: [],
      });
      break;
    }
  }
  return out;
}

// Upstart jobs (upstart.ubuntu.com/cookbook, init(5)): one stanza a line; `exec CMD` or a
// `script` ... `end script` block run by /bin/sh -e; `setuid USER` (default root; the user's
// primary group unless `setgid GROUP`), `chdir DIR` (default /), `env KEY=VALUE`. A job is told
// apart from an nginx .conf by its stanzas.

/** Whether a text reads as an Upstart job that runs uWSGI (`start on`/`setuid` stanzas and an `exec`/`script` naming uwsgi). */
export function isUpstartJob(text: string): boolean {
  // Every linted .conf is asked: plain searches rule out nginx configs before any regex runs.
  if (!text.includes('uwsgi') && !text.includes('UWSGI')) return false;
  // An nginx config ends its statements with `;` and holds braces; a job has neither on its
  // stanza lines. Asked before the stanzas: a large nginx config opens a block near its top, and
  // the searches for stanzas read all of it (four times, 4 ms of a 1.7 MB config).
  if (/^[ \t]*(server|http|location|events)\s*\{/m.test(text)) return false;
  if (!/^[ \t]*(start on|stop on|setuid|respawn)\b/m.test(text)) return false;
  return /^[ \t]*(exec|script)\b/m.test(text);
}

export function upstartLaunches(source: SourceFile): UwsgiLaunch[] {
  const lines = source.text.split('\n');
  const env = emptyRecord<string>();
  const envOptions: LaunchOption[] = [];
  let user: string | null = null;
  let group: string | null = null;
  let chdir: string | null = '/';
  const commands: MappedText[] = [];
  let script: MappedText | null = null;
  let offset = 0;
  for (const rawLine of lines) {
    const start = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    if (script) {
      if (/^\s*end\s+script\b/.test(line)) {
        commands.push(script);
        script = null;
        continue;
      }
      for (let i = 0; i < line.length; i++) {
        script.text += line[i];
        script.offsets.push(start + i);
      }
      script.text += '\n';
      script.offsets.push(start + line.length);
      continue;
    }
    const m = /^(\s*)([a-z-]+)(?:\s+(.*?))?\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const [, indent, stanza, rest = ''] = m;
    const restAt = start + line.indexOf(rest, indent.length + stanza.length);
    if (stanza === 'setuid') user = rest.trim() || null;
    else if (stanza === 'setgid') group = rest.trim() || null;
    else if (stanza === 'chdir') chdir = posix.isAbsolute(rest.trim()) ? posix.normalize(rest.trim()) : null;
    else if (stanza === 'env') {
      const eq = rest.indexOf('=');
      if (eq > 0) {
        const name = rest.slice(0, eq).trim();
        const value = rest.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
        env[name] = value;
        const option = envOption(name, value, span(source, restAt, restAt + eq), span(source, restAt + eq + 1, restAt + rest.length));
        if (option) envOptions.push(option);
      }
    } else if (stanza === 'exec') commands.push({ text: rest, offsets: Array.from({ length: rest.length }, (_, i) => restAt + i) });
    else if (stanza === 'script' && rest === '') script = { text: '', offsets: [] };
  }
  const out: UwsgiLaunch[] = [];
  for (const text of commands) {
    for (const command of findUwsgiCommands(source, text, env)) {
      out.push({
        kind: 'upstart',
        source,
        name: posix.basename(source.path).replace(/\.conf$/, ''),
        span: command.programSpan,
        options: [...envOptions, ...command.assignmentOptions, ...command.options],
        env: { ...env, ...command.assignments },
        launchDir: chdir,
        user: command.user ?? user ?? 'root',
        // setuid alone: Upstart switches to the user's primary group (init(5)); root's otherwise.
        group: command.user ? null : group ?? (user ? null : 'root'),
        groups: [],
        mappings: [],
        envFiles: [],
      });
    }
  }
  return out;
}
