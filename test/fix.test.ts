// --fix: the fix machinery (src/fix.ts) and the CLI loop (fix, write, re-lint). No registered rule
// is fixable yet, so fixture rules are added to the registry here, through vi.mock: the real
// lint() runs them as it runs any rule, and the real CLI applies their fixes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Rule } from '../src/rule.js';
import { readRuleDoc } from './support/rule-docs.js';

vi.mock('../rules/index.js', async (importOriginal) => {
  const original = await importOriginal<{ rules: readonly Rule[] }>();
  const { fixtureRules } = await import('./fixtures/golden/fix-rules.js');
  return { rules: [...original.rules, ...fixtureRules] };
});

const { rules } = await import('../rules/index.js');
const { runCli } = await import('../src/cli.js');
const { lint } = await import('../src/lint.js');
const { applyFixes, fixFiles } = await import('../src/fix.js');
const { ruleDocFile } = await import('../src/rule.js');

describe('applyFixes', () => {
  it('splices edits in order, whatever order they come in', () => {
    expect(applyFixes('abcdef', [{ range: [4, 5], text: 'E' }, { range: [0, 1], text: 'AA' }])).toEqual({ output: 'AAbcdEf', applied: 2, skipped: 0 });
  });

  it('inserts and deletes', () => {
    expect(applyFixes('ab', [{ range: [1, 1], text: '-' }]).output).toBe('a-b');
    expect(applyFixes('a  b', [{ range: [1, 3], text: '' }]).output).toBe('ab');
  });

  it('leaves an edit overlapping or touching one taken for the next pass', () => {
    const r = applyFixes('abcdef', [{ range: [1, 4], text: 'X' }, { range: [3, 5], text: 'Y' }, { range: [4, 4], text: 'Z' }]);
    expect(r).toEqual({ output: 'aXef', applied: 1, skipped: 2 });
  });

  it('skips ranges outside the text', () => {
    expect(applyFixes('ab', [{ range: [1, 9], text: 'x' }, { range: [-1, 0], text: 'y' }])).toEqual({ output: 'ab', applied: 0, skipped: 2 });
  });

  it('counts UTF-16 code units, as the ranges do', () => {
    const text = '😀 x ';
    expect(applyFixes(text, [{ range: [text.length - 1, text.length], text: '' }]).output).toBe('😀 x');
  });
});

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-fix-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: tmp, env: {} });
  return { code, stdout, stderr };
}

const fixableIds = () => new Set(rules.filter((r) => r.meta.fixable).map((r) => r.meta.id));

describe('--fix', () => {
  const messy = 'server {   \n    listen 80;\t\n\n\n\n    server_name example.com; \n  \n\n}\n';

  it('the fixture rules are registered and fixable (the test-only path works)', () => {
    expect([...fixableIds()]).toEqual(expect.arrayContaining(['fixture/trailing-space', 'fixture/blank-lines']));
    expect(fixableIds().has('fixture/todo')).toBe(false);
  });

  it('fixes, writes the file and re-lints: nothing fixable is left', async () => {
    const path = join(tmp, 'site.conf');
    writeFileSync(path, messy);
    const before = await lint({ files: [path], cwd: tmp });
    expect(before.results[0].messages.filter((m) => fixableIds().has(m.ruleId)).length).toBeGreaterThan(2);

    const r = await run(['--fix', '--format', 'json', 'site.conf']);
    expect(r.stderr).toBe('');
    expect(readFileSync(path, 'utf8')).toBe('server {\n    listen 80;\n\n    server_name example.com;\n\n}\n');
    // The report is of the fixed file, and a fresh re-lint agrees: nothing fixable remains.
    const reported = JSON.parse(r.stdout).results[0].messages;
    expect(reported.filter((m: { ruleId: string }) => fixableIds().has(m.ruleId))).toEqual([]);
    const after = await lint({ files: [path], cwd: tmp });
    expect(after.results[0].messages.filter((m) => m.fix && fixableIds().has(m.ruleId))).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('applies no fix of a rule not marked fixable', async () => {
    const path = join(tmp, 'unsafe.conf');
    writeFileSync(path, 'server {\n    # TODO remove\n    listen 80;\n}\n');
    const r = await run(['--fix', '--format', 'json', 'unsafe.conf']);
    expect(readFileSync(path, 'utf8')).toBe('server {\n    # TODO remove\n    listen 80;\n}\n');
    const messages = JSON.parse(r.stdout).results[0].messages;
    expect(messages.map((m: { ruleId: string }) => m.ruleId)).toContain('fixture/todo');
    expect(messages.find((m: { ruleId: string }) => m.ruleId === 'fixture/todo').fix).toBeDefined();
  });

  it('keeps a byte-order mark and leaves files alone without --fix', async () => {
    const path = join(tmp, 'bom.conf');
    writeFileSync(path, '\uFEFFserver { \n}\n');
    await run(['--format', 'json', 'bom.conf']);
    expect(readFileSync(path, 'utf8')).toBe('\uFEFFserver { \n}\n');
    await run(['--fix', '--format', 'json', 'bom.conf']);
    expect(readFileSync(path, 'utf8')).toBe('\uFEFFserver {\n}\n');
  });

  it('does not write a file that changed since it was linted', async () => {
    const path = join(tmp, 'changed.conf');
    writeFileSync(path, 'server { \n}\n');
    const result = await lint({ files: [path], cwd: tmp });
    writeFileSync(path, 'server {  \n}\n# edited meanwhile\n');
    expect(fixFiles(result, { cwd: tmp, fixableRules: fixableIds() })).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe('server {  \n}\n# edited meanwhile\n');
  });

  it('cannot be combined with --stdin', async () => {
    const r = await run(['--fix', '--stdin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stdin');
  });
});

describe('every fixable rule of the registry: --fix on its doc\'s Bad example leaves nothing fixable', () => {
  const real = rules.filter((r) => r.meta.fixable && !r.meta.id.startsWith('fixture/'));
  it.skipIf(real.length === 0)('there is at least one to check', () => expect(real.length).toBeGreaterThan(0));
  for (const rule of real) {
    // A rule without its doc yet is the meta-test's to report (test/rules-meta.test.ts).
    const docPath = new URL(`../rules/${ruleDocFile(rule.meta.id)}`, import.meta.url).pathname;
    it.skipIf(!existsSync(docPath))(rule.meta.id, async () => {
      const doc = readRuleDoc(docPath);
      expect(doc.bad.length).toBeGreaterThan(0);
      for (const [i, example] of doc.bad.entries()) {
        const dir = mkdtempSync(join(tmp, `bad-${i}-`));
        for (const f of example.files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.text);
        }
        if (example.config) writeFileSync(join(dir, '.nginx-uwsgi-lint.json'), JSON.stringify(example.config));
        const paths = example.files.map((f) => f.path);
        const found = async () => {
          const { config } = example.config ? { config: example.config } : { config: {} };
          const result = await lint({ files: paths.map((p) => join(dir, p)), cwd: dir, config });
          return result.results.flatMap((f) => f.messages).filter((m) => m.ruleId === rule.meta.id && m.fix);
        };
        if ((await found()).length === 0) continue;
        let stderr = '';
        await runCli(['--fix', '--format', 'json', ...paths], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir, env: {} });
        expect(stderr).toBe('');
        expect(await found()).toEqual([]);
      }
    });
  }
});
