// The security rules over the shared corpus (deployed configs of the pairs, the h5bp tree):
// every finding was reviewed once and is pinned; none is a false error.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { classifyFile } from '../src/classify.js';
import { lint } from '../src/lint.js';

const corpusDir = join(import.meta.dirname, '../../shared/corpus');
const hasCorpus = (() => {
  try {
    return statSync(corpusDir).isDirectory();
  } catch {
    return false;
  }
})();
if (!hasCorpus) console.warn(`SKIPPED corpus review of the security rules: ${corpusDir} is absent`);

const SECURITY_RULES = new Set([
  'nginx/alias-traversal', 'nginx/host-spoofing', 'nginx/add-header-redefinition', 'nginx/add-header-multiline', 'nginx/http-splitting',
  'nginx/ssrf', 'nginx/origins', 'nginx/valid-referers-none', 'nginx/version-disclosure', 'nginx/regex-redos', 'nginx/unanchored-regex',
  'nginx/if-is-evil', 'nginx/allow-without-deny', 'nginx/weak-tls', 'nginx/resolver-missing', 'nginx/force-https',
  'nginx/default-server-name', 'nginx/ssl-not-enabled',
]);

describe.skipIf(!hasCorpus)('deployed configs of the corpus', () => {
  test('findings of the security rules, pinned', async () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
    const lines: string[] = [];
    const projects = [
      ...readdirSync(join(corpusDir, 'pairs'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(corpusDir, 'pairs', e.name)),
      ...readdirSync(join(corpusDir, 'nginx'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(corpusDir, 'nginx', e.name)),
    ].sort();
    for (const dir of projects) {
      const files = walk(dir).filter((p) => !/(\.txt|\.md|\.tsv|LICENSE)$/.test(p));
      const nginxFiles = files.filter((p) => !/\.ini(\.\w+)?(:\w+)?$/.test(p) && classifyFile(p, readFileSync(p, 'utf8')) === 'nginx');
      if (nginxFiles.length === 0) continue;
      const result = await lint({ files: nginxFiles, cwd: dir });
      for (const r of result.results) {
        for (const m of r.messages) {
          if (SECURITY_RULES.has(m.ruleId)) lines.push(`${relative(corpusDir, join(dir, r.filePath))}:${m.line}:${m.column}: ${m.severity} ${m.message} [${m.ruleId}]`);
        }
      }
    }
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/nginx-security-corpus.txt');
  }, 120_000);
});
