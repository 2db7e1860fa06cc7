// One lint run over files already at hand: classify -> parse -> resolve (includes, placeholders,
// launches) -> rules -> result. Where the files come from is the caller's RunFileSystem: the disk
// (lint() in src/lint.ts) or texts in memory (src/lint-memory.ts). No Node builtin is imported
// here or below (test/playground-core.test.ts bundles it for a browser), so native path rules
// come in through `fs.path` (Node's node:path for the library, POSIX in a browser).
import { classifyFile, kindFromName, lookalike, type Lookalike } from './classify.js';
import { diagnostic, span, type Diagnostic } from './diagnostic.js';
import type { NginxDirective, NginxFile } from './nginx/ast.js';
import { parseNginx } from './nginx/parse.js';
import { isFileProblem, type FileProblem } from './file-problem.js';
import { Query } from './query/index.js';
import { resolveNginxIncludes, type NginxFileSystem } from './nginx/resolve.js';
import type { FileKind, LintResult } from './result.js';
import { toResult } from './lint-result.js';
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
import { posix, toPosix, type PathHost } from './posix-path.js';

/** A file of the run: where it is and how to read it. */
export interface Input {
  absPath: string;
  read: () => string | Uint8Array | ReadProblem;
  kind?: FileKind;
  /** The ini section asked for (`app.ini:prod`). */
  section?: string;
  /** Read for the pair only (pair context): its own findings are not reported. */
  partner?: boolean;
}

/** Reads files for a run; `listDir` finds context files beside linted ones. */
export interface RunFileSystem extends NginxFileSystem {
  /** Native path rules: how cwd and configured paths resolve, and how results show paths. */
  path: PathHost;
  /** Whether bytes read are UTF-8 (a file read from disk comes as bytes). */
  isUtf8?(bytes: Uint8Array): boolean;
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

export function run(inputs: Input[], cwdNative: string, config: UserConfig, fs: RunFileSystem, timing?: Timing, ruleScopes?: RuleScopeConfig[]): LintResult {
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
  return timed(timing, 'phases', 'results', () => toResult(diagnostics, kinds, texts, cwd, fs.path));
}

export function buildProject(inputs: Input[], cwdNative: string, config: UserConfig, fs: RunFileSystem, ruleScopes?: RuleScopeConfig[]): BuiltProject {
  const cwd = toPosix(cwdNative, fs.path);
  const pathMappings = (config.pathMappings ?? []).map((m) => ({ from: m.from, to: toPosix(fs.path.resolve(cwdNative, m.to), fs.path) }));
  const parsedNginx = new Map<string, NginxFile>();
  const resolvedIncludes = new Map<string, Map<NginxDirective, NginxFile[]>>();
  const kinds = new Map<string, FileKind>();
  const texts = new Map<string, string>();
  const project: Project = { cwd, nginx: [], uwsgi: [], settings: settingsFrom(config, cwdNative, ruleScopes, fs.path), readFailures: [], launches: [], contextFiles: [] };
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
      const notice = utf8Notice(source, content, fs);
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
    ...(project.settings.uwsgiLaunchDir ? { launchDir: toPosix(project.settings.uwsgiLaunchDir, fs.path) } : {}),
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

/**
 * Context files near the linted inis: the files of each ini's directory and of every directory
 * above it up to `fs.root` (the run's working directory when the ini lies below it), whose name
 * says Dockerfile, compose, unit or supervisord. Not recursive: a sibling project's files stay out.
 */
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

function notAConfig(source: SourceFile, looks: Lookalike): ReadProblem {
  return { kind: 'not-a-config', span: span(source, looks.start, looks.end), what: looks.what };
}

/** The first byte that is not UTF-8: the file is linted with U+FFFD in its place. */
function utf8Notice(source: SourceFile, bytes: Uint8Array, fs: RunFileSystem): ReadProblem | null {
  if (!fs.isUtf8 || fs.isUtf8(bytes)) return null;
  const at = Math.max(0, source.text.indexOf('\uFFFD'));
  return { kind: 'not-utf8', span: span(source, at, Math.min(at + 1, source.text.length)) };
}
