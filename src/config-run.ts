// Which configuration each linted file gets, and the one configuration of the run.
// Each file gets the configuration file closest to it: its directory's, else the nearest above
// (ruff's hierarchical lookup); a file with none above it gets the working directory's. `rules`
// are per file. The other settings describe the one deployment a run judges (pair checks read
// nginx's and uWSGI's facts together), so they are per run: the settings of every configuration
// file the run's files use, together; a setting given different values in two of them stops the
// run with both files named, never a silent pick.
import { dirname, relative, resolve } from 'node:path';
import { ConfigError, type PairConfig, type PathMappingConfig, type RuleEntry, type RuleScopeConfig, type RuleSetting, type UserConfig } from './config.js';
import { findConfig, loadConfigFile, type LoadedConfig } from './config-files.js';

/** The rules of the files below `dir` (absolute), from the configuration file `path` there. */
export interface RuleScope {
  dir: string;
  path: string;
  rules: Record<string, RuleEntry>;
}

export interface RunConfig {
  /** The per-run settings of every configuration file used; `rules` for files below no scope. */
  config: UserConfig;
  /** When the files use more than one configuration file: each file's rules by directory. */
  scopes: RuleScope[];
  /** The configuration files the run uses (none: the defaults). */
  paths: string[];
}

/** The settings that are one value per run; `rules` is per file, the lists and `env` are joined. */
const PER_RUN_VALUES = ['nginxVersion', 'nginxUser', 'uwsgiBuild', 'uwsgiStartsAs', 'uwsgiUser', 'nginxPrefix', 'uwsgiLaunchDir', 'maxFileBytes'] as const;

/**
 * The configuration of a run over `files` (absolute, or relative to cwd). `explicit` (--config)
 * is used for every file, as ruff's and ESLint's --config are.
 */
export function resolveRunConfig(files: readonly string[], cwd: string, explicit?: string): RunConfig {
  if (explicit !== undefined) {
    const loaded = loadConfigFile(resolve(cwd, explicit));
    return { config: loaded.config, scopes: [], paths: [loaded.path!] };
  }
  const cache = new Map<string, LoadedConfig | undefined>();
  const fallback = findConfig(cwd, cache);
  const used = new Map<string, LoadedConfig>();
  for (const file of files) {
    const found = configForFile(resolve(cwd, file), cwd, cache, fallback);
    used.set(found.path ?? '', found);
  }
  if (used.size === 0) used.set(fallback.path ?? '', fallback);
  // In path order, so that a message naming two of them does not depend on the order of the files.
  const loaded = [...used.values()].sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''));
  if (loaded.length === 1) return { config: loaded[0].config, scopes: [], paths: loaded[0].path ? [loaded[0].path] : [] };
  const scopes = loaded
    .filter((l) => l.path !== undefined)
    .map((l) => ({ dir: dirname(l.path!), path: l.path!, rules: l.config.rules ?? {} }))
    .sort((a, b) => b.dir.length - a.dir.length);
  const config = { ...joinRunSettings(loaded, cwd), ...(fallback.config.rules ? { rules: fallback.config.rules } : {}) };
  return { config, scopes, paths: loaded.flatMap((l) => (l.path ? [l.path] : [])) };
}

/** What the command line adds to the configuration files: --config, --rule. */
export interface CommandLineConfig {
  cwd: string;
  /** --config: one file for every linted file. */
  config?: string;
  /** --rule id:severity, over every file's rules. */
  rules: Record<string, RuleSetting>;
}

/** The configuration of a CLI run, as lint() takes it: --rule over the run's rules and every scope's. */
export function runConfiguration(files: readonly string[], cli: CommandLineConfig): { config: UserConfig; ruleScopes: RuleScopeConfig[] } {
  const resolved = resolveRunConfig(files, cli.cwd, cli.config);
  return {
    config: { ...resolved.config, rules: withSeverities(resolved.config.rules ?? {}, cli.rules) },
    ruleScopes: resolved.scopes.map((s) => ({ dir: s.dir, rules: withSeverities(s.rules, cli.rules) })),
  };
}

/** `--rule id:severity` over the configuration's entries: the severity changes, options set in the file stay. */
export function withSeverities(entries: Record<string, RuleEntry>, severities: Record<string, RuleSetting>): Record<string, RuleEntry> {
  const out = { ...entries };
  for (const [id, severity] of Object.entries(severities)) {
    const entry = out[id];
    out[id] = Array.isArray(entry) && entry.length > 1 ? [severity, entry[1]] : severity;
  }
  return out;
}

/** The configuration one file gets: the closest file above it, else the working directory's. */
export function configForFile(absFile: string, cwd: string, cache = new Map<string, LoadedConfig | undefined>(), fallback = findConfig(cwd, cache)): LoadedConfig {
  const found = findConfig(dirname(withoutSection(absFile)), cache);
  return found.path ? found : fallback;
}

/** `app.ini:prod` names app.ini; a colon inside a directory name is left alone. */
function withoutSection(path: string): string {
  const colon = path.lastIndexOf(':');
  return colon > path.lastIndexOf('/') && colon > path.lastIndexOf('\\') && colon > 1 ? path.slice(0, colon) : path;
}

/** The per-run settings of several configuration files, or a ConfigError naming two that disagree. */
function joinRunSettings(loaded: LoadedConfig[], cwd: string): UserConfig {
  const shown = (l: LoadedConfig) => (l.path ? relative(cwd, l.path) || l.path : 'the defaults');
  const conflict = (label: string, a: unknown, from: LoadedConfig, b: unknown, other: LoadedConfig) =>
    new ConfigError(
      `${label} is ${JSON.stringify(a)} in ${shown(from)} but ${JSON.stringify(b)} in ${shown(other)}, and the files of one run share it (a pair is judged with one value); set it in one configuration file above both, or lint them in separate runs`,
      label.split(/[ .]/)[0],
    );
  const out: UserConfig = {};
  const origin = new Map<string, LoadedConfig>();
  for (const l of loaded) {
    for (const key of PER_RUN_VALUES) {
      const value = l.config[key];
      if (value === undefined) continue;
      const before = out[key];
      if (before !== undefined && before !== value) throw conflict(key, before, origin.get(key)!, value, l);
      (out as Record<string, unknown>)[key] = value;
      origin.set(key, l);
    }
    for (const [name, value] of Object.entries(l.config.env ?? {})) {
      const before = out.env?.[name];
      if (before !== undefined && before !== value) throw conflict(`env.${name}`, before, origin.get(`env.${name}`)!, value, l);
      out.env = { ...out.env, [name]: value };
      origin.set(`env.${name}`, l);
    }
    for (const m of l.config.pathMappings ?? []) {
      const before = out.pathMappings?.find((x) => x.from === m.from);
      if (before && before.to !== m.to) throw conflict(`pathMappings from ${JSON.stringify(m.from)}`, before.to, origin.get(`pathMappings.${m.from}`)!, m.to, l);
      if (!before) {
        out.pathMappings = [...(out.pathMappings ?? []), m as PathMappingConfig];
        origin.set(`pathMappings.${m.from}`, l);
      }
    }
    for (const p of l.config.pairs ?? []) {
      if (!out.pairs?.some((x) => x.nginx === p.nginx && x.uwsgi === p.uwsgi)) out.pairs = [...(out.pairs ?? []), p as PairConfig];
    }
    for (const glob of l.config.ignores ?? []) if (!out.ignores?.includes(glob)) out.ignores = [...(out.ignores ?? []), glob];
  }
  return out;
}
