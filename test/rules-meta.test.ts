// The rule registry and the files around each rule, as ESLint's checkRuleFiles checks them: every
// rules/<target>-<name>.ts is listed in rules/index.ts and every listed rule has its file; each
// has metadata, a doc page beside it (what, why, bad, good, how to fix) and a test file,
// test/rules/<target>-<name>.test.ts. The doc's examples are run by test/docs-rules.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { ruleDocFile, type Rule } from '../src/rule.js';
import { readRuleDoc } from './support/rule-docs.js';

const rulesDir = join(import.meta.dirname, '..', 'rules');
const testsDir = join(import.meta.dirname, 'rules');
/** `nginx/bom` -> `nginx-bom`: the name of its source, doc and test files. */
const fileStem = (id: string) => id.replace('/', '-');

test('rule ids are unique and shaped <target>/<name>', () => {
  const ids = rules.map((r) => r.meta.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^(nginx|uwsgi|pair|lint)\/[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('every rule file is registered in rules/index.ts under its own id, and every registered rule has its file', async () => {
  const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
  const unregistered: string[] = [];
  for (const file of files) {
    const exported = ((await import(/* @vite-ignore */ join(rulesDir, file))) as { rule?: Rule }).rule;
    if (!exported) unregistered.push(`${file}: exports no \`rule\``);
    else if (!rules.includes(exported)) unregistered.push(`${file}: ${exported.meta.id} is not in rules/index.ts`);
    else if (`${fileStem(exported.meta.id)}.ts` !== file) unregistered.push(`${file}: holds ${exported.meta.id}, expected in ${fileStem(exported.meta.id)}.ts`);
  }
  expect(unregistered).toEqual([]);
  expect(rules.map((r) => `${fileStem(r.meta.id)}.ts`).sort()).toEqual(files);
});

test('a rule has a security-severity exactly when it is tagged "security", a score from 0.1 to 10 with one decimal', () => {
  const wrong = rules
    .map((r) => r.meta)
    .filter((m) => {
      const score = m.securitySeverity;
      if (!m.tags.includes('security')) return score !== undefined;
      return score === undefined || score < 0.1 || score > 10 || Math.round(score * 10) !== score * 10;
    })
    .map((m) => `${m.id}: ${m.securitySeverity}`);
  expect(wrong).toEqual([]);
});

test('every security rule\'s security-severity is in docs/reports.md, with the same score', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'reports.md'), 'utf8');
  const listed = new Map([...doc.matchAll(/^\| `([a-z]+\/[a-z0-9-]+)` \| (\d+\.\d) \|/gm)].map((m) => [m[1], m[2]]));
  const expected = new Map(rules.filter((r) => r.meta.securitySeverity !== undefined).map((r) => [r.meta.id, r.meta.securitySeverity!.toFixed(1)]));
  expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(expected));
});

test('every test file under test/rules is named for a registered rule', () => {
  const ids = new Set(rules.map((r) => fileStem(r.meta.id)));
  const tests = readdirSync(testsDir).filter((f) => f.endsWith('.test.ts'));
  expect(tests.filter((f) => !ids.has(f.replace(/\.test\.ts$/, '')))).toEqual([]);
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

  test(`has a test file, test/rules/${fileStem(id)}.test.ts`, () => {
    expect(existsSync(join(testsDir, `${fileStem(id)}.test.ts`)), `test/rules/${fileStem(id)}.test.ts is missing`).toBe(true);
  });

  test("its doc says in one line which fixes it offers, as its meta declares", () => {
    if (!existsSync(docPath)) return; // reported by the test above
    const lines = readFileSync(docPath, 'utf8').split('\n').filter((l) => l.startsWith('**Fix:**'));
    const said = { false: [], safe: ['safe'], unsafe: ['unsafe'], 'safe-or-unsafe': ['safe or unsafe'] }[String(rule.meta.fixable)];
    expect(lines.map((l) => /^\*\*Fix:\*\* (safe or unsafe|safe|unsafe)\./.exec(l)?.[1] ?? l)).toEqual(said);
  });

  test('its doc names the gixy checks it answers, as its meta declares', () => {
    if (!existsSync(docPath)) return;
    const lines = readFileSync(docPath, 'utf8').split('\n').filter((l) => l.startsWith('**gixy:**'));
    const named = lines.flatMap((l) => [...l.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]));
    expect(lines.length, 'one "**gixy:** `check`, ..." line, or none').toBeLessThanOrEqual(1);
    expect(named.sort()).toEqual([...(rule.meta.gixy ?? [])].sort());
  });

  test('its doc describes each option it takes under "## Options"', () => {
    if (!existsSync(docPath)) return;
    const names = Object.keys(rule.meta.options ?? {});
    const doc = readRuleDoc(docPath);
    expect(doc.sections.has('options'), 'a "## Options" section exactly when the rule takes options').toBe(names.length > 0);
    const section = readFileSync(docPath, 'utf8').split(/\n## /).find((s) => /^options\b/i.test(s)) ?? '';
    for (const name of names) expect(section, `option ${name}`).toContain(`\`${name}\``);
  });
});
