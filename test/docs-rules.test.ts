// docs/rules.md lists every rule of the registry with its default severity and summary, so the
// list users read cannot drift from the code. UPDATE_DOCS=1 rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { ruleDocFile } from '../src/rule.js';

const path = join(import.meta.dirname, '..', 'docs', 'rules.md');

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
    'The fix column says which fixes a rule offers: `safe` ones `--fix` applies, `unsafe` ones (they',
    'change what the server does) only `--fix --unsafe-fixes` applies.',
    'This page is checked against the rule registry by `test/docs-rules.test.ts`.',
  ];
  for (const [target, title] of TARGETS) {
    const mine = rules.filter((r) => r.meta.id.startsWith(`${target}/`));
    if (mine.length === 0) continue;
    lines.push('', `## ${title}`, '', '| rule | severity | finds | fix |', '|---|---|---|---|');
    for (const r of mine) {
      const description = r.meta.description.replace(/\|/g, '\\|');
      lines.push(`| [${r.meta.id}](../rules/${ruleDocFile(r.meta.id)}) | ${r.meta.defaultSeverity} | ${description} | ${FIX_COLUMN[String(r.meta.fixable)]} |`);
    }
  }
  return lines.join('\n') + '\n';
}

test('docs/rules.md lists every registered rule', () => {
  if (process.env.UPDATE_DOCS) writeFileSync(path, expected());
  expect(readFileSync(path, 'utf8')).toBe(expected());
});
