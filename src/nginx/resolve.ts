// Follows `include` the way nginx does: a relative path starts at the configuration prefix (the
// main config's directory, /etc/nginx on a Debian box), wildcards are expanded in sorted order
// and may match nothing, and the files Debian installs (uwsgi_params, mime.types, ...) are known
// without being on disk. Production paths can be mapped onto the repository
// (/etc/nginx -> deploy/nginx). Reading goes through an injected file system: nothing here
// touches the disk directly, so tests and lintText() can resolve in memory.
import { posix } from '../posix-path.js';
import { span, type SourceSpan } from '../diagnostic.js';
import type { NginxIncludeProblem } from '../parsed-findings.js';
import { createSourceFile } from '../source.js';
import { type NginxContext, type NginxDirective, type NginxFile } from './ast.js';
import { placementInside } from './context.js';
import { parseNginx } from './parse.js';
import { standardFiles, standardFilesVersion } from './standard-files.js';
import { prebuiltStandardFile } from './standard-trees.js';
import { own } from '../own.js';
import { isFileProblem, type FileProblem } from '../file-problem.js';

export interface PathMapping {
  /** A production path prefix, e.g. /etc/nginx. */
  from: string;
  /** Where that directory lives in the linted tree (absolute). */
  to: string;
}

export interface NginxFileSystem {
  /** The file at an absolute local path, undefined when there is none, or why it was not read. */
  readFile(path: string): string | Uint8Array | FileProblem | undefined;
  /** Absolute local paths matching an absolute glob pattern (any order), or why it was not expanded. */
  glob(pattern: string): string[] | FileProblem;
}

export interface NginxResolveOptions {
  fs: NginxFileSystem;
  /** Absolute local directory the run treats as the repository; unmapped paths outside it are not read. */
  root: string;
  pathMappings?: PathMapping[];
  /** nginx's configuration prefix in production terms, for fragments (default /etc/nginx). */
  prefix?: string;
  maxIncludeDepth?: number;
  /** Files already parsed in this run, by absolute local path (shared between root files). */
  parsed?: Map<string, NginxFile>;
  /**
   * Include lines already resolved in this run, by the prefix they were resolved against (an
   * include line resolves the same for every root file of one prefix, and is reported once).
   */
  resolved?: Map<string, Map<NginxDirective, NginxFile[]>>;
}

export interface NginxResolution {
  /** Every file pulled in through `include`, once each, in the order first met. */
  includedFiles: NginxFile[];
  /**
   * What each include line this resolution met brought in (nothing, for a missing file or an
   * empty glob). Kept per root file, not on the line: a file included by a main config and
   * linted on its own too resolves its includes against two prefixes.
   */
  included: Map<NginxDirective, NginxFile[]>;
  /** Missing includes, cycles, files not read: on the include's argument. */
  problems: NginxIncludeProblem[];
}

