// User configuration: the settings and their validation. It stands in for what only the production
// box knows (nginx's worker user, how uWSGI was built and started, where files will live). The
// files it is read from are src/config-files.ts; which file each linted file gets, src/config-run.ts.
import { posixHost, type PathHost } from './posix-path.js';
import type { Severity } from './diagnostic.js';
import { rules as registry } from '../rules/index.js';
import { closest } from './suggest.js';
import { optionValueProblem } from './rule-options.js';

export type RuleSetting = Severity | 'off';

/** A rule's entry in `rules`: its severity, or ESLint's `[severity, { option: value }]`. */
export type RuleEntry = RuleSetting | [RuleSetting, Record<string, unknown>];

/** The severity of a `rules` entry. */
export function severityOf(entry: RuleEntry): RuleSetting {
  return Array.isArray(entry) ? entry[0] : entry;
}

export interface PathMappingConfig {
  /** Production path prefix, e.g. /etc/nginx. */
  from: string;
  /** Where it is in the repository, relative to the config file's directory (or cwd). */
  to: string;
}

export interface PairConfig {
  nginx: string;
  uwsgi: string;
}

export interface UserConfig {
  /** Severity per rule id, or "off"; or `[severity, options]` for a rule that takes options. */
  rules?: Record<string, RuleEntry>;
  /** The nginx version deployed (`1.24.0`), for the advisories that depend on it. */
  nginxVersion?: string;
  /** The user nginx's workers run as (default www-data; a linted main config's `user` wins). */
  nginxUser?: string;
  /** How uWSGI was built: "monolithic" (pip) or "modular" (Debian; implied by a `plugins` line). */
  uwsgiBuild?: 'monolithic' | 'modular';
  /** How uWSGI is started: as root (then drops to uid) or directly as a service user (systemd User=, docker USER). */
  uwsgiStartsAs?: 'root' | 'service-user';
  /** The service user uWSGI is started as (systemd User=, docker USER), when it is not root. */
  uwsgiUser?: string;
  /** Production paths mapped onto the repository. */
  pathMappings?: PathMappingConfig[];
  /** nginx's configuration prefix for fragments (default /etc/nginx). */
  nginxPrefix?: string;
  /** Globs of files not to lint. */
  ignores?: string[];
  /** Which nginx config talks to which uWSGI config, when a run holds several. */
  pairs?: PairConfig[];
  /** Environment uWSGI sees (`$(VAR)`, `UWSGI_*` options). */
  env?: Record<string, string>;
  /** Directory uWSGI is started from (for relative sockets without chdir). */
  uwsgiLaunchDir?: string;
  /** Largest file read, in bytes. */
  maxFileBytes?: number;
}

export interface Settings {
  rules: Map<string, RuleSetting>;
  /** The options set per rule id (`[severity, options]` entries); the engine adds the defaults. */
  ruleOptions: Map<string, Record<string, unknown>>;
  /** The nginx version deployed, when the configuration says (`1.24.0`). */
  nginxVersion: string | undefined;
  nginxUser: string;
  /** Whether `nginxUser` was set in the configuration (not Debian's default). */
  nginxUserConfigured: boolean;
  uwsgiBuild: 'monolithic' | 'modular' | undefined;
  uwsgiStartsAs: 'root' | 'service-user' | undefined;
  uwsgiUser: string | undefined;
  pairs: PairConfig[];
  env: Record<string, string> | undefined;
  uwsgiLaunchDir: string | undefined;
  /**
   * Where files of one run get other rules than `rules` (each from its closest configuration
   * file): the deepest directory holding a file wins; a file below none gets `rules`.
   */
  ruleScopes: RuleScopeSettings[];
}

export interface RuleScopeSettings {
  /** Absolute, with POSIX separators, as the source files' paths. */
  dir: string;
  rules: Map<string, RuleSetting>;
  ruleOptions: Map<string, Record<string, unknown>>;
}

/** The rules of the files below a directory, as given to lint() (src/config-run.ts makes them). */
export interface RuleScopeConfig {
  dir: string;
  rules: Record<string, RuleEntry>;
}

/** Debian's and Ubuntu's nginx worker user. */
export const DEFAULT_NGINX_USER = 'www-data';

