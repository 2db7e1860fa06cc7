// Which launch starts which ini, and the ini resolved the way that launch starts it.
// A launch loads an ini when one of its config arguments (`--ini x`, `uwsgi x.ini`, `UWSGI_INI`),
// made absolute with the launch directory and mapped back through COPY/volumes/pathMappings, is
// that file; failing that, when its file name is the name of exactly one linted ini in the
// launch file's directory tree. An ini below /etc/uwsgi/apps-enabled/ (or apps-available/), in
// the repository or in production, that no launch loads, is started by Debian's init script.
// A launch that loads no linted ini becomes a config of its own, from its command line alone.
import { posix } from '../posix-path.js';
import type { SourceFile } from '../source.js';
import { UNKNOWN, type CommandLineOption, type UwsgiConfig } from '../uwsgi/ast.js';
import { parseUwsgiIni, resolveUwsgi } from '../uwsgi/index.js';
import { isSocketOption } from '../uwsgi/sockets.js';
import { dataFile, debianLaunch, launchConfigs, repoPathOf, type LaunchConfig } from './index.js';
import type { PathMapping, UwsgiLaunch } from './launch.js';
import { emptyRecord } from '../own.js';
import { isFileProblem, isInside, type FileProblem } from '../file-problem.js';

export interface AttachOptions {
  /** Environment from the user config. */
  env: Record<string, string> | undefined;
  /** Configured launch directory (wins over nothing, loses to a launch's own). */
  launchDir?: string;
  /** Configured production -> repository prefixes (absolute). */
  pathMappings: { from: string; to: string }[];
  /** A file's text, undefined when there is none, or why it was not read (outside the tree, ...). */
  readFile: (path: string) => string | FileProblem | undefined;
  /** The run's root: an absolute path outside it that no mapping brings in exists only on the deployed box. */
  root?: string;
  /** The linter's working directory, for file names in messages. */
  displayRoot?: string;
}

/** Whether a path names something (a file the boundary refused is there all the same). */
function present(content: string | FileProblem | undefined): boolean {
  return content !== undefined && !(isFileProblem(content) && content.problem === 'not-found');
}

export interface UwsgiStart {
  /** The linted ini, or for a command-line-only launch the launch file. */
  source: SourceFile;
  launch: UwsgiLaunch | null;
  /** The argument of the launch that loads the ini; null for a command-line-only config. */
  loadedBy: LaunchConfig | null;
  productionPath: string | null;
  /** The section the user asked for (`app.ini:prod` on the command line), if the launch names none. */
  section?: string;
}

/** Plans one resolution per (ini, launch that starts it); an ini no launch starts is resolved alone. */
export function planStarts(inis: SourceFile[], launches: UwsgiLaunch[], options: AttachOptions): UwsgiStart[] {
  const configured = configuredMappings(options.pathMappings);
  const exists = (p: string) => present(options.readFile(p));
  const byPath = new Map(inis.map((s) => [s.path, s]));
  const starts: UwsgiStart[] = [];
  const started = new Set<string>();
  for (const launch of launches) {
    const mappings = [...configured, ...launch.mappings];
    let loadsLinted = false;
    for (const config of launchConfigs(launch)) {
      let repo = config.productionPath ? repoPathOf(mappings, config.productionPath, (p) => byPath.has(p) || exists(p)) : null;
      if (repo === null || !byPath.has(repo)) {
        // The base image's own ini (tiangolo's /etc/uwsgi/uwsgi.ini), unless the repository replaces it.
        if (config.productionPath && launch.files?.[config.productionPath] !== undefined) continue;
        repo = byName(inis, config.path, launch.source.path);
      }
      if (repo === null) continue;
      loadsLinted = true;
      started.add(repo);
      starts.push({ source: byPath.get(repo)!, launch: { ...launch, mappings }, loadedBy: config, productionPath: config.productionPath });
    }
    if (!loadsLinted && launch.options.some((o) => isSocketOption(o.key) || o.key === 'ini' || o.key === 'yaml' || o.key === 'json' || o.key === 'xml')) {
      starts.push({ source: launch.source, launch: { ...launch, mappings }, loadedBy: null, productionPath: null });
    }
  }
  for (const launch of launches) {
    for (const vassal of vassalStarts(launch, inis.filter((i) => !started.has(i.path)), [...configured, ...launch.mappings], (p) => byPath.has(p) || exists(p))) {
      started.add(vassal.source.path);
      starts.push(vassal);
    }
  }
  for (const ini of inis) {
    if (started.has(ini.path)) continue;
    const production = productionOf(ini.path, options.pathMappings);
    const debianPath = debianLaunch(production) ? production : ini.path;
    const debian = debianLaunch(debianPath);
    if (debian) {
      const config = launchConfigs(debian).find((c) => c.productionPath === posix.join('/etc/uwsgi/apps-enabled', posix.basename(debianPath)));
      if (config) {
        starts.push({ source: ini, launch: debian, loadedBy: config, productionPath: config.productionPath });
        continue;
      }
    }
    starts.push({ source: ini, launch: null, loadedBy: null, productionPath: null });
  }
  return starts;
}