export const STANDARD_PREFIX = '/etc/nginx';
/** What makes an include line a glob (nginx's ngx_conf_include: `*`, `?`, `[`). */
export const GLOB_CHARS = /[*?[]/;

/** Resolves the includes of `rootFile` (whose source path is absolute), attaching the files to each `include` directive. */
export function resolveNginxIncludes(rootFile: NginxFile, options: NginxResolveOptions): NginxResolution {
  const mappings = (options.pathMappings ?? []).map((m) => ({ from: trimSlash(m.from), to: trimSlash(m.to) }));
  const parsed = options.parsed ?? new Map<string, NginxFile>();
  const maxDepth = options.maxIncludeDepth ?? 32;
  const includedFiles: NginxFile[] = [];
  const included = new Map<NginxDirective, NginxFile[]>();
  const seen = new Set<NginxFile>();
  const problems: NginxIncludeProblem[] = [];
  const rootPath = rootFile.source.path;
  // A main config's own directory is its prefix; a fragment is read as if it sat in /etc/nginx.
  const prefix = rootFile.context === 'main' ? posix.dirname(rootPath) : (options.prefix ?? STANDARD_PREFIX);
  // The include lines resolved against this prefix, by this root file or another of the run.
  let resolvedHere = options.resolved?.get(prefix);
  if (!resolvedHere) {
    resolvedHere = new Map();
    options.resolved?.set(prefix, resolvedHere);
  }

  const at = (d: NginxDirective): SourceSpan => {
    const target = d.args[0] ?? d.nameWord;
    return span(d.source, target.start, target.end);
  };

  const toLocal = (path: string): string | undefined => {
    for (const m of mappings) {
      if (path === m.from || path.startsWith(m.from + '/')) return m.to + path.slice(m.from.length);
    }
    if (path === options.root || path.startsWith(trimSlash(options.root) + '/')) return path;
    return undefined;
  };

  const load = (localPath: string): NginxFile | FileProblem | undefined => {
    const known = parsed.get(localPath);
    if (known) return known;
    const content = options.fs.readFile(localPath);
    if (content === undefined || isFileProblem(content)) return content;
    const source = createSourceFile(localPath, content);
    // A copy of a standard file (Debian's mime.types beside a config) is read as the standard one.
    const name = posix.basename(localPath);
    const file = (own(standardFiles, name) !== undefined ? prebuiltStandardFile(name, source) : undefined) ?? parseNginx(source);
    parsed.set(localPath, file);
    return file;
  };

  const standard = (prodPath: string): NginxFile | undefined => {
    const name = prodPath.startsWith(STANDARD_PREFIX + '/') ? prodPath.slice(STANDARD_PREFIX.length + 1) : undefined;
    if (name === undefined || own(standardFiles, name) === undefined) return undefined;
    const key = `${STANDARD_PREFIX}/${name}`;
    let file = parsed.get(key);
    if (!file) {
      const source = createSourceFile(key, own(standardFiles, name)!);
      file = prebuiltStandardFile(name, source) ?? parseNginx(source);
      parsed.set(key, file);
    }
    return file;
  };

  /** Follows the include lines of `file`, in the order of the text, each in the context of its block. */
  const visitFile = (file: NginxFile, stack: string[]) => {
    // The parser noted the lines and their contexts for the file's context when it was parsed;
    // a file whose context was known only once included (set above) is walked again.
    if (file.includeContextsFor === file.context) {
      for (let i = 0; i < file.includes.length; i++) if (file.includes[i].block === null) includeFrom(file.includes[i], stack, file.includeContexts[i]);
    } else {
      visit(file.directives, stack, file.context);
    }
  };
  const visit = (directives: NginxDirective[], stack: string[], context: NginxContext) => {
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i];
      if (d.name === 'include' && d.block === null) includeFrom(d, stack, context);
      if (d.block) visit(d.block, stack, placementInside(d.name, context));
    }
  };

  // An include line resolves the same way wherever it stands in one resolution (one prefix): a
  // site with 3,000 `include uwsgi_params;` looks the file up once.
  const lookups = new Map<string, { files: NginxFile[]; prodPath: string; localPath: string | undefined; problem?: FileProblem; assumed?: string }>();
  const lookUp = (written: string) => {
    // The prefix is either a local directory (main config in the tree) or a production path.
    const base = written.startsWith('/') ? written : posix.join(prefix, written);
    const prodPath = posix.normalize(base);
    const localPath = prefix === posix.dirname(rootPath) && !written.startsWith('/') ? prodPath : toLocal(prodPath) ?? undefined;
    const files: NginxFile[] = [];
    // The first file the boundary refused (outside the tree, not a regular file, ...): reported once per line.
    let problem: FileProblem | undefined;
    if (GLOB_CHARS.test(written)) {
      // nginx expands include wildcards with glob(3), sorted; matching nothing is fine.
      if (localPath !== undefined) {
        const matches = options.fs.glob(localPath);
        if (isFileProblem(matches)) problem = matches;
        else {
          for (const path of matches.sort()) {
            const f = load(path);
            if (isFileProblem(f)) problem ??= f;
            else if (f) files.push(f);
          }
        }
      }
    } else {
      const loaded = localPath !== undefined ? load(localPath) : undefined;
      if (isFileProblem(loaded)) problem = loaded;
      const local = isFileProblem(loaded) ? undefined : loaded;
      const found = local ?? (problem ? undefined : standard(prodPath) ?? (localPath !== undefined ? standard(posix.join(STANDARD_PREFIX, posix.basename(prodPath))) : undefined));
      if (found) files.push(found);
      else if (localPath === undefined) {
        // `include /app/uwsgi_params;` outside the tree: a copy of the file nginx ships (a Dockerfile COPY, a tutorial's "the uwsgi_params file you installed").
        const name = posix.basename(prodPath).replace(/\.conf$/, '');
        const assumed = name === posix.basename(name) && name !== '' ? standard(posix.join(STANDARD_PREFIX, name)) : undefined;
        if (assumed) return { files: [assumed], prodPath, localPath, assumed: name };
      }
    }
    return { files, prodPath, localPath, ...(problem ? { problem } : {}) };
  };

  const includeFrom = (d: NginxDirective, stack: string[], context: NginxContext) => {
    if (d.args.length !== 1) return; // argument count is the directive check's business
    const known = resolvedHere.get(d);
    if (known) {
      // Resolved (and reported) from another root file of the run: reuse it.
      included.set(d, known);
      for (const f of known) {
        if (seen.has(f) || stack.includes(f.source.path)) continue;
        seen.add(f);
        includedFiles.push(f);
        visitFile(f, [...stack, f.source.path]);
      }
      return;
    }
    const written = d.args[0].value;
    let lookup = lookups.get(written);
    if (!lookup) {
      lookup = lookUp(written);
      lookups.set(written, lookup);
    }
    const { files, prodPath, localPath, problem, assumed } = lookup;
    if (assumed) {
      problems.push({ kind: 'include-standard', span: at(d), written, path: prodPath, directory: posix.dirname(prodPath), standard: assumed, version: standardFilesVersion });
    }
    if (problem) {
      // The linter's own reach, not nginx's: what nginx finds there on the server is not known here.
      problems.push({ kind: 'include-unreadable', span: at(d), written, problem });
    } else if (files.length === 0 && !GLOB_CHARS.test(written)) {
      if (localPath !== undefined) {
        problems.push({ kind: 'include-missing', span: at(d), written, lookedFor: displayPath(localPath, options.root) });
      } else {
        problems.push({ kind: 'include-outside', span: at(d), written, path: prodPath, directory: posix.dirname(prodPath) });
      }
    }

    const brought: NginxFile[] = [];
    resolvedHere.set(d, brought);
    included.set(d, brought);
    const cyclic: string[] = [];
    for (const f of files) {
      const path = f.source.path;
      if (stack.includes(path)) {
        cyclic.push(path);
        continue;
      }
      if (stack.length >= maxDepth) {
        problems.push({ kind: 'include-too-deep', span: at(d), maxDepth });
        continue;
      }
      if (f.context === 'unknown') f.context = context;
      brought.push(f);
      // Each file's own includes are followed once: they resolve the same from anywhere (one
      // prefix per run), and following every path through a glob cycle would take factorial time.
      if (seen.has(f)) continue;
      seen.add(f);
      includedFiles.push(f);
      visitFile(f, [...stack, path]);
    }
    if (cyclic.length > 0) {
      // One finding per include, however many files of a glob close the loop.
      const first = cyclic[0];
      const chain = [...stack.slice(stack.indexOf(first)), first].map((p) => displayPath(p, options.root));
      problems.push({ kind: 'include-cycle', span: at(d), chain, more: cyclic.length - 1 });
    }
  };

  visitFile(rootFile, [rootPath]);
  return { includedFiles, included, problems };
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function displayPath(path: string, root: string): string {
  const r = trimSlash(root);
  return path.startsWith(r + '/') ? path.slice(r.length + 1) : path;
}
