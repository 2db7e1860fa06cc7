// The nginx files of the shared corpus, as the nginx -t harness loads them: each pairs/*/ file
// that is neither a uWSGI ini nor a template alone, and each file of nginx/<project>/ together
// with its project (so its includes resolve).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { NginxConfigFile, Wrapping } from './nginx-t.js';

export interface NginxSubject {
  /** How a report names it: a corpus path or a fixture name. */
  label: string;
  /** The whole config directory as nginx gets it; `entry` is the file under test. */
  files: NginxConfigFile[];
  entry: string;
  text: string;
  wrap?: Wrapping;
}

export function walkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** Jinja templates: nginx itself cannot read them. */
export const isTemplate = (text: string) => /\{\{|\{%/.test(text);
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

export function corpusNginxSubjects(corpusDir: string): NginxSubject[] {
  const subjects: NginxSubject[] = [];
  const pairsDir = join(corpusDir, 'pairs');
  for (const pair of readdirSync(pairsDir, { withFileTypes: true })) {
    if (!pair.isDirectory()) continue;
    for (const path of walkFiles(join(pairsDir, pair.name))) {
      const text = readFileSync(path).toString('utf8');
      if (/\.ini(\.\w+)?(:\w+)?$/.test(path) || /^\s*\[[\w-]+\]\s*$/m.test(text) || isTemplate(text)) continue;
      const entry = safeName(relative(pairsDir, path).split('/').pop()!);
      subjects.push({ label: relative(corpusDir, path), files: [{ path: entry, text }], entry, text });
    }
  }
  const nginxDir = join(corpusDir, 'nginx');
  for (const project of readdirSync(nginxDir, { withFileTypes: true })) {
    if (!project.isDirectory()) continue;
    const projectDir = join(nginxDir, project.name);
    const files = walkFiles(projectDir)
      .filter((p) => !/(\.txt|\.md|\.tsv)$|LICENSE/.test(p))
      .map((p) => ({ path: relative(projectDir, p), text: readFileSync(p).toString('utf8') }));
    for (const file of files) {
      if (isTemplate(file.text)) continue;
      subjects.push({ label: relative(corpusDir, join(projectDir, file.path)), files, entry: file.path, text: file.text });
    }
  }
  return subjects;
}

/**
 * Lints the nginx files of each corpus project (pairs/<repo>/, nginx/<project>/) in a run of their
 * own, as a user would lint one repository, and lists the findings of the given rules as
 * `path:line:col: severity message [rule]`, paths relative to the corpus.
 */
export async function corpusNginxFindings(corpusDir: string, ruleIds: ReadonlySet<string>): Promise<string[]> {
  const { lint } = await import('../../src/lint.js');
  const { classifyFile } = await import('../../src/classify.js');
  const lines: string[] = [];
  const projects = ['pairs', 'nginx']
    .flatMap((top) => readdirSync(join(corpusDir, top), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(corpusDir, top, e.name)))
    .sort();
  for (const dir of projects) {
    const files = walkFiles(dir).filter((p) => !/(\.txt|\.md|\.tsv|LICENSE)$/.test(p));
    const nginxFiles = files.filter((p) => !/\.ini(\.\w+)?(:\w+)?$/.test(p) && classifyFile(p, readFileSync(p, 'utf8')) === 'nginx');
    if (nginxFiles.length === 0) continue;
    const result = await lint({ files: nginxFiles, cwd: dir });
    for (const r of result.results) {
      for (const m of r.messages) {
        if (ruleIds.has(m.ruleId)) lines.push(`${relative(corpusDir, join(dir, r.filePath))}:${m.line}:${m.column}: ${m.severity} ${m.message} [${m.ruleId}]`);
      }
    }
  }
  return lines;
}
