// One lint run: read -> classify -> parse -> resolve (includes, placeholders) -> collect -> result.
// lint() reads files from disk; lintText() lints texts held in memory. Both never throw on any
// input: a file that cannot be read or parsed becomes a diagnostic.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { classifyFile, kindFromName } from './classify.js';
import { diagnostic, span, spanRange, type Diagnostic } from './diagnostic.js';
import type { NginxFile } from './nginx/ast.js';
import { parseNginx } from './nginx/parse.js';
import { resolveNginxIncludes, type NginxFileSystem, type PathMapping } from './nginx/resolve.js';
import type { FileKind, FileResult, LintMessage, LintResult } from './result.js';
import { rules } from '../rules/index.js';
import { settingsFrom, type UserConfig } from './config.js';
import { runRules } from './engine.js';
import type { Project } from './project.js';
import { parseSuppressions, type Suppression } from './suppress.js';
import { createSourceFile, type SourceFile } from './source.js';
import { parseUwsgiIni, resolveUwsgi } from './uwsgi/index.js';

/** The user configuration (see src/config.ts and docs/configuration.md). */
export type LintConfig = UserConfig;

export interface LintOptions {
  /** Files to lint (absolute, or relative to cwd). */
  files: string[];
  cwd?: string;
  config?: LintConfig;
}

export interface LintTextInput {
  path: string;
  text: string;
  kind?: FileKind;
}

export interface LintTextOptions {
  cwd?: string;
  config?: LintConfig;
}

const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

interface Input {
  absPath: string;
  read: () => string | Uint8Array | Diagnostic;
  kind?: FileKind;
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const maxBytes = options.config?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const ignored = ignoredFiles(options.config?.ignores, cwd);
  const inputs: Input[] = options.files.filter((f) => !ignored.has(toPosix(resolve(cwd, f)))).map((f) => {
    const absPath = toPosix(resolve(cwd, f));
    return { absPath, read: () => readLocal(absPath, maxBytes) };
  });
  return run(inputs, cwd, options.config ?? {}, diskFileSystem(maxBytes));
}

export async function lintText(inputs: LintTextInput[], options: LintTextOptions = {}): Promise<LintResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const byPath = new Map<string, string>();
  const items: Input[] = inputs.map((i) => {
    const absPath = toPosix(resolve(cwd, i.path));
    byPath.set(absPath, i.text);
    return { absPath, read: () => i.text, kind: i.kind };
  });
  // Included files come from the other texts of the call, never from disk.
  const memory: NginxFileSystem = {
    readFile: (p) => byPath.get(p),
    glob: (pattern) => {
      const re = globToRegExp(pattern);
      return [...byPath.keys()].filter((p) => re.test(p));
    },
  };
  return run(items, cwd, options.config ?? {}, memory);
}

