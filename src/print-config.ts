// What --print-config shows: every setting a file gets, the defaults included, and the
// configuration file it came from (as ruff's --show-settings and ESLint's --print-config <file>).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { rules as registry } from '../rules/index.js';
import { DEFAULT_NGINX_USER, severityOf, type RuleEntry, type UserConfig } from './config.js';
import { findConfig, loadConfigFile, type LoadedConfig } from './config-files.js';
import { configForFile, withSeverities, type CommandLineConfig } from './config-run.js';
import { DEFAULT_MAX_FILE_BYTES } from './lint.js';
import { STANDARD_PREFIX } from './nginx/resolve.js';
import { optionsOf } from './rule-options.js';

export interface PrintedConfig {
  /** The file asked about (absolute), when one was. */
  file?: string;
  /** The configuration file the settings come from (absolute), or null: the defaults. */
  configFile: string | null;
  /** Every setting; `null` where the default is "not known" (judged without it). */
  settings: Record<string, unknown>;
  /** The settings not given by the configuration file, shown with their default. */
  defaults: string[];
}

/** Each setting's default; null where the linter judges without it (docs/configuration.md says how). */
const DEFAULTS: Required<{ [K in keyof UserConfig]: unknown }> = {
  rules: {},
  nginxVersion: null,
  nginxUser: DEFAULT_NGINX_USER,
  uwsgiBuild: null,
  uwsgiStartsAs: null,
  uwsgiUser: null,
  pathMappings: [],
  nginxPrefix: STANDARD_PREFIX,
  ignores: [],
  pairs: [],
  env: null,
  uwsgiLaunchDir: null,
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
};

/** --print-config [path]: what the path (a file, or a directory's files) gets; without one, the working directory. */
export function printConfigFor(path: string | undefined, cli: CommandLineConfig): PrintedConfig {
  const target = path === undefined ? undefined : resolve(cli.cwd, path);
  let loaded: LoadedConfig;
  if (cli.config !== undefined) loaded = loadConfigFile(resolve(cli.cwd, cli.config));
  else if (target === undefined) loaded = findConfig(cli.cwd);
  else if (isDirectory(target)) {
    const own = findConfig(target);
    loaded = own.path ? own : findConfig(cli.cwd);
  } else loaded = configForFile(target, cli.cwd);
  const config = { ...loaded.config, rules: withSeverities(loaded.config.rules ?? {}, cli.rules) };
  return printedConfig(config, loaded.path, target);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The configuration as a run uses it: every setting, every rule with its severity and options. */
export function printedConfig(config: UserConfig, configFile: string | undefined, file?: string): PrintedConfig {
  const settings: Record<string, unknown> = {};
  const defaults: string[] = [];
  for (const key of Object.keys(DEFAULTS) as (keyof UserConfig)[]) {
    if (key === 'rules') continue;
    if (config[key] === undefined) defaults.push(key);
    settings[key] = config[key] ?? DEFAULTS[key];
  }
  if (config.rules === undefined || Object.keys(config.rules).length === 0) defaults.unshift('rules');
  return { ...(file !== undefined ? { file } : {}), configFile: configFile ?? null, settings: { rules: effectiveRules(config.rules ?? {}), ...settings }, defaults };
}

/** Every rule with its severity, and its options when it takes some. */
function effectiveRules(given: Record<string, RuleEntry>): Record<string, RuleEntry> {
  const rules: Record<string, RuleEntry> = {};
  for (const { meta } of registry) {
    const entry = given[meta.id];
    const options = optionsOf(meta.options, Array.isArray(entry) ? entry[1] : undefined);
    const severity = entry === undefined ? meta.defaultSeverity : severityOf(entry);
    rules[meta.id] = Object.keys(options).length ? [severity, { ...options }] : severity;
  }
  for (const [id, setting] of Object.entries(given)) rules[id] ??= setting;
  return rules;
}
