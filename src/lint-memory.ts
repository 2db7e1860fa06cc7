// lintText()'s run: texts held in memory stand for the files, and included files and context files
// come from the other texts of the call, never from disk. No Node builtin is imported here or
// below: the playground (playground/) runs this in a browser with posixHost(), the library's
// lintText() (src/lint.ts) with Node's paths and the configuration files read from disk.
import type { RuleScopeConfig, UserConfig } from './config.js';
import { isInside } from './file-problem.js';
import { LintOptionsError, checkLintTextArgs, type CheckedRunOptions } from './options.js';
import type { Project } from './project.js';
import type { FileKind, LintResult } from './result.js';
import type { Timing } from './timing.js';
import { posix, toPosix, type PathHost } from './posix-path.js';
import { buildProject, run, type Input, type RunFileSystem } from './lint-run.js';

/** The user configuration (see src/config.ts and docs/configuration.md). */
export type LintConfig = UserConfig;

export interface LintTextInput {
  path: string;
  text: string;
  kind?: FileKind;
  /** For a uWSGI ini: the section to read instead of `[uwsgi]` (`app.ini:prod`). */
  section?: string;
}

export interface LintTextOptions {
  cwd?: string;
  /** Settings; with `configFile`, laid over the file's. */
  config?: LintConfig;
  /**
   * Directories whose files get other rules than `config.rules` (absolute, or relative to cwd):
   * the deepest one holding a file wins. The CLI makes them from each file's closest
   * configuration file (docs/configuration.md).
   */
  ruleScopes?: RuleScopeConfig[];
  /** As lint()'s: true gives each input the configuration file closest to its path, a path reads that file. */
  configFile?: boolean | string;
  /** Filled with where the run's time went (the CLI's TIMING=1). */
  timing?: Timing;
}

/**
 * The configuration files a run's options ask for (`configFile`), found for the given paths: the
 * library reads them from disk (src/lint.ts); a browser has none.
 */
export type ConfigFileReader = (options: CheckedRunOptions, cwd: string, files: readonly string[]) => { config: LintConfig | undefined; ruleScopes: RuleScopeConfig[] | undefined };

/**
 * lintText() with the given path rules; `readConfigFiles` answers `configFile` (without it, a call
 * that sets `configFile` is refused: there is no disk to read them from).
 */
export async function lintTextOn(host: PathHost, givenInputs: LintTextInput | LintTextInput[], givenOptions?: LintTextOptions, readConfigFiles?: ConfigFileReader): Promise<LintResult> {
  const { inputs, options: checked } = checkLintTextArgs(givenInputs, givenOptions, host);
  const cwd = host.resolve(checked.cwd ?? host.cwd());
  const configured = (() => {
    if (checked.configFile === undefined) return { config: checked.config, ruleScopes: checked.ruleScopes };
    if (!readConfigFiles) throw new LintOptionsError('configFile', 'lintText(): "configFile" needs configuration files on disk, which this build cannot read; pass "config" instead');
    return readConfigFiles(checked, cwd, inputs.map((i) => i.path));
  })();
  const options = { ...checked, ...configured };
  const byPath = new Map<string, string>();
  const items: Input[] = inputs.map((i) => {
    const absPath = toPosix(host.resolve(cwd, i.path), host);
    byPath.set(absPath, i.text);
    return { absPath, read: () => i.text, kind: i.kind, ...(i.section ? { section: i.section } : {}) };
  });
  return run(items, cwd, options.config ?? {}, memoryFileSystem(byPath, memoryRoots(byPath, cwd, options.config, host), host), options.timing, options.ruleScopes);
}

/** The project lintTextOn() would check, for tests and tools that look at the resolved model. */
export function projectOfTexts(host: PathHost, inputs: LintTextInput[], options: LintTextOptions = {}): Project {
  const cwd = host.resolve(options.cwd ?? host.cwd());
  const byPath = new Map<string, string>();
  const items: Input[] = inputs.map((i) => {
    const absPath = toPosix(host.resolve(cwd, i.path), host);
    byPath.set(absPath, i.text);
    return { absPath, read: () => i.text, kind: i.kind };
  });
  return buildProject(items, cwd, options.config ?? {}, memoryFileSystem(byPath, memoryRoots(byPath, cwd, options.config, host), host)).project;
}

/** In memory, the tree is the working directory, the texts' directories and the pathMappings targets. */
function memoryRoots(byPath: Map<string, string>, cwd: string, config: LintConfig | undefined, host: PathHost): string[] {
  const targets = (config?.pathMappings ?? []).map((m) => toPosix(host.resolve(cwd, m.to), host));
  return [toPosix(cwd, host), ...[...byPath.keys()].map((p) => posix.dirname(p)), ...targets];
}

/**
 * Included files and context files come from the other texts of the call, never from disk; a
 * path outside the tree is refused as on disk, so the findings are the same.
 */
function memoryFileSystem(byPath: Map<string, string>, roots: string[], host: PathHost): RunFileSystem {
  return {
    path: host,
    readFile: (p) => byPath.get(p) ?? (roots.some((r) => isInside(posix.normalize(p), r)) ? undefined : { problem: 'outside', path: p, detail: 'outside the linted tree' }),
    glob: (pattern) => {
      const re = globToRegExp(pattern);
      return [...byPath.keys()].filter((p) => re.test(p));
    },
    listDir: (dir) => [...byPath.keys()].filter((p) => posix.dirname(p) === dir),
  };
}

/** glob(3)-style pattern (`*`, `?`, `[...]`) as a regular expression over whole paths. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else {
        re += '[' + pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
