// lint(): one lint run over files read from disk (directories and globs expanded by
// src/lint-paths.ts), and the library's lintText() (texts in memory: src/lint-memory.ts) with
// Node's paths and the configuration files read from disk. The run itself is src/lint-run.ts.
// Neither throws on any file content (a file that cannot be read or parsed becomes a
// diagnostic); a call that cannot be run as given is refused with a LintOptionsError
// (src/options.ts).
import { isUtf8 } from 'node:buffer';
import { readdirSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { fastGlob } from './glob.js';
import { span } from './diagnostic.js';
import { isFileSync, splitIniSection, type SkippedPath } from './discover.js';
import { createFileAccess, isFileProblem, lintedRoots, type FileAccess, type FileProblem } from './file-access.js';
import type { LintResult } from './result.js';
import type { RuleScopeConfig } from './config.js';
import type { Project } from './project.js';
import type { ReadProblem } from './parsed-findings.js';
import { createSourceFile } from './source.js';
import { contextKindOf } from './context/index.js';
import type { Timing } from './timing.js';
import { checkLintOptions, type CheckedRunOptions } from './options.js';
import { expandLintPaths } from './lint-paths.js';
import { overlayConfig } from './load-config.js';
import { resolveRunConfig } from './config-run.js';
import { findPairPartners } from './pair-context.js';
import { run, type Input, type RunFileSystem } from './lint-run.js';
import { toPosix as toPosixOn, type PathHost } from './posix-path.js';
import { noteFileRead } from './young-generation.js';
import { globToRegExp, lintTextOn, projectOfTexts, type LintConfig, type LintTextInput, type LintTextOptions } from './lint-memory.js';

export type { LintConfig, LintTextInput, LintTextOptions } from './lint-memory.js';

/** Node's path rules and working directory. */
const nodeHost: PathHost = { cwd: () => process.cwd(), resolve, relative, isAbsolute, sep };

export interface LintOptions {
  /**
   * What to lint (absolute, or relative to cwd): one path or a list, each once. As on the
   * command line, a file is linted whatever it holds; a directory is walked and a glob
   * (`deploy/**\/*.conf`) expanded, keeping the files whose content is nginx or uWSGI.
   */
  files: string | string[];
  cwd?: string;
  /**
   * Directories the run may read below (absolute, or relative to cwd): includes and links that
   * lead elsewhere are reported, not read. Default: each file's directory (and its git work
   * tree) and each directory given (lintedRoots in src/file-access.ts). The CLI passes
   * the paths it was given (see docs/security.md).
   */
  roots?: string[];
  /** Paths a walk passed over, each reported as an info (the CLI's directory walks). */
  skipped?: SkippedPath[];
  /**
   * Paths of `files` to read as the names they are, never as `file:section`: what a walk found
   * (discoverFiles()'s `literal`), such as a file named `searx.ini:socket` beside `searx.ini`.
   */
  literal?: string[];
  /** Settings; with `configFile`, laid over the file's (rules merge per id, other settings replace). */
  config?: LintConfig;
  /**
   * Directories whose files get other rules than `config.rules` (absolute, or relative to cwd):
   * the deepest one holding a file wins. The CLI makes them from each file's closest
   * configuration file (docs/configuration.md).
   */
  ruleScopes?: RuleScopeConfig[];
  /**
   * Read the configuration files as the CLI does: `true` gives each file its closest
   * `.nginx-uwsgi-lint.json`, package.json `nginx-uwsgi-lint` key or pyproject.toml
   * `[tool.nginx-uwsgi-lint]` (docs/configuration.md), a path reads that file for every file (the
   * CLI's `--config`). Default: no file is read, only `config` applies.
   */
  configFile?: boolean | string;
  /** Filled with where the run's time went (the CLI's TIMING=1). */
  timing?: Timing;
  /**
   * Judge the pair even when only one side is given (a pre-commit hook names the changed files):
   * the other side is read too (the `pairs` setting's partner, else the nginx and uWSGI configs
   * of the file's git work tree), and only findings in the given files are reported, plus those
   * in a partner whose related location is in a given file. Default false: what is given is
   * what is read. See docs/cli.md, "Pair context".
   */
  pairContext?: boolean;
}

export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

export async function lint(given: LintOptions): Promise<LintResult> {
  const checked = checkLintOptions(given, nodeHost);
  const cwd = resolve(checked.cwd ?? process.cwd());
  const paths = await expandLintPaths(checked.files, cwd, typeof given.files === 'string');
  const options = { ...checked, ...runConfig(checked, cwd, paths.files), ...paths, roots: checked.roots ?? paths.roots, skipped: [...(checked.skipped ?? []), ...paths.skipped] };
  const maxBytes = options.config?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const ignored = ignoredFiles(options.config?.ignores, cwd);
  const inputs: Input[] = [];
  const named: string[] = [];
  const literal = new Set([...(checked.literal ?? []), ...(paths.literal ?? [])].map((p) => resolve(cwd, p)));
  for (const f of options.files) {
    // `app.ini:prod`: the section of the ini to lint, as `uwsgi --ini app.ini:prod` reads it; a
    // file a walk found under that name is that file.
    const withSection = literal.has(resolve(cwd, f)) ? null : splitIniSection(resolve(cwd, f), isFileSync);
    const absPath = toPosix(withSection ? withSection.file : resolve(cwd, f));
    named.push(absPath);
    if (ignored.has(absPath)) continue;
    inputs.push({ absPath, read: () => readLocal(absPath, access), ...(withSection ? { kind: 'uwsgi' as const, ...(withSection.section !== undefined ? { section: withSection.section } : {}) } : {}) });
  }
  const mappingTargets = (options.config?.pathMappings ?? []).map((m) => resolve(cwd, m.to));
  const partners = options.pairContext ? await timedAsync(options.timing, 'pair context', () => findPairPartners(inputs.map((i) => i.absPath), pairsOf(options.config, cwd))) : null;
  for (const absPath of partners?.files ?? []) {
    if (ignored.has(absPath)) continue;
    inputs.push({ absPath, read: () => readLocal(absPath, access), partner: true });
  }
  // The partners' work trees and the files `pairs` names are read as the given files are: through the boundary below.
  const partnerRoots = partners ? [...partners.trees, ...partners.declared] : [];
  const roots = [...(options.roots ? options.roots.map((r) => resolve(cwd, r)) : lintedRoots(named, () => false)), ...mappingTargets, ...partnerRoots];
  const access = createFileAccess({ roots, maxFileBytes: maxBytes });
  // Context files (Dockerfile, compose, units) are also looked for between a linted ini and the working directory.
  const contextAccess = createFileAccess({ roots: [...roots, cwd], maxFileBytes: maxBytes });
  for (const s of options.skipped ?? []) inputs.push({ absPath: toPosix(s.path), read: () => unreadable(toPosix(s.path), s.problem, true) });
  return run(inputs, cwd, options.config ?? {}, diskFileSystem(access, contextAccess, cwd), options.timing, options.ruleScopes);
}

export async function lintText(givenInputs: LintTextInput | LintTextInput[], givenOptions?: LintTextOptions): Promise<LintResult> {
  return lintTextOn(nodeHost, givenInputs, givenOptions, runConfig);
}

/**
 * The call's `config` and `ruleScopes`, over the configuration files' when `configFile` asks for
 * them: found for `files` as the CLI finds them (each file's closest one; a path: that one).
 */
function runConfig(options: CheckedRunOptions, cwd: string, files: readonly string[]): { config: LintConfig | undefined; ruleScopes: RuleScopeConfig[] | undefined } {
  if (options.configFile === undefined) return { config: options.config, ruleScopes: options.ruleScopes };
  const resolved = resolveRunConfig(files, cwd, options.configFile === true ? undefined : options.configFile);
  const scopes = resolved.scopes.map((s) => ({ dir: s.dir, rules: s.rules }));
  return { config: overlayConfig(resolved.config, options.config), ruleScopes: [...scopes, ...(options.ruleScopes ?? [])] };
}

/** What lintBuffers() read besides its inputs: a change to one of these files may change its findings. */
export interface BufferLint {
  result: LintResult;
  /**
   * The files the run asked for besides its inputs (includes, context files), found or not, as
   * absolute POSIX paths; of the files beside an ini, only those that are context files.
   */
  read: string[];
}

/**
 * The language server's run (src/lsp/): the editor's buffers as lintText() lints texts, with the
 * files they lead to (includes, context files) read from `open` (the editor's other buffers, read
 * but not linted themselves) when it holds them, else from disk as lint() reads them; both within
 * the same boundary (each file's directory and git work tree, the pathMappings targets). The
 * files `ignores` names are left out, as lint() leaves them. Not public API: `config` and
 * `ruleScopes` are the resolved ones (resolveRunConfig).
 */
export function lintBuffers(inputs: LintTextInput[], cwdNative: string, config: LintConfig, ruleScopes?: RuleScopeConfig[], open: readonly { path: string; text: string }[] = []): BufferLint {
  const cwd = resolve(cwdNative);
  const ignored = ignoredFiles(config.ignores, cwd);
  const byPath = new Map<string, string>();
  const items: Input[] = inputs.filter((i) => !ignored.has(toPosix(resolve(cwd, i.path)))).map((i) => {
    const absPath = toPosix(resolve(cwd, i.path));
    byPath.set(absPath, i.text);
    return { absPath, read: () => i.text, kind: i.kind, ...(i.section ? { section: i.section } : {}) };
  });
  const openByPath = new Map(open.map((o) => [toPosix(resolve(cwd, o.path)), o.text]));
  const maxFileBytes = config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const roots = [...lintedRoots([...byPath.keys()], () => false), ...(config.pathMappings ?? []).map((m) => resolve(cwd, m.to))];
  const access = createFileAccess({ roots, maxFileBytes });
  const contextAccess = createFileAccess({ roots: [...roots, cwd], maxFileBytes });
  const disk = diskFileSystem(access, contextAccess, cwd);
  /** The files read besides the inputs (the caller knows those). */
  const read = new Set<string>();
  // An open buffer stands in for its file where the boundary lets the run read it (saved or not yet).
  const fromBuffer = (a: FileAccess, p: string, text: string) => {
    const located = a.locate(p);
    return isFileProblem(located) && located.problem !== 'not-found' ? located : text;
  };
  const readFile = (p: string) => {
    const given = byPath.get(p);
    if (given !== undefined) return given;
    read.add(p);
    const text = openByPath.get(p);
    return text === undefined ? disk.readFile(p) : fromBuffer(access, p, text);
  };
  // The neighbour search reads every .conf beside an ini (an Upstart job?): only the ones that
  // are context files (or missing) count as read, or every site beside an ini would depend on every other.
  const readContext = (p: string) => {
    const given = byPath.get(p);
    if (given !== undefined) return given;
    const open = openByPath.get(p);
    const content = open === undefined ? disk.readContext!(p) : fromBuffer(contextAccess, p, open);
    const text = content instanceof Uint8Array ? new TextDecoder().decode(content) : content;
    if (typeof text !== 'string' || contextKindOf(p, text) !== null) read.add(p);
    return content;
  };
  const inMemory = (re: RegExp) => [...byPath.keys(), ...openByPath.keys()].filter((p) => re.test(p));
  const overlay: RunFileSystem = {
    ...disk,
    readFile,
    readContext,
    glob: (pattern) => {
      const found = disk.glob(pattern);
      return isFileProblem(found) ? found : [...new Set([...found, ...inMemory(globToRegExp(pattern))])].sort();
    },
    listDir: (dir) => [...new Set([...disk.listDir(dir), ...[...byPath.keys(), ...openByPath.keys()].filter((p) => posix.dirname(p) === dir)])],
  };
  const result = run(items, cwd, config, overlay, undefined, ruleScopes);
  return { result, read: [...read].sort() };
}

/** The project lintText() would check, for tests and tools that look at the resolved model. */
export function projectFromTexts(inputs: LintTextInput[], options: LintTextOptions = {}): Project {
  return projectOfTexts(nodeHost, inputs, options);
}

/** The `pairs` setting with absolute paths (a config file's are already; the API's are relative to cwd). */
function pairsOf(config: LintConfig | undefined, cwd: string): { nginx: string; uwsgi: string }[] {
  return (config?.pairs ?? []).map((p) => ({ nginx: toPosix(resolve(cwd, p.nginx)), uwsgi: toPosix(resolve(cwd, p.uwsgi)) }));
}

async function timedAsync<T>(timing: Timing | undefined, phase: string, work: () => Promise<T>): Promise<T> {
  // performance loads Node's perf_hooks modules: only when timing is asked for.
  const start = timing ? performance.now() : 0;
  try {
    return await work();
  } finally {
    timing?.phases.set(phase, performance.now() - start);
  }
}

function ignoredFiles(patterns: string[] | undefined, cwd: string): Set<string> {
  if (!patterns || patterns.length === 0) return new Set();
  try {
    return new Set(fastGlob().sync(patterns, { cwd, absolute: true, dot: true, onlyFiles: true, suppressErrors: true }).map(toPosix));
  } catch {
    return new Set();
  }
}

/** A file named to lint, read through the boundary; what stands in the way becomes a problem. */
function readLocal(absPath: string, access: FileAccess): Uint8Array | ReadProblem {
  noteFileRead();
  const content = access.read(absPath);
  if (!isFileProblem(content)) return content;
  return unreadable(absPath, content, false);
}

function unreadable(absPath: string, problem: FileProblem, skipped: boolean): ReadProblem {
  return { kind: 'file-unreadable', span: span(createSourceFile(absPath, ''), 0, 0), problem, skipped };
}

function diskFileSystem(access: FileAccess, contextAccess: FileAccess, cwd: string): RunFileSystem {
  const read = (a: FileAccess, path: string) => {
    noteFileRead();
    const content = a.read(path);
    return isFileProblem(content) && content.problem === 'not-found' ? undefined : content;
  };
  return {
    path: nodeHost,
    isUtf8,
    root: toPosix(cwd),
    readContext: (path) => read(contextAccess, path),
    listDir(dir) {
      try {
        return readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isFile() || e.isSymbolicLink())
          .map((e) => posix.join(dir, e.name));
      } catch {
        return [];
      }
    },
    readFile: (path) => read(access, path),
    glob(pattern) {
      // A pattern whose fixed part leads out of the tree is not expanded at all.
      const base = pattern.slice(0, pattern.search(/[*?[]/)).replace(/\/[^/]*$/, '') || '/';
      const located = access.locate(base);
      if (isFileProblem(located) && located.problem !== 'not-found') return located;
      try {
        return fastGlob().sync(pattern, { onlyFiles: true, dot: true, absolute: true, followSymbolicLinks: true, suppressErrors: true });
      } catch {
        return [];
      }
    },
  };
}

function toPosix(p: string): string {
  return toPosixOn(p, nodeHost);
}