function run(inputs: Input[], cwdNative: string, config: LintConfig, fs: NginxFileSystem): LintResult {
  const cwd = toPosix(cwdNative);
  const pathMappings = (config.pathMappings ?? []).map((m) => ({ from: m.from, to: toPosix(resolve(cwdNative, m.to)) }));
  const parsedNginx = new Map<string, NginxFile>();
  const kinds = new Map<string, FileKind>();
  const texts = new Map<string, string>();
  const project: Project = { cwd, nginx: [], uwsgi: [], settings: settingsFrom(config, cwdNative), readFailures: [] };
  const suppressions: Suppression[] = [];
  const internalErrors: Diagnostic[] = [];

  for (const input of inputs) {
    const content = input.read();
    if (!(content instanceof Uint8Array) && typeof content !== 'string') {
      project.readFailures.push(content);
      kinds.set(input.absPath, input.kind ?? kindFromName(input.absPath) ?? 'nginx');
      continue;
    }
    const source = createSourceFile(input.absPath, content);
    texts.set(input.absPath, source.text);
    const kind = input.kind ?? classifyFile(input.absPath, source.text) ?? kindFromName(input.absPath) ?? 'nginx';
    kinds.set(input.absPath, kind);
    try {
      if (kind === 'nginx') {
        let file = parsedNginx.get(input.absPath);
        if (!file) {
          file = parseNginx(source);
          parsedNginx.set(input.absPath, file);
        }
        const resolution = resolveNginxIncludes(file, { fs, root: cwd, pathMappings, prefix: config.nginxPrefix, parsed: parsedNginx });
        project.nginx.push({ root: file, files: [file, ...resolution.includedFiles], resolutionDiagnostics: resolution.diagnostics });
      } else {
        // uWSGI reads relative paths from the directory it is started in; without that fact
        // the ini's own directory is the best guess.
        const launchDir = project.settings.uwsgiLaunchDir ? toPosix(project.settings.uwsgiLaunchDir) : posix.dirname(input.absPath);
        const ini = parseUwsgiIni(source, { cwd: launchDir, env: config.env ?? {} });
        const resolved = resolveUwsgi(ini, {
          readFile: (p: string) => {
            const c = fs.readFile(p);
            return c === undefined ? undefined : typeof c === 'string' ? c : new TextDecoder().decode(c);
          },
          cwd: launchDir,
          env: config.env ?? {},
        });
        project.uwsgi.push(resolved);
      }
    } catch (err) {
      // A bug of ours must not cost the user the rest of the run.
      const message = err instanceof Error ? err.message : String(err);
      internalErrors.push(diagnostic(`${kind}/syntax`, 'error', span(source, 0, 0), `internal error while checking this file: ${message}`));
    }
  }

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
  let diagnostics: Diagnostic[];
  try {
    diagnostics = runRules(project, rules, suppressions).concat(internalErrors);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const first = project.nginx[0]?.root.source ?? project.uwsgi[0]?.file.source ?? createSourceFile(cwd, '');
    diagnostics = internalErrors.concat(diagnostic('lint/internal-error', 'error', span(first, 0, 0), `internal error in a rule: ${message}`));
  }
  // Included files that carry findings get their own result entry.
  for (const d of diagnostics) {
    const path = d.span.source.path;
    if (!kinds.has(path)) {
      kinds.set(path, project.uwsgi.some((c) => c.files.some((f) => f.source.path === path)) ? 'uwsgi' : 'nginx');
      texts.set(path, d.span.source.text);
    }
  }
  return toResult(diagnostics, kinds, texts, cwd);
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
    if (d.fix) message.fix = { range: [d.fix.span.start, d.fix.span.end], text: d.fix.text };
    if (!byFile.has(path)) byFile.set(path, []);
    byFile.get(path)!.push(message);
  }
  const results: FileResult[] = [];
  for (const [path, messages] of byFile) {
    messages.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
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
  results.sort((a, b) => a.filePath.localeCompare(b.filePath));
  const sum = (k: 'errorCount' | 'warningCount' | 'infoCount') => results.reduce((n, r) => n + r[k], 0);
  return { results, errorCount: sum('errorCount'), warningCount: sum('warningCount'), infoCount: sum('infoCount'), sources };
}

function ignoredFiles(patterns: string[] | undefined, cwd: string): Set<string> {
  if (!patterns || patterns.length === 0) return new Set();
  try {
    return new Set(fg.sync(patterns, { cwd, absolute: true, dot: true, onlyFiles: true, suppressErrors: true }).map(toPosix));
  } catch {
    return new Set();
  }
}

function readLocal(absPath: string, maxBytes: number): Uint8Array | Diagnostic {
  const nowhere = createSourceFile(absPath, '');
  const fail = (message: string) => diagnostic(kindFromName(absPath) === 'uwsgi' ? 'uwsgi/syntax' : 'nginx/syntax', 'error', span(nowhere, 0, 0), message);
  try {
    const st = statSync(absPath);
    if (!st.isFile()) return fail('not a regular file: nothing to lint');
    if (st.size > maxBytes) return fail(`file is ${(st.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit: not read`);
    return readFileSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`);
  }
}

function diskFileSystem(maxBytes: number): NginxFileSystem {
  return {
    readFile(path) {
      try {
        const st = statSync(path);
        if (!st.isFile() || st.size > maxBytes) return undefined;
        return readFileSync(path);
      } catch {
        return undefined;
      }
    },
    glob(pattern) {
      try {
        return fg.sync(pattern, { onlyFiles: true, dot: true, absolute: true, followSymbolicLinks: true, suppressErrors: true });
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

export type { SourceFile };
