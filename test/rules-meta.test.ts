// Every rule in the registry has a doc page beside it (what, why, bad, good, how to fix), and the
// doc's examples are true: each Bad example gets the rule's finding, each Good example does not.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { lintText } from '../src/lint.js';
import { ruleDocFile } from '../src/rule.js';
import { readRuleDoc, type DocExample } from './support/rule-docs.js';

const rulesDir = join(import.meta.dirname, '..', 'rules');

async function findingsOf(example: DocExample, id: string) {
  const result = await lintText(example.files, { cwd: '/project', config: example.config as never });
  return result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === id).map((m) => `${r.filePath}:${m.line}:${m.column}: ${m.message}`));
}

test('rule ids are unique and shaped <target>/<name>', () => {
  const ids = rules.map((r) => r.meta.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^(nginx|uwsgi|pair|lint)\/[a-z0-9]+(-[a-z0-9]+)*$/);
});

describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  const docPath = join(rulesDir, ruleDocFile(id));

  test('has metadata and a doc page with what, why, bad, good, how to fix', () => {
    expect(rule.meta.description.length).toBeGreaterThan(10);
    expect(['error', 'warning', 'info']).toContain(rule.meta.defaultSeverity);
    expect(existsSync(docPath), `${docPath} is missing`).toBe(true);
    const doc = readRuleDoc(docPath);
    expect(doc.title).toBe(id);
    for (const section of ['why', 'bad', 'good', 'how to fix']) expect(doc.sections.has(section), `section "## ${section}"`).toBe(true);
    expect(doc.bad.length, 'a Bad example').toBeGreaterThan(0);
    expect(doc.good.length, 'a Good example').toBeGreaterThan(0);
  });

  test("its doc says in one line which fixes it offers, as its meta declares", () => {
    if (!existsSync(docPath)) return; // reported by the test above
    const lines = readFileSync(docPath, 'utf8').split('\n').filter((l) => l.startsWith('**Fix:**'));
    const said = { false: [], safe: ['safe'], unsafe: ['unsafe'], 'safe-or-unsafe': ['safe or unsafe'] }[String(rule.meta.fixable)];
    expect(lines.map((l) => /^\*\*Fix:\*\* (safe or unsafe|safe|unsafe)\./.exec(l)?.[1] ?? l)).toEqual(said);
  });

  test('every Bad example gets the finding, every Good example does not', async () => {
    if (!existsSync(docPath)) return; // reported by the test above
    const doc = readRuleDoc(docPath);
    for (const [i, bad] of doc.bad.entries()) {
      expect(await findingsOf(bad, id), `Bad example ${i + 1}`).not.toEqual([]);
    }
    for (const [i, good] of doc.good.entries()) {
      expect(await findingsOf(good, id), `Good example ${i + 1}`).toEqual([]);
    }
  });
});
