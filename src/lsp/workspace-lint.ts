// One document linted as the CLI's pair context would lint it, from the editor's buffers: the
// document's text (never the file on disk), with the other side of its pair found as
// findPairPartners finds it (the `pairs` setting, else the repository's configs), each partner
// from its open buffer when there is one, else from disk; the files they include, and the context
// files (Dockerfile, units) beside an ini, likewise (lintBuffers reads the other open buffers in
// place of their files); the configuration files the CLI reads (resolveRunConfig) apply.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { classifyFile } from '../classify.js';
import { resolveRunConfig } from '../config-run.js';
import { lintBuffers, type LintTextInput } from '../lint.js';
import type { LintMessage } from '../result.js';
import { PartnerCache } from './partners.js';

export interface DocumentLint {
  /** The document's own findings (its partners' are theirs to report, in their own run). */
  messages: LintMessage[];
  /** The run's working directory: related locations are relative to it. */
  cwd: string;
  /** Set when the configuration could not be read: nothing was linted. */
  configError?: string;
  /**
   * The files read with it (absolute paths): its partners and the files the run asked for (what
   * they include, context files; see lintBuffers), found or not. A change to one of them may
   * change its findings.
   */
  read: string[];
}

/** Partners larger than this are left out: the CLI's limit is larger, an editor waits on each keystroke. */
const MAX_PARTNER_BYTES = 4 * 1024 * 1024;

/**
 * Lints `path` (absolute) whose buffer holds `text`; `open` holds the open buffers' texts by
 * absolute path (the document's own among them or not). `cwd` is the workspace folder holding the file (configuration files are
 * looked for as the CLI run from there would). `partnerCache` keeps the partners between calls.
 */
export async function lintDocument(path: string, text: string, open: ReadonlyMap<string, string>, cwd: string, partnerCache = new PartnerCache()): Promise<DocumentLint> {
  const kind = classifyFile(path, text);
  // An ini that is not uWSGI's (tox.ini, setup.cfg), a file that is no config: nothing to say.
  if (kind !== 'nginx' && kind !== 'uwsgi') return { messages: [], cwd, read: [] };
  let config;
  let scopes;
  try {
    const run = resolveRunConfig([path], cwd);
    config = run.config;
    scopes = run.scopes.map((s) => ({ dir: s.dir, rules: s.rules }));
  } catch (error) {
    return { messages: [], cwd, configError: error instanceof Error ? error.message : String(error), read: [] };
  }
  const pairs = (config.pairs ?? []).map((p) => ({ nginx: resolve(cwd, p.nginx), uwsgi: resolve(cwd, p.uwsgi) }));
  const partners = await partnerCache.get(path, pairs);
  const inputs: LintTextInput[] = [{ path, text, kind }];
  for (const file of partners.files) {
    const partnerText = open.get(file) ?? readPartner(file);
    if (partnerText !== undefined) inputs.push({ path: file, text: partnerText });
  }
  const linted = new Set(inputs.map((i) => i.path));
  const others = [...open].filter(([file]) => !linted.has(file)).map(([file, openText]) => ({ path: file, text: openText }));
  const { result, read } = lintBuffers(inputs, cwd, config, scopes.length > 0 ? scopes : undefined, others);
  const own = result.results.find((r) => resolve(cwd, r.filePath) === path);
  // The run names files by POSIX paths; resolve() gives them back in the platform's form.
  return { messages: own?.messages ?? [], cwd, read: [...new Set([...partners.files, ...read.map((p) => resolve(p))])] };
}

function readPartner(file: string): string | undefined {
  try {
    const bytes = readFileSync(file);
    return bytes.length > MAX_PARTNER_BYTES ? undefined : bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

/** The workspace folder holding `path` (the deepest), else the file's directory. */
export function workspaceFolderOf(path: string, folders: readonly string[]): string {
  const holding = folders.filter((f) => path === f || path.startsWith(f.endsWith('/') ? f : `${f}/`));
  return holding.sort((a, b) => b.length - a.length)[0] ?? dirname(path);
}
