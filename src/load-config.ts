// The configuration a library call runs with, found as the CLI finds it: loadConfig() for callers
// who want to see it (or change it), and lint({ configFile }) for those who want the CLI's run.
import { resolve } from 'node:path';
import type { UserConfig } from './config.js';
import { findConfig, loadConfigFile, type LoadedConfig } from './config-files.js';
import { checkLoadConfigOptions } from './options.js';

export type { LoadedConfig } from './config-files.js';

export interface LoadConfigOptions {
  /** Where the search starts, and what a relative `configFile` is relative to (default: process.cwd()). */
  cwd?: string;
  /**
   * A configuration file to read, as the CLI's `--config` reads it (a `.json` file, or a
   * package.json's `nginx-uwsgi-lint` key). Without it: `.nginx-uwsgi-lint.json` or package.json
   * with that key, from `cwd` upward, as the CLI looks.
   */
  configFile?: string;
}

/**
 * The configuration the CLI would use from `cwd`, validated, with its relative paths
 * (pathMappings, pairs, uwsgiLaunchDir) made absolute from the file's directory; `path` is the
 * file it came from (none found: `{ config: {} }`). A file that cannot be read or is not valid
 * is a ConfigError naming the file and the setting; options it cannot use, a LintOptionsError.
 */
export async function loadConfig(options?: LoadConfigOptions): Promise<LoadedConfig> {
  return loadConfigSync(checkLoadConfigOptions(options));
}

export function loadConfigSync(options: LoadConfigOptions): LoadedConfig {
  const cwd = resolve(options.cwd ?? process.cwd());
  return options.configFile === undefined ? findConfig(cwd) : loadConfigFile(resolve(cwd, options.configFile));
}

/**
 * The file's configuration with the call's laid over it, as ESLint lays `overrideConfig` over
 * its config files and the CLI lays `--rule` over the file: `rules` merge per rule id, any other
 * setting given replaces the file's.
 */
export function overlayConfig(base: UserConfig, over: UserConfig | undefined): UserConfig {
  if (!over) return base;
  const merged: UserConfig = { ...base, ...over };
  if (base.rules || over.rules) merged.rules = { ...base.rules, ...over.rules };
  return merged;
}
