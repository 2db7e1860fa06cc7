// Configuration files: `.nginx-uwsgi-lint.json`, the `nginx-uwsgi-lint` key of package.json, and
// `[tool.nginx-uwsgi-lint]` of pyproject.toml. Reads one, validated, with its paths rebased onto
// its directory; finds the one a directory gets (its own, else the nearest above it, as ruff does).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type * as SmolToml from 'smol-toml';
import { ConfigError, validateConfig, type UserConfig } from './config.js';

export interface LoadedConfig {
  config: UserConfig;
  /** The file it came from, if any. */
  path?: string;
}

/** The file names looked for in each directory, in this order (a dedicated file first, as ruff's `ruff.toml` before `pyproject.toml`). */
export const CONFIG_FILE_NAMES = ['.nginx-uwsgi-lint.json', 'package.json', 'pyproject.toml'] as const;

const KEY = 'nginx-uwsgi-lint';

let tomlLibrary: typeof SmolToml | undefined;
/** Loaded on the first pyproject.toml only: most runs read none. */
const toml = (): typeof SmolToml => (tomlLibrary ??= createRequire(import.meta.url)('smol-toml') as typeof SmolToml);

/** Reads a config file given on the command line (a package.json or pyproject.toml is read for its section). */
export function loadConfigFile(path: string): LoadedConfig {
  const text = readText(path);
  const dir = dirname(resolve(path));
  if (basename(path) === 'pyproject.toml') {
    const section = pyprojectSection(path, text);
    // Named on purpose, it would otherwise leave every setting at its default without a word.
    if (section === undefined) throw new ConfigError(`${path} has no [tool.${KEY}] table; add one, or name the file that holds the configuration`);
    return { config: rebase(validateConfig(section, `${path}: [tool.${KEY}]`), dir), path };
  }
  const value = parseJson(path, text);
  const isPackage = basename(path) === 'package.json';
  if (isPackage && !(typeof value === 'object' && value !== null && KEY in value)) {
    throw new ConfigError(`${path} has no "${KEY}" key; add one, or name the file that holds the configuration`);
  }
  const config = isPackage ? (value as Record<string, unknown>)[KEY] : value;
  return { config: rebase(validateConfig(config, isPackage ? `${path}: "${KEY}"` : path), dir), path };
}

/**
 * The configuration file of one directory, if it has one: `.nginx-uwsgi-lint.json`, a package.json
 * with a `nginx-uwsgi-lint` key, or a pyproject.toml with `[tool.nginx-uwsgi-lint]` (a package.json
 * or pyproject.toml without it is not ours, as ruff skips a pyproject.toml without `[tool.ruff]`).
 * Two of them in one directory is an error: which one wins would be a guess.
 */
export function configIn(dir: string): LoadedConfig | undefined {
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    if (name === '.nginx-uwsgi-lint.json' || holdsSection(path)) found.push(path);
  }
  if (found.length > 1) {
    throw new ConfigError(`${found.join(' and ')} both configure ${KEY}; keep one of them (they are never merged)`);
  }
  return found.length === 1 ? loadConfigFile(found[0]) : undefined;
}

/** The configuration for `start` (a directory): its own, or the nearest directory's above it. */
export function findConfig(start: string, cache?: Map<string, LoadedConfig | undefined>): LoadedConfig {
  const visited: string[] = [];
  let dir = resolve(start);
  let found: LoadedConfig | undefined;
  for (;;) {
    if (cache?.has(dir)) {
      found = cache.get(dir);
      break;
    }
    visited.push(dir);
    found = configIn(dir);
    if (found) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of visited) cache?.set(d, found);
  return found ?? { config: {} };
}

/** Whether a package.json or pyproject.toml holds our section. */
function holdsSection(path: string): boolean {
  const text = readText(path);
  if (basename(path) === 'pyproject.toml') {
    // A pyproject.toml that never names us is someone else's: its TOML is not our business.
    if (!text.includes(KEY)) return false;
    return pyprojectSection(path, text) !== undefined;
  }
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && KEY in value;
  } catch {
    // A broken package.json that is not ours is not our business.
    return false;
  }
}

/** `[tool.nginx-uwsgi-lint]` of a pyproject.toml, or undefined when there is none. */
function pyprojectSection(path: string, text: string): unknown {
  let doc: Record<string, unknown>;
  try {
    doc = toml().parse(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as Error & { line?: number; column?: number };
    const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
    throw new ConfigError(`${path}${at}: invalid TOML (${firstLine(e.message)})`);
  }
  const tool = doc.tool;
  if (typeof tool !== 'object' || tool === null || !(KEY in tool)) return undefined;
  return plain((tool as Record<string, unknown>)[KEY]);
}

/** TOML values as JSON would give them: dates become their text (a date is never a valid setting, and the message shows it). */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: invalid JSON (${(err as Error).message})`);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/** Paths in a config file are relative to the file's directory. */
function rebase(config: UserConfig, dir: string): UserConfig {
  const out = { ...config };
  if (config.pathMappings) out.pathMappings = config.pathMappings.map((m) => ({ from: m.from, to: resolve(dir, m.to) }));
  if (config.pairs) out.pairs = config.pairs.map((p) => ({ nginx: resolve(dir, p.nginx), uwsgi: resolve(dir, p.uwsgi) }));
  if (config.uwsgiLaunchDir) out.uwsgiLaunchDir = resolve(dir, config.uwsgiLaunchDir);
  if (config.ignores) out.ignores = config.ignores.map((glob) => rebaseGlob(glob, dir));
  return out;
}

/** A glob relative to `dir` as an absolute one (fast-glob matches absolute patterns as given). */
function rebaseGlob(glob: string, dir: string): string {
  if (glob.startsWith('/')) return glob;
  const negated = glob.startsWith('!');
  const body = negated ? glob.slice(1) : glob;
  const base = dir.split(/[\\/]/).join('/').replace(/[()[\]{}*?!+@]/g, '\\$&');
  return `${negated ? '!' : ''}${base}/${body.replace(/^\.\//, '')}`;
}
