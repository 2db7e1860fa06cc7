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
