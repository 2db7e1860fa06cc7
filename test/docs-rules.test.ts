// The docs are true. docs/rules.md lists every rule of the registry with its default severity
// and summary, so the list users read cannot drift from the code (UPDATE_DOCS=1 rewrites it).
// Each rule's doc page (rules/<target>-<name>.md) holds configs that are linted here: a Bad
// example gets the rule's findings exactly on the lines its markers point at, and a Good example
// gets none. The marker is a comment line just above the reported line,
// `# expect-next-line: <rule id>` (test/support/rule-docs.ts reads it and takes it out).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { lintText } from '../src/lint.js';
import { ruleDocFile } from '../src/rule.js';
import { readRuleDoc, type DocExample } from './support/rule-docs.js';

const path = join(import.meta.dirname, '..', 'docs', 'rules.md');
const rulesDir = join(import.meta.dirname, '..', 'rules');

const TARGETS: [string, string][] = [
  ['pair', 'The pair: nginx and uWSGI together'],
  ['uwsgi', 'uWSGI on its own'],
  ['nginx', 'nginx on its own'],
  ['lint', 'The linter itself'],
];

/** Which fixes a rule offers: safe ones (--fix) or unsafe ones (--fix --unsafe-fixes). */
const FIX_COLUMN: Record<string, string> = { false: '', safe: 'safe', unsafe: 'unsafe', 'safe-or-unsafe': 'safe or unsafe' };

function expected(): string {
  const lines = [
    '# Rules',
    '',
    'Every rule, by what it checks. Each id links to its page: what it finds, why it matters in',
    'production, a bad and a good example, and how to fix it. Severities are the defaults; the',
    'configuration (`rules` in `.nginx-uwsgi-lint.json`, or `--rule id:severity`) changes them.',
    'The gixy column names the checks of gixy (gixy-ng, Gixy-Next) a rule answers',
    '([docs/gixy-comparison.md](gixy-comparison.md)), to map their findings and suppressions.',
    'The fix column says which fixes a rule offers: `safe` ones `--fix` applies, `unsafe` ones (they',
    'change what the server does) only `--fix --unsafe-fixes` applies.',
    'This page is checked against the rule registry by `test/docs-rules.test.ts`.',
  ];
  for (const [target, title] of TARGETS) {
    const mine = rules.filter((r) => r.meta.id.startsWith(`${target}/`));
    if (mine.length === 0) continue;
    const gixy = target === 'nginx';
    lines.push('', `## ${title}`, '', `| rule | severity | finds | fix |${gixy ? ' gixy check |' : ''}`, `|---|---|---|---|${gixy ? '---|' : ''}`);
    for (const r of mine) {
      const description = r.meta.description.replace(/\|/g, '\\|');
      lines.push(`| [${r.meta.id}](../rules/${ruleDocFile(r.meta.id)}) | ${r.meta.defaultSeverity} | ${description} | ${FIX_COLUMN[String(r.meta.fixable)]} |${gixy ? ` ${(r.meta.gixy ?? []).map((c) => `\`${c}\``).join(', ')} |` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

test('docs/rules.md lists every registered rule', () => {
  if (process.env.UPDATE_DOCS) writeFileSync(path, expected());
  expect(readFileSync(path, 'utf8')).toBe(expected());
});

/** The lines of an example where the rule reports, `path:line`, once each, in order. */
async function reportedLines(example: DocExample, id: string): Promise<string[]> {
  const result = await lintText(example.files, { cwd: '/project', config: example.config as never });
  const lines = result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === id).map((m) => `${r.filePath}:${m.line}`));
  return [...new Set(lines)].sort();
}

const markedLines = (example: DocExample) => [...new Set(example.marked.map((m) => `${m.path}:${m.line}`))].sort();

describe.each(rules.map((r) => [r.meta.id] as const))('%s: doc examples', (id) => {
  const docPath = join(rulesDir, ruleDocFile(id));

  // A doc missing altogether is test/rules-meta.test.ts's to report.
  test.skipIf(!existsSync(docPath))('each Bad example gets the finding on exactly the lines it marks', async () => {
    const doc = readRuleDoc(docPath);
    for (const [i, bad] of doc.bad.entries()) {
      expect(bad.marked.filter((m) => m.rule !== id).map((m) => `${m.path}:${m.line} marks ${m.rule}`), `Bad example ${i + 1}: markers name this rule`).toEqual([]);
      expect(markedLines(bad), `Bad example ${i + 1}: a marker on each line the rule reports`).not.toEqual([]);
      expect(await reportedLines(bad, id), `Bad example ${i + 1}`).toEqual(markedLines(bad));
    }
  });

  test.skipIf(!existsSync(docPath))('each Good example gets no finding, and marks none', async () => {
    const doc = readRuleDoc(docPath);
    for (const [i, good] of doc.good.entries()) {
      expect(good.marked, `Good example ${i + 1}`).toEqual([]);
      expect(await reportedLines(good, id), `Good example ${i + 1}`).toEqual([]);
    }
  });
});
