// Which launch starts which ini, and the ini resolved the way that launch starts it.
// A launch loads an ini when one of its config arguments (`--ini x`, `uwsgi x.ini`, `UWSGI_INI`),
// made absolute with the launch directory and mapped back through COPY/volumes/pathMappings, is
// that file; failing that, when its file name is the name of exactly one linted ini in the
// launch file's directory tree. An ini below /etc/uwsgi/apps-enabled/ (or apps-available/), in
// the repository or in production, that no launch loads, is started by Debian's init script.
// A launch that loads no linted ini becomes a config of its own, from its command line alone.
import { posix } from 'node:path';
import type { SourceFile } from '../source.js';
import { UNKNOWN, type CommandLineOption, type UwsgiConfig } from '../uwsgi/ast.js';
import { parseUwsgiIni, resolveUwsgi } from '../uwsgi/index.js';
import { isSocketOption } from '../uwsgi/sockets.js';
import { dataFile, debianLaunch, launchConfigs, repoPathOf, type LaunchConfig } from './index.js';
import type { PathMapping, UwsgiLaunch } from './launch.js';
import { emptyRecord } from '../own.js';

export interface AttachOptions {
  /** Environment from the user config. */
  env: Record<string, string> | undefined;
  /** Configured launch directory (wins over nothing, loses to a launch's own). */
  launchDir?: string;
  /** Configured production -> repository prefixes (absolute). */
  pathMappings: { from: string; to: string }[];
  readFile: (path: string) => string | undefined;
  /** The linter's working directory, for file names in messages. */
  displayRoot?: string;
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
  const exists = (p: string) => options.readFile(p) !== undefined;
  const byPath = new Map(inis.map((s) => [s.path, s]));
  const starts: UwsgiStart[] = [];
  const started = new Set<string>();
  for (const launch of launches) {
    const mappings = [...configured, ...launch.mappings];
    let loadsLinted = false;
    for (const config of launchConfigs(launch)) {
      let repo = config.productionPath ? repoPathOf(mappings, config.productionPath, (p) => byPath.has(p) || exists(p)) : null;
      if (repo === null || !byPath.has(repo)) repo = byName(inis, config.path, launch.source.path);
      if (repo === null) continue;
      loadsLinted = true;
      started.add(repo);
      starts.push({ source: byPath.get(repo)!, launch: { ...launch, mappings }, loadedBy: config, productionPath: config.productionPath });
    }
    if (!loadsLinted && launch.options.some((o) => isSocketOption(o.key) || o.key === 'ini' || o.key === 'yaml' || o.key === 'json' || o.key === 'xml')) {
      starts.push({ source: launch.source, launch: { ...launch, mappings }, loadedBy: null, productionPath: null });
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
  const readFile = (p: string): string | undefined => {
    const data = dataFile(p);
    if (data !== undefined) return data;
    if (!launch) return options.readFile(p);
    const repo = repoPathOf(mappings, p, (x) => options.readFile(x) !== undefined);
    return repo !== null ? options.readFile(repo) : undefined;
  };
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