/** Resolves an ini (or a command line alone) as its launch starts it. */
export function resolveStart(start: UwsgiStart, options: AttachOptions): UwsgiConfig {
  const { launch, loadedBy } = start;
  const iniDir = posix.dirname(start.source.path);
  const cwd = launch?.launchDir ?? options.launchDir ?? iniDir;
  const env = launch ? (launch.env === null ? undefined : { ...options.env, ...withoutUnknown(launch.env) }) : options.env;
  // The ini's production directory holds what its repository directory holds, unless a COPY or volume says otherwise.
  const own: PathMapping[] = start.productionPath && loadedBy
    ? [{ production: posix.dirname(start.productionPath), repo: iniDir, directory: true, span: loadedBy.option.valueSpan }]
    : [];
  const mappings = [...own, ...configuredMappings(options.pathMappings), ...(launch?.mappings ?? [])];
  const readFile = (p: string): string | FileProblem | undefined => {
    const data = dataFile(p);
    if (data !== undefined) return data;
    const repo = repoPathOf(mappings, p, (x) => present(options.readFile(x)));
    // A mapped path is read where the mapping puts it (missing there is missing), never on the box.
    if (!launch) return options.readFile(repo ?? repoPathOf(mappings, p, () => true) ?? p);
    return repo !== null ? options.readFile(repo) : launch.files?.[p];
  };
  const root = options.root;
  const outsideTree = root === undefined
    ? undefined
    : (p: string) => !isInside(p, root) && repoPathOf(mappings, p, () => true) === null;
  const all: CommandLineOption[] = (launch?.options ?? []).map((o) => ({ key: o.key, value: o.value, keySpan: o.keySpan, valueSpan: o.valueSpan, origin: o.origin }));
  const index = loadedBy?.index ?? all.length;
  const before = all.slice(0, index);
  const after = loadedBy ? all.slice(index + 1) : [];
  const mappedPath = productionOf(start.source.path, options.pathMappings);
  const configName = loadedBy ? (start.productionPath ?? loadedBy.option.value) : mappedPath !== start.source.path ? mappedPath : undefined;
  // The launch's own `--ini app.ini:dev` wins over a section asked on the command line.
  const section = loadedBy?.section ?? start.section;
  const top = loadedBy || !launch
    ? parseUwsgiIni(start.source, { cwd, ...(env ? { env } : {}), ...(configName ? { configName: withSection(configName, section) } : {}) })
    : { ...parseUwsgiIni(emptySource(start.source), { cwd }), source: start.source };
  const resolved = resolveUwsgi(top, {
    readFile,
    cwd,
    ...(env ? { env } : {}),
    ...(section ? { section } : {}),
    commandLineBefore: before,
    commandLineAfter: after,
    commandLineOnly: launch !== null && loadedBy === null,
    ...(outsideTree ? { outsideTree } : {}),
    ...(options.displayRoot ? { displayRoot: options.displayRoot } : {}),
  });
  const located = start.productionPath !== null || productionOf(start.source.path, options.pathMappings) !== start.source.path;
  if (!located && (loadedBy !== null || !launch)) markLocation(resolved);
  if (launch) {
    resolved.launch = {
      kind: launch.kind,
      name: launch.name,
      span: launch.span,
      launchDir: launch.launchDir,
      productionPath: start.productionPath,
      user: launch.user,
      group: launch.group,
      groups: launch.groups,
      ...(launch.groupsClosed ? { groupsClosed: true } : {}),
      ...(launch.userNote ? { userNote: launch.userNote } : {}),
      ...(launch.runBy ? { runBy: launch.runBy } : {}),
    };
  }
  return resolved;
}

const LOCATION_OPTIONS = new Set(['chdir']);

/**
 * Where the ini will live is not known: the repository directory stands in for `%d` so that
 * includes are found, but a socket or chdir built from it is a guess. It is marked, so that
 * only the part after `%d` is compared (an unresolved location, never a mismatch).
 */
function markLocation(config: UwsgiConfig): void {
  for (const option of config.options) {
    if (option.commandLine || option.value === null) continue;
    if (!isSocketOption(option.key) && !LOCATION_OPTIONS.has(option.key)) continue;
    const magic = /^%([dD])/.exec(option.entry.rawValue);
    if (!magic) continue;
    const file = config.files.find((f) => f.source === option.entry.source);
    const dir = magic[1] === 'd' ? file?.magicVars.d : config.file.magicVars.d;
    if (dir && option.value.startsWith(dir)) option.locationGuess = dir;
  }
}

function withSection(name: string, section: string | undefined): string {
  return section ? `${name}:${section}` : name;
}

function emptySource(source: SourceFile): SourceFile {
  return { path: source.path, text: '', hasBom: false, lineStarts: [0] };
}

/** Variables a launch passes through from elsewhere (compose `- VAR`) stay unset here: unknown, not empty. */
function withoutUnknown(env: Record<string, string>): Record<string, string> {
  const out = emptyRecord<string>();
  for (const [k, v] of Object.entries(env)) if (!v.includes(UNKNOWN)) out[k] = v;
  return out;
}

