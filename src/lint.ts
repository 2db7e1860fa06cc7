// One lint run: read -> classify -> parse -> resolve (includes, placeholders) -> collect -> result.
// lint() reads files from disk (directories and globs expanded by src/lint-paths.ts); lintText()
// lints texts held in memory. Neither throws on any file content (a file that cannot be read or
// parsed becomes a diagnostic); a call that cannot be run as given is refused with a
// LintOptionsError (src/options.ts).
// Over 400 lines: the read stage keeps its file systems (disk, memory) beside the one function
// that uses them; the parts other modules need live apart (file-access, discover, classify).
import { isUtf8 } from 'node:buffer';
import { readdirSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { fastGlob } from './glob.js';
import { classifyFile, kindFromName, lookalike, type Lookalike } from './classify.js';
import { diagnostic, span, spanRange, type Diagnostic } from './diagnostic.js';
import type { NginxDirective, NginxFile } from './nginx/ast.js';
import { parseNginx } from './nginx/parse.js';
import { isFileSync, splitIniSection, type SkippedPath } from './discover.js';
import { createFileAccess, isFileProblem, isInside, lintedRoots, type FileAccess, type FileProblem } from './file-access.js';
import { Query } from './query/index.js';
import { resolveNginxIncludes, type NginxFileSystem } from './nginx/resolve.js';
import type { FileKind, FileResult, LintMessage, LintResult } from './result.js';
import { rules } from '../rules/index.js';
import { settingsFrom, type RuleScopeConfig, type UserConfig } from './config.js';
import { runRules, type RuleView } from './engine.js';
import type { Project } from './project.js';
import { AFTER_SUPPRESSIONS_TAG, type Rule } from './rule.js';
import type { ReadProblem } from './parsed-findings.js';
import { parseSuppressions, type Suppression } from './suppress.js';
import { createSourceFile, type SourceFile } from './source.js';
import { collectLaunches, contextKindFromName, contextKindOf, nginxImageUser, type ContextFileKind } from './context/index.js';
import { planStarts, resolveStart, type UwsgiStart } from './context/attach.js';
import { timed, type Timing } from './timing.js';
import { checkLintOptions, checkLintTextArgs, type CheckedRunOptions } from './options.js';
import { expandLintPaths } from './lint-paths.js';
import { overlayConfig } from './load-config.js';
import { resolveRunConfig } from './config-run.js';
import { findPairPartners } from './pair-context.js';

/** The user configuration (see src/config.ts and docs/configuration.md). */
export type LintConfig = UserConfig;

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

export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

interface Input {
  absPath: string;
  read: () => string | Uint8Array | ReadProblem;
  kind?: FileKind;
  /** The ini section asked for (`app.ini:prod`). */
  section?: string;
  /** Read for the pair only (pair context): its own findings are not reported. */
  partner?: boolean;
}

export async function lint(given: LintOptions): Promise<LintResult> {
  const checked = checkLintOptions(given);
  const cwd = resolve(checked.cwd ?? process.cwd());
  const paths = await expandLintPaths(checked.files, cwd, typeof given.files === 'string');
  const options = { ...checked, ...runConfig(checked, cwd, paths.files), ...paths, roots: checked.roots ?? paths.roots, skipped: [...(checked.skipped ?? []), ...paths.skipped] };
  const maxBytes = options.config?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const ignored = ignoredFiles(options.config?.ignores, cwd);
  const inputs: Input[] = [];
  const named: string[] = [];
  for (const f of options.files) {
    // `app.ini:prod`: the section of the ini to lint, as `uwsgi --ini app.ini:prod` reads it.
    const withSection = splitIniSection(resolve(cwd, f), isFileSync);
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
  const { inputs, options: checked } = checkLintTextArgs(givenInputs, givenOptions);
  const cwd = resolve(checked.cwd ?? process.cwd());
  const options = { ...checked, ...runConfig(checked, cwd, inputs.map((i) => i.path)) };
  const byPath = new Map<string, string>();
  const items: Input[] = inputs.map((i) => {
    const absPath = toPosix(resolve(cwd, i.path));
    byPath.set(absPath, i.text);
    return { absPath, read: () => i.text, kind: i.kind, ...(i.section ? { section: i.section } : {}) };
  });
  return run(items, cwd, options.config ?? {}, memoryFileSystem(byPath, memoryRoots(byPath, cwd, options.config)), options.timing, options.ruleScopes);
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

/**
 * The language server's run (src/lsp/): the editor's buffers as lintText() lints texts, with the
 * files they lead to and no buffer holds (includes, context files) read from disk as lint() reads
 * them, within the same boundary (each file's directory and git work tree, the pathMappings
 * targets). The files `ignores` names are left out, as lint() leaves them. Not public API:
 * `config` and `ruleScopes` are the resolved ones (resolveRunConfig).
 */
export function lintBuffers(inputs: LintTextInput[], cwdNative: string, config: LintConfig, ruleScopes?: RuleScopeConfig[]): LintResult {
  const cwd = resolve(cwdNative);
  const ignored = ignoredFiles(config.ignores, cwd);
  const byPath = new Map<string, string>();
  const items: Input[] = inputs.filter((i) => !ignored.has(toPosix(resolve(cwd, i.path)))).map((i) => {
    const absPath = toPosix(resolve(cwd, i.path));
    byPath.set(absPath, i.text);
    return { absPath, read: () => i.text, kind: i.kind, ...(i.section ? { section: i.section } : {}) };
  });
  const maxFileBytes = config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const roots = [...lintedRoots([...byPath.keys()], () => false), ...(config.pathMappings ?? []).map((m) => resolve(cwd, m.to))];
  const disk = diskFileSystem(createFileAccess({ roots, maxFileBytes }), createFileAccess({ roots: [...roots, cwd], maxFileBytes }), cwd);
  const inMemory = (re: RegExp) => [...byPath.keys()].filter((p) => re.test(p));
  const overlay: RunFileSystem = {
    ...disk,
    readFile: (p) => byPath.get(p) ?? disk.readFile(p),
    readContext: (p) => byPath.get(p) ?? disk.readContext!(p),
    glob: (pattern) => {
      const found = disk.glob(pattern);
      return isFileProblem(found) ? found : [...new Set([...found, ...inMemory(globToRegExp(pattern))])].sort();
    },
    listDir: (dir) => [...new Set([...disk.listDir(dir), ...[...byPath.keys()].filter((p) => posix.dirname(p) === dir)])],
  };
  return run(items, cwd, config, overlay, undefined, ruleScopes);
}

/** The project lintText() would check, for tests and tools that look at the resolved model. */
export function projectFromTexts(inputs: LintTextInput[], options: LintTextOptions = {}): Project {
  const cwd = resolve(options.cwd ?? process.cwd());
  const byPath = new Map<string, string>();
  const items: Input[] = inputs.map((i) => {
    const absPath = toPosix(resolve(cwd, i.path));
    byPath.set(absPath, i.text);
    return { absPath, read: () => i.text, kind: i.kind };
  });
  return buildProject(items, cwd, options.config ?? {}, memoryFileSystem(byPath, memoryRoots(byPath, cwd, options.config))).project;
}

/** In memory, the tree is the working directory, the texts' directories and the pathMappings targets. */
function memoryRoots(byPath: Map<string, string>, cwd: string, config: LintConfig | undefined): string[] {
  const targets = (config?.pathMappings ?? []).map((m) => toPosix(resolve(cwd, m.to)));
  return [toPosix(cwd), ...[...byPath.keys()].map((p) => posix.dirname(p)), ...targets];
}

/**
 * Included files and context files come from the other texts of the call, never from disk; a
 * path outside the tree is refused as on disk, so the findings are the same.
 */
function memoryFileSystem(byPath: Map<string, string>, roots: string[]): RunFileSystem {
  return {
    readFile: (p) => byPath.get(p) ?? (roots.some((r) => isInside(posix.normalize(p), r)) ? undefined : { problem: 'outside', path: p, detail: 'outside the linted tree' }),
    glob: (pattern) => {
      const re = globToRegExp(pattern);
      return [...byPath.keys()].filter((p) => re.test(p));
    },
    listDir: (dir) => [...byPath.keys()].filter((p) => posix.dirname(p) === dir),
  };
}

/** Reads files for a run; `listDir` finds context files beside linted ones. */
interface RunFileSystem extends NginxFileSystem {
  listDir(dir: string): string[];
  /** Highest directory a neighbour search climbs to. */
  root?: string;
  /** Reads a context file the neighbour search found (default: readFile). */
  readContext?(path: string): string | Uint8Array | FileProblem | undefined;
}

interface BuiltProject {
  project: Project;
  kinds: Map<string, FileKind>;
  texts: Map<string, string>;
  internalErrors: Diagnostic[];
  /** With partners in the run (pair context): the files whose findings are reported. */
  reported: ReadonlySet<string> | null;
  /** The partners' paths (pair context), none without. */
  partners: ReadonlySet<string>;
}

/**
 * With pair context, the rules that judge nginx or uWSGI alone see the given files only, as a run
 * of those files alone would (their findings on partners would be dropped anyway, and are most
 * of a hook's time); the pair rules and the rules that judge suppressions see the whole run.
 */
function givenOnlyScope(project: Project, partners: ReadonlySet<string>): { given: { project: Project; query: Query }; scope: RuleView } {
  const givenProject: Project = {
    ...project,
    nginx: project.nginx.filter((c) => !partners.has(c.root.source.path)),
    uwsgi: project.uwsgi.filter((c) => !partners.has(c.file.source.path)),
  };
  const given = { project: givenProject, query: new Query(givenProject) };
  const seesPair = (rule: Rule) => rule.meta.id.startsWith('pair/') || rule.meta.tags.includes(AFTER_SUPPRESSIONS_TAG);
  return { given, scope: (rule) => (seesPair(rule) ? undefined : given) };
}

function run(inputs: Input[], cwdNative: string, config: LintConfig, fs: RunFileSystem, timing?: Timing, ruleScopes?: RuleScopeConfig[]): LintResult {
  const { project, kinds, texts, internalErrors, reported, partners } = timed(timing, 'phases', 'read, parse, resolve', () => buildProject(inputs, cwdNative, config, fs, ruleScopes));
  const cwd = project.cwd;
  const suppressions: Suppression[] = [];
  // Suppression comments of every file in the run, and the files that carry findings.
  const seen = new Set<object>();
  for (const config of project.nginx) {
    for (const f of config.files) {
      if (seen.has(f)) continue;
      seen.add(f);
      suppressions.push(...parseSuppressions(f.source, f.comments));
    }
  }
  for (const config of project.uwsgi) {
    for (const f of config.files) {
      if (seen.has(f)) continue;
      seen.add(f);
      suppressions.push(...parseSuppressions(f.source, f.comments));
    }
  }
  // The run's query: the nginx models and the run's directive lists most rules read are built
  // here, in one pass, rather than by whichever rule asks first. A failure is an internal error
  // of its own (and each rule that then reads the lists fails, and is reported, too).
  const query = new Query(project);
  const scope = partners.size > 0 ? givenOnlyScope(project, partners) : undefined;
  timed(timing, 'phases', 'model', () => {
    try {
      query.nginx.prepare();
      scope?.given.query.nginx.prepare();
    } catch (err) {
      const first = project.nginx[0]?.root.source;
      if (first) internalErrors.push(diagnostic('lint/internal-error', 'error', span(first, 0, 0), `internal error while building the nginx model: ${err instanceof Error ? err.message : String(err)}; please report it`));
    }
  });
  // The engine turns a rule that throws into a lint/internal-error finding of its own.
  const found = timed(timing, 'phases', 'rules', () => runRules(project, rules, suppressions, timing, query, scope?.scope)).concat(internalErrors);
  const diagnostics = reported ? onlyReported(found, reported, kinds) : found;
  // Included files that carry findings get their own result entry.
  for (const d of diagnostics) {
    const path = d.span.source.path;
    if (!kinds.has(path)) {
      const isContext = (project.contextFiles ?? []).some((f) => f.path === path) || (project.launches ?? []).some((l) => l.source.path === path);
      kinds.set(path, isContext ? 'context' : project.uwsgi.some((c) => c.files.some((f) => f.source.path === path)) ? 'uwsgi' : 'nginx');
      texts.set(path, d.span.source.text);
    }
  }
  return timed(timing, 'phases', 'results', () => toResult(diagnostics, kinds, texts, cwd));
}

function buildProject(inputs: Input[], cwdNative: string, config: LintConfig, fs: RunFileSystem, ruleScopes?: RuleScopeConfig[]): BuiltProject {
  const cwd = toPosix(cwdNative);
  const pathMappings = (config.pathMappings ?? []).map((m) => ({ from: m.from, to: toPosix(resolve(cwdNative, m.to)) }));
  const parsedNginx = new Map<string, NginxFile>();
  const resolvedIncludes = new Map<string, Map<NginxDirective, NginxFile[]>>();
  const kinds = new Map<string, FileKind>();
  const texts = new Map<string, string>();
  const project: Project = { cwd, nginx: [], uwsgi: [], settings: settingsFrom(config, cwdNative, ruleScopes), readFailures: [], launches: [], contextFiles: [] };
  const internalErrors: Diagnostic[] = [];
  const uwsgiSources: SourceFile[] = [];
  // Per ini: the sections the inputs ask for (`app.ini:prod`), undefined for the default one.
  const sectionsAsked = new Map<string, (string | undefined)[]>();
  const contextFiles: { kind: ContextFileKind; source: SourceFile }[] = [];

  for (const input of inputs) {
    const content = input.read();
    if (!(content instanceof Uint8Array) && typeof content !== 'string') {
      project.readFailures.push(content);
      kinds.set(input.absPath, input.kind ?? kindFromName(input.absPath) ?? 'nginx');
      continue;
    }
    const source = createSourceFile(input.absPath, content);
    if (content instanceof Uint8Array) {
      const notice = utf8Notice(source, content);
      if (notice) project.readFailures.push(notice);
    }
    texts.set(input.absPath, source.text);
    const contextKind = input.kind === undefined || input.kind === 'context' ? contextKindOf(input.absPath, source.text) : null;
    const classified = contextKind || input.kind ? null : classifyFile(input.absPath, source.text);
    // Named outright but plainly another format (a FreeRADIUS site, a Perl script): say so instead of linting it.
    const looks = contextKind || input.kind || classified ? null : lookalike(input.absPath, source.text);
    if (looks) {
      kinds.set(input.absPath, 'other');
      project.readFailures.push(notAConfig(source, looks));
      continue;
    }
    const kind: FileKind = contextKind ? 'context' : input.kind ?? classified ?? kindFromName(input.absPath) ?? 'nginx';
    kinds.set(input.absPath, kind);
    if (contextKind) {
      contextFiles.push({ kind: contextKind, source });
      continue;
    }
    if (kind === 'context' || kind === 'other') continue;
    try {
      if (kind === 'nginx') {
        let file = parsedNginx.get(input.absPath);
        if (!file) {
          file = parseNginx(source);
          parsedNginx.set(input.absPath, file);
        }
        const resolution = resolveNginxIncludes(file, { fs, root: cwd, pathMappings, prefix: config.nginxPrefix, parsed: parsedNginx, resolved: resolvedIncludes });
        project.nginx.push({ root: file, files: [file, ...resolution.includedFiles], resolutionProblems: resolution.problems, included: resolution.included });
      } else {
        // Resolved below, once the launches that start it are known; once per section asked for.
        const asked = sectionsAsked.get(input.absPath);
        if (asked) asked.push(input.section);
        else {
          sectionsAsked.set(input.absPath, [input.section]);
          uwsgiSources.push(source);
        }
      }
    } catch (err) {
      // A bug of ours must not cost the user the rest of the run.
      const message = err instanceof Error ? err.message : String(err);
      internalErrors.push(diagnostic(`${kind}/syntax`, 'error', span(source, 0, 0), `internal error while checking this file: ${message}`));
    }
  }

  // Context: the inputs' own, plus Dockerfiles, compose files, units and supervisord configs
  // beside each linted ini or in a directory above it, up to the run's root.
  const asText = (c: string | Uint8Array | FileProblem | undefined) => (c === undefined || isFileProblem(c) ? c : typeof c === 'string' ? c : new TextDecoder().decode(c));
  const readText = (p: string) => asText(fs.readFile(p));
  // Context files are read for what they say of the launch; one that cannot be read is passed over.
  const readContext = (p: string) => {
    const c = asText(fs.readContext ? fs.readContext(p) : fs.readFile(p));
    return typeof c === 'string' ? c : undefined;
  };
  for (const path of neighbourContextFiles(uwsgiSources.map((s) => s.path), cwd, fs)) {
    if (kinds.has(path) || contextFiles.some((f) => f.source.path === path)) continue;
    const text = readContext(path);
    if (text === undefined) continue;
    const contextKind = contextKindOf(path, text);
    if (!contextKind) continue;
    contextFiles.push({ kind: contextKind, source: createSourceFile(path, text) });
  }
  const attach = {
    // Without a configured environment, `$(VAR)` is unknown rather than unset.
    env: config.env,
    ...(project.settings.uwsgiLaunchDir ? { launchDir: toPosix(project.settings.uwsgiLaunchDir) } : {}),
    pathMappings: pathMappings.map((m) => ({ from: m.from, to: m.to })),
    readFile: readText,
    root: cwd,
    displayRoot: cwd,
  };
  try {
    project.launches = collectLaunches(contextFiles, readContext);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    for (const f of contextFiles) internalErrors.push(diagnostic('lint/internal-error', 'error', span(f.source, 0, 0), `internal error while reading this file: ${message}`));
  }
  project.contextFiles = contextFiles.map((f) => f.source);
  project.nginxImageUser = nginxImageUser(contextFiles);
  for (const start of withSectionsAsked(planStarts(uwsgiSources, project.launches ?? [], attach), sectionsAsked)) {
    try {
      project.uwsgi.push(resolveStart(start, attach));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      internalErrors.push(diagnostic('uwsgi/syntax', 'error', span(start.source, 0, 0), `internal error while checking this file: ${message}`));
    }
  }
  const partnerPaths = new Set(inputs.filter((i) => i.partner).map((i) => i.absPath));
  const reported = partnerPaths.size === 0 ? null : reportedPaths(inputs, project, partnerPaths, neighbourContextFiles(uwsgiSources.map((s) => s.path).filter((p) => !partnerPaths.has(p)), cwd, fs));
  return { project, kinds, texts, internalErrors, reported, partners: partnerPaths };
}

/**
 * The files a run with partners reports on: the given ones, what their includes pulled in, and
 * the context files beside the given inis: what a run of the given files alone would report on.
 */
function reportedPaths(inputs: Input[], project: Project, partners: ReadonlySet<string>, givenNeighbours: string[]): Set<string> {
  const out = new Set<string>(givenNeighbours);
  for (const input of inputs) if (!input.partner) out.add(input.absPath);
  for (const config of project.nginx) if (!partners.has(config.root.source.path)) for (const f of config.files) out.add(f.source.path);
  for (const config of project.uwsgi) if (!partners.has(config.file.source.path)) for (const f of config.files) out.add(f.source.path);
  return out;
}

/**
 * The findings of a run with partners that are about the given files: those located in one, and
 * those in a partner whose related location is in one (site.conf passes to a socket the given
 * app.ini does not bind). A partner's own fix is not offered: the run was not asked to change it.
 * The partners that carry nothing reported are dropped from the result.
 */
function onlyReported(found: Diagnostic[], reported: ReadonlySet<string>, kinds: Map<string, FileKind>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of found) {
    if (reported.has(d.span.source.path)) out.push(d);
    else if (d.related.some((r) => reported.has(r.span.source.path))) out.push(withoutFix(d));
  }
  const carrying = new Set(out.map((d) => d.span.source.path));
  for (const path of [...kinds.keys()]) if (!reported.has(path) && !carrying.has(path)) kinds.delete(path);
  return out;
}

function withoutFix(d: Diagnostic): Diagnostic {
  if (!d.fix) return d;
  const { fix: _fix, ...rest } = d;
  return rest;
}

/** The `pairs` setting with absolute paths (a config file's are already; the API's are relative to cwd). */
function pairsOf(config: LintConfig | undefined, cwd: string): { nginx: string; uwsgi: string }[] {
  return (config?.pairs ?? []).map((p) => ({ nginx: toPosix(resolve(cwd, p.nginx)), uwsgi: toPosix(resolve(cwd, p.uwsgi)) }));
}

async function timedAsync<T>(timing: Timing | undefined, phase: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timing?.phases.set(phase, performance.now() - start);
  }
}

/**
 * Context files near the linted inis: the files of each ini's directory and of every directory
 * above it up to `fs.root` (the run's working directory when the ini lies below it), whose name
 * says Dockerfile, compose, unit or supervisord. Not recursive: a sibling project's files stay out.
 */
/**
 * Each start once per section the inputs ask of its ini (`app.ini:dev app.ini:prod` lints both),
 * unless the launch that starts it names a section of its own.
 */
function withSectionsAsked(starts: UwsgiStart[], asked: Map<string, (string | undefined)[]>): UwsgiStart[] {
  return starts.flatMap((start) => {
    const sections = asked.get(start.source.path);
    if (!sections || start.loadedBy?.section) return [start];
    const unique = [...new Set(sections)];
    return unique.map((section) => (section === undefined ? start : { ...start, section }));
  });
}

function neighbourContextFiles(iniPaths: string[], cwd: string, fs: RunFileSystem): string[] {
  const out = new Set<string>();
  const visited = new Set<string>();
  for (const ini of iniPaths) {
    const top = fs.root ?? cwd;
    const inside = ini.startsWith(top.endsWith('/') ? top : top + '/');
    let dir = posix.dirname(ini);
    for (let level = 0; level < 8; level++) {
      if (!visited.has(dir)) {
        visited.add(dir);
        // Any .conf may be an Upstart job (content decides, in contextKindOf).
        for (const p of fs.listDir(dir)) if (contextKindFromName(p) !== null || /\.conf$/i.test(p) || /\.ini$/i.test(p) && /supervisor/i.test(p)) out.add(p);
      }
      if (inside ? dir === top : level >= 2) break;
      const parent = posix.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return [...out].sort();
}

function toResult(diagnostics: Diagnostic[], kinds: Map<string, FileKind>, texts: Map<string, string>, cwd: string): LintResult {
  const byFile = new Map<string, LintMessage[]>();
  for (const path of kinds.keys()) byFile.set(path, []);
  const seen = new Set<string>();
  const sources: Record<string, string> = {};
  for (const d of diagnostics) {
    for (const rel of d.related) sources[displayPath(rel.span.source.path, cwd)] ??= rel.span.source.text;
    const path = d.span.source.path;
    const r = spanRange(d.span);
    const key = `${path}:${d.span.start}:${d.span.end}:${d.ruleId}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const message: LintMessage = {
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      ...r,
      related: d.related.map((rel) => ({ filePath: displayPath(rel.span.source.path, cwd), ...spanRange(rel.span), message: rel.message })),
    };
    if (d.fix) message.fix = { range: [d.fix.span.start, d.fix.span.end], text: d.fix.text, applicability: d.fix.applicability };
    if (!byFile.has(path)) byFile.set(path, []);
    byFile.get(path)!.push(message);
  }
  const results: FileResult[] = [];
  for (const [path, messages] of byFile) {
    // A context file is read, not linted: it is listed only when a finding points into it.
    if (kinds.get(path) === 'context' && messages.length === 0) continue;
    messages.sort((a, b) => a.line - b.line || a.column - b.column || byCodeUnits(a.ruleId, b.ruleId));
    const count = (s: string) => messages.filter((m) => m.severity === s).length;
    results.push({
      filePath: displayPath(path, cwd),
      kind: kinds.get(path) ?? 'nginx',
      messages,
      errorCount: count('error'),
      warningCount: count('warning'),
      infoCount: count('info'),
      text: texts.get(path),
    });
  }
  results.sort((a, b) => byCodeUnits(a.filePath, b.filePath));
  const sum = (k: 'errorCount' | 'warningCount' | 'infoCount') => results.reduce((n, r) => n + r[k], 0);
  return { results, errorCount: sum('errorCount'), warningCount: sum('warningCount'), infoCount: sum('infoCount'), sources };
}

function ignoredFiles(patterns: string[] | undefined, cwd: string): Set<string> {
  if (!patterns || patterns.length === 0) return new Set();
  try {
    return new Set(fastGlob().sync(patterns, { cwd, absolute: true, dot: true, onlyFiles: true, suppressErrors: true }).map(toPosix));
  } catch {
    return new Set();
  }
}

function notAConfig(source: SourceFile, looks: Lookalike): ReadProblem {
  return { kind: 'not-a-config', span: span(source, looks.start, looks.end), what: looks.what };
}

/** A file named to lint, read through the boundary; what stands in the way becomes a problem. */
function readLocal(absPath: string, access: FileAccess): Uint8Array | ReadProblem {
  const content = access.read(absPath);
  if (!isFileProblem(content)) return content;
  return unreadable(absPath, content, false);
}

function unreadable(absPath: string, problem: FileProblem, skipped: boolean): ReadProblem {
  return { kind: 'file-unreadable', span: span(createSourceFile(absPath, ''), 0, 0), problem, skipped };
}

/** The first byte that is not UTF-8: the file is linted with U+FFFD in its place. */
function utf8Notice(source: SourceFile, bytes: Uint8Array): ReadProblem | null {
  if (isUtf8(bytes)) return null;
  const at = Math.max(0, source.text.indexOf('\uFFFD'));
  return { kind: 'not-utf8', span: span(source, at, Math.min(at + 1, source.text.length)) };
}

function diskFileSystem(access: FileAccess, contextAccess: FileAccess, cwd: string): RunFileSystem {
  const read = (a: FileAccess, path: string) => {
    const content = a.read(path);
    return isFileProblem(content) && content.problem === 'not-found' ? undefined : content;
  };
  return {
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
  return sep === '/' ? p : p.split(sep).join('/');
}

function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : toPosix(rel);
}

/** glob(3)-style pattern (`*`, `?`, `[...]`) as a regular expression over whole paths. */
function globToRegExp(pattern: string): RegExp {
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

/**
 * Plain string order, the same on every machine and locale (localeCompare is not, and its first
 * call loads ICU's collator, a cost a short pre-commit run notices).
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