export class ConfigError extends Error {
  /** The setting at fault (`rules`, `pathMappings`), when one is. */
  readonly setting: string | undefined;
  constructor(message: string, setting?: string) {
    super(message);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);
const KNOWN_KEYS = new Set([
  'rules', 'nginxVersion', 'nginxUser', 'uwsgiBuild', 'uwsgiStartsAs', 'uwsgiUser', 'pathMappings', 'nginxPrefix', 'ignores', 'pairs', 'env', 'uwsgiLaunchDir', 'maxFileBytes',
]);

/** Checks a parsed config object; throws ConfigError with a one-line message naming the problem. */
export function validateConfig(value: unknown, where: string): UserConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${where}: the configuration must be an object of settings (a JSON object, a TOML table)`);
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KNOWN_KEYS.has(key)) {
      // pyproject.toml users write ruff's kebab-case (`nginx-user`); the settings are camelCase in every file.
      const camel = key.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
      const guess = KNOWN_KEYS.has(camel) ? camel : closest(key, [...KNOWN_KEYS])[0];
      throw new ConfigError(`${where}: unknown setting "${key}"${guess ? `; did you mean "${guess}"?` : ''} (known: ${[...KNOWN_KEYS].join(', ')})`, key);
    }
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) throw new ConfigError(`${where}: "rules" must map rule ids to error, warning, info or off`, 'rules');
    const ids = registry.map((r) => r.meta.id);
    for (const [id, sev] of Object.entries(obj.rules)) {
      // A misspelt id would otherwise leave the rule at its default without a word (the CLI's --rule refuses it too).
      if (!ids.includes(id)) {
        const guess = suggestRule(id, ids);
        throw new ConfigError(`${where}: "rules" names unknown rule "${id}"${guess ? `; did you mean "${guess}"?` : ''} (the rules are listed by --list-rules and in docs/rules.md)`, 'rules');
      }
      checkRuleEntry(sev, id, where);
    }
  }
  if (obj.nginxVersion !== undefined && (typeof obj.nginxVersion !== 'string' || !/^\d+\.\d+(\.\d+)?$/.test(obj.nginxVersion))) {
    throw new ConfigError(`${where}: "nginxVersion" must be a version like "1.24.0" (what nginx -v prints after nginx/)`, 'nginxVersion');
  }
  const str = (k: string) => {
    if (obj[k] !== undefined && typeof obj[k] !== 'string') throw new ConfigError(`${where}: "${k}" must be a string`, k);
  };
  ['nginxUser', 'nginxPrefix', 'uwsgiLaunchDir', 'uwsgiUser'].forEach(str);
  if (obj.uwsgiBuild !== undefined && obj.uwsgiBuild !== 'monolithic' && obj.uwsgiBuild !== 'modular') throw new ConfigError(`${where}: "uwsgiBuild" must be "monolithic" or "modular"`, 'uwsgiBuild');
  if (obj.uwsgiStartsAs !== undefined && obj.uwsgiStartsAs !== 'root' && obj.uwsgiStartsAs !== 'service-user') throw new ConfigError(`${where}: "uwsgiStartsAs" must be "root" or "service-user"`, 'uwsgiStartsAs');
  const list = (k: string, fields: string[]) => {
    if (obj[k] === undefined) return;
    if (!Array.isArray(obj[k])) throw new ConfigError(`${where}: "${k}" must be an array`, k);
    for (const item of obj[k] as unknown[]) {
      if (fields.length === 0) {
        if (typeof item !== 'string') throw new ConfigError(`${where}: "${k}" must hold strings`, k);
        continue;
      }
      if (typeof item !== 'object' || item === null) throw new ConfigError(`${where}: each "${k}" entry must be an object with ${fields.join(' and ')}`, k);
      for (const f of fields) {
        if (typeof (item as Record<string, unknown>)[f] !== 'string') throw new ConfigError(`${where}: each "${k}" entry needs a string "${f}"`, k);
      }
    }
  };
  list('pathMappings', ['from', 'to']);
  list('pairs', ['nginx', 'uwsgi']);
  list('ignores', []);
  if (obj.env !== undefined) {
    if (typeof obj.env !== 'object' || obj.env === null || Array.isArray(obj.env) || Object.values(obj.env).some((v) => typeof v !== 'string')) {
      throw new ConfigError(`${where}: "env" must map names to strings`, 'env');
    }
  }
  if (obj.maxFileBytes !== undefined && (typeof obj.maxFileBytes !== 'number' || !(obj.maxFileBytes > 0))) throw new ConfigError(`${where}: "maxFileBytes" must be a positive number`, 'maxFileBytes');
  return obj as UserConfig;
}

/** Checks one `rules` entry: a severity, or `[severity, options]` with the options the rule declares. */
function checkRuleEntry(entry: unknown, id: string, where: string): void {
  const severity = Array.isArray(entry) ? entry[0] : entry;
  if (typeof severity !== 'string' || !SEVERITIES.has(severity)) {
    throw new ConfigError(`${where}: rule "${id}" is set to ${JSON.stringify(entry)}; use error, warning, info or off, or [severity, { options }]`, 'rules');
  }
  if (!Array.isArray(entry)) return;
  const meta = registry.find((r) => r.meta.id === id)!.meta;
  const declared = meta.options ?? {};
  const names = Object.keys(declared);
  if (entry.length > 2) throw new ConfigError(`${where}: rule "${id}" takes [severity, { options }], got ${entry.length} items`, 'rules');
  if (entry.length === 1) return;
  const given = entry[1] as unknown;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new ConfigError(`${where}: the options of rule "${id}" must be an object`, 'rules');
  for (const [name, value] of Object.entries(given)) {
    const spec = declared[name];
    if (!spec) {
      const guess = closest(name, names)[0];
      const known = names.length ? `it takes ${names.join(', ')}` : 'it takes no options';
      throw new ConfigError(`${where}: rule "${id}" has no option "${name}"${guess ? `; did you mean "${guess}"?` : ''} (${known})`, 'rules');
    }
    const problem = optionValueProblem(spec, value);
    if (problem) throw new ConfigError(`${where}: option "${name}" of rule "${id}" must be ${problem}, got ${JSON.stringify(value)}`, 'rules');
  }
}

/** The rule id meant by a misspelt or shortened one (`syntax` for `nginx/syntax`), if any. */
function suggestRule(id: string, ids: string[]): string | undefined {
  const bySuffix = ids.filter((c) => c.endsWith('/' + id));
  if (bySuffix.length === 1) return bySuffix[0];
  return closest(id.toLowerCase(), ids)[0];
}

/** `path`: how `cwd` and the configured paths resolve (Node's node:path for lint(); default POSIX). */
export function settingsFrom(config: UserConfig, cwd: string, scopes: readonly RuleScopeConfig[] = [], path: Pick<PathHost, 'resolve' | 'sep'> = posixHost()): Settings {
  const { resolve, sep } = path;
  return {
    ...ruleMaps(config.rules),
    nginxVersion: config.nginxVersion,
    nginxUser: config.nginxUser ?? DEFAULT_NGINX_USER,
    nginxUserConfigured: config.nginxUser !== undefined,
    uwsgiBuild: config.uwsgiBuild,
    uwsgiStartsAs: config.uwsgiStartsAs ?? (config.uwsgiUser && config.uwsgiUser !== 'root' ? 'service-user' : undefined),
    uwsgiUser: config.uwsgiUser,
    pairs: (config.pairs ?? []).map((p) => ({ nginx: resolve(cwd, p.nginx), uwsgi: resolve(cwd, p.uwsgi) })),
    env: config.env,
    uwsgiLaunchDir: config.uwsgiLaunchDir ? resolve(cwd, config.uwsgiLaunchDir) : undefined,
    ruleScopes: scopes
      .map((s) => ({ dir: resolve(cwd, s.dir).split(sep).join('/'), ...ruleMaps(s.rules) }))
      .sort((a, b) => b.dir.length - a.dir.length),
  };
}

function ruleMaps(rules: Record<string, RuleEntry> = {}): Pick<Settings, 'rules' | 'ruleOptions'> {
  return {
    rules: new Map(Object.entries(rules).map(([id, entry]) => [id, severityOf(entry)])),
    ruleOptions: new Map(Object.entries(rules).flatMap(([id, entry]) => (Array.isArray(entry) && entry[1] ? [[id, entry[1]] as const] : []))),
  };
}

/** The rules a file gets: those of the deepest scope holding it, else the run's. */
export function rulesFor(settings: Settings, path: string): Pick<Settings, 'rules' | 'ruleOptions'> {
  return settings.ruleScopes.find((s) => path.startsWith(s.dir.endsWith('/') ? s.dir : s.dir + '/')) ?? settings;
}