function configuredMappings(mappings: { from: string; to: string }[]): PathMapping[] {
  return mappings.map((m) => ({
    production: posix.normalize(m.from),
    repo: posix.normalize(m.to),
    directory: true,
    span: { source: { path: '', text: '', hasBom: false, lineStarts: [0] }, start: 0, end: 0 },
  }));
}

/** The production path of a repository file, through the configured mappings (else itself). */
function productionOf(path: string, mappings: { from: string; to: string }[]): string {
  for (const m of mappings) {
    const to = posix.normalize(m.to);
    if (path === to) return posix.normalize(m.from);
    if (path.startsWith(to.endsWith('/') ? to : to + '/')) return posix.join(m.from, path.slice(to.length));
  }
  return path;
}

/** The only linted ini of that file name in the launch file's tree (its directory or the parent's). */
function byName(inis: SourceFile[], path: string, launchFile: string): string | null {
  const name = posix.basename(path);
  if (name === '' || path.includes(UNKNOWN)) return null;
  const dir = posix.dirname(launchFile);
  const root = posix.dirname(dir);
  const inTree = (p: string, d: string) => p.startsWith(d.endsWith('/') ? d : d + '/');
  for (const scope of [dir, root]) {
    const found = inis.filter((s) => posix.basename(s.path) === name && inTree(s.path, scope));
    if (found.length === 1) return found[0].path;
    if (found.length > 1) return null;
  }
  return null;
}

// The uWSGI Emperor (uwsgi-docs Emperor.rst; core/emperor.c): `--emperor DIR` (or a glob) starts
// every config file in DIR as a vassal, in DIR, as the emperor's own user (its `uid` if it drops
// to one); with `--emperor-tyrant` each vassal runs as its file's owner instead, which a linter
// cannot see. `--vassal-set k=v` sets an option on every vassal; `--vassals-inherit`/
// `--vassals-include` (after the vassal's file) and their `-before` forms add config files.
const VASSAL_ADDS: Record<string, 'before' | 'after'> = { 'vassals-inherit': 'after', 'vassals-include': 'after', 'vassals-inherit-before': 'before', 'vassals-include-before': 'before' };

/** The linted inis an emperor launch starts as vassals, each with the launch that starts it. */
function vassalStarts(launch: UwsgiLaunch, inis: SourceFile[], mappings: PathMapping[], exists: (p: string) => boolean): UwsgiStart[] {
  const emperor = launch.options.find((o) => o.key === 'emperor' && !o.value.includes(UNKNOWN));
  if (!emperor) return [];
  const dir = posix.normalize(emperor.value.replace(/\/[^/]*[*?[][^/]*$/, ''));
  if (!posix.isAbsolute(dir)) return [];
  const tyrant = launch.options.some((o) => o.key === 'emperor-tyrant');
  const uid = launch.options.filter((o) => o.key === 'uid').pop()?.value;
  const gid = launch.options.filter((o) => o.key === 'gid').pop()?.value;
  const runsAsRoot = launch.user === 'root' || launch.user === '0';
  const dropsTo = runsAsRoot && uid && uid !== 'root' && uid !== '0' ? uid : null;
  const before = launch.options.filter((o) => VASSAL_ADDS[o.key] === 'before').map((o) => ({ ...o, key: 'ini' }));
  const after = [
    ...launch.options.filter((o) => VASSAL_ADDS[o.key] === 'after').map((o) => ({ ...o, key: 'ini' })),
    ...launch.options.filter((o) => o.key === 'vassal-set' && o.value.includes('=')).map((o) => ({ ...o, key: o.value.slice(0, o.value.indexOf('=')), value: o.value.slice(o.value.indexOf('=') + 1) })),
  ];
  const out: UwsgiStart[] = [];
  for (const ini of inis) {
    const productionPath = posix.join(dir, posix.basename(ini.path));
    const repo = repoPathOf(mappings, productionPath, exists);
    // Without a mapping: a repository directory named like the emperor's (`vassals/`) in the launch file's tree.
    const byDir = repo === null && posix.basename(posix.dirname(ini.path)) === posix.basename(dir) && ini.path.startsWith(posix.dirname(posix.dirname(launch.source.path)) + '/');
    if (repo !== ini.path && !byDir) continue;
    const option = { key: 'ini', value: productionPath, keySpan: emperor.keySpan, valueSpan: emperor.valueSpan, origin: 'argument' as const };
    const options = [...before, option, ...after];
    const vassal: UwsgiLaunch = {
      ...launch,
      name: `${launch.name}: vassal ${posix.basename(ini.path)}`,
      options,
      launchDir: dir,
      user: tyrant ? null : dropsTo ?? launch.user,
      group: tyrant ? null : dropsTo ? (gid ?? null) : launch.group,
      groups: tyrant || dropsTo ? [] : launch.groups,
      ...(tyrant ? { userNote: 'the emperor is a tyrant (`emperor-tyrant`): each vassal runs as the owner of its file, which the run cannot see' } : {}),
      mappings,
    };
    out.push({ source: ini, launch: vassal, loadedBy: { index: before.length, option, path: productionPath, section: null, productionPath }, productionPath });
  }
  return out;
}
