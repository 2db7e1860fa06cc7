// --fix: the fix machinery (src/fix.ts) and the CLI loop (fix, write, re-lint). Fixture rules are
// added to the registry here, through vi.mock: the real lint() runs them as it runs any rule, and
// the real CLI applies their fixes. Runs that need another user or a file-size limit spawn the
// built CLI (bin/), which has only the real rules.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
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
const { lint, lintText } = await import('../src/lint.js');
const { applyFixes, fixFiles } = await import('../src/fix.js');
const { ruleDocFile } = await import('../src/rule.js');

describe('applyFixes', () => {
  it('splices edits in order, whatever order they come in', () => {
    expect(applyFixes('abcdef', [{ range: [4, 5], text: 'E' }, { range: [0, 1], text: 'AA' }])).toEqual({ output: 'AAbcdEf', applied: 2, skipped: 0, unsafe: 0 });
  });

  it('inserts and deletes', () => {
    expect(applyFixes('ab', [{ range: [1, 1], text: '-' }]).output).toBe('a-b');
    expect(applyFixes('a  b', [{ range: [1, 3], text: '' }]).output).toBe('ab');
  });

  it('leaves an edit overlapping or touching one taken for the next pass', () => {
    const r = applyFixes('abcdef', [{ range: [1, 4], text: 'X' }, { range: [3, 5], text: 'Y' }, { range: [4, 4], text: 'Z' }]);
    expect(r).toEqual({ output: 'aXef', applied: 1, skipped: 2, unsafe: 0 });
  });

  it('skips ranges outside the text', () => {
    expect(applyFixes('ab', [{ range: [1, 9], text: 'x' }, { range: [-1, 0], text: 'y' }])).toEqual({ output: 'ab', applied: 0, skipped: 2, unsafe: 0 });
  });

  it('leaves unsafe edits out unless asked for them', () => {
    const edits = [{ range: [0, 1] as [number, number], text: 'A', applicability: 'safe' as const }, { range: [2, 3] as [number, number], text: 'C', applicability: 'unsafe' as const }];
    expect(applyFixes('abc', edits)).toEqual({ output: 'Abc', applied: 1, skipped: 0, unsafe: 1 });
    expect(applyFixes('abc', edits, { unsafeFixes: true })).toEqual({ output: 'AbC', applied: 2, skipped: 0, unsafe: 0 });
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

const fixableIds = () => new Set(rules.filter((r) => r.meta.fixable !== false).map((r) => r.meta.id));

describe('--fix', () => {
  const messy = 'server {   \n    listen 80;\t\n\n\n\n    server_name example.com; \n  \n\n}\n';

  it('the fixture rules are registered with their kinds (the test-only path works)', () => {
    const kind = (id: string) => rules.find((r) => r.meta.id === id)?.meta.fixable;
    expect([kind('fixture/trailing-space'), kind('fixture/blank-lines'), kind('fixture/todo')]).toEqual(['safe', 'safe', 'unsafe']);
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

  it('applies unsafe fixes only with --unsafe-fixes, and says how many are held back', async () => {
    const path = join(tmp, 'unsafe.conf');
    const text = 'server {\n    # TODO remove\n    listen 80;\n}\n';
    writeFileSync(path, text);
    const r = await run(['--fix', '--format', 'json', 'unsafe.conf']);
    expect(readFileSync(path, 'utf8')).toBe(text);
    const todo = JSON.parse(r.stdout).results[0].messages.find((m: { ruleId: string }) => m.ruleId === 'fixture/todo');
    expect(todo.fix).toEqual({ range: [13, 27], text: '', applicability: 'unsafe' });
    const shown = await run(['--fix', '--no-color', 'unsafe.conf']);
    expect(shown.stdout).toContain('No safe fixes available (1 hidden fix can be enabled with --fix --unsafe-fixes).');
    const unsafe = await run(['--fix', '--unsafe-fixes', '--format', 'json', 'unsafe.conf']);
    expect(readFileSync(path, 'utf8')).toBe('server {\n        listen 80;\n}\n');
    expect(unsafe.code).toBe(0);
  });

  it('the text report counts the fixes --fix would apply and those it holds back', async () => {
    writeFileSync(join(tmp, 'both.conf'), 'server { \n    # TODO x\n}\n');
    const r = await run(['--no-color', 'both.conf']);
    expect(r.stdout).toContain('[*] 1 fixable with the --fix option (1 hidden fix can be enabled with --fix --unsafe-fixes).');
  });

  it('--unsafe-fixes without --fix is a usage error', async () => {
    const r = await run(['--unsafe-fixes', 'unsafe.conf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--unsafe-fixes only widens --fix');
  });

  it('the engine refuses a fix the rule\'s meta does not declare: the fix is dropped, an internal error says why', async () => {
    const result = await lintText([{ path: 'u.conf', text: 'server {\n    # UNDECLARED\n}\n' }], { cwd: tmp });
    const messages = result.results[0].messages;
    expect(messages.find((m) => m.ruleId === 'fixture/undeclared')?.fix).toBeUndefined();
    expect(messages.find((m) => m.ruleId === 'lint/internal-error')?.message).toContain('internal error in rule fixture/undeclared: it attached a unsafe fix, but its meta says fixable: "safe"');
  });

  it('keeps a byte-order mark and leaves files alone without --fix', async () => {
    const path = join(tmp, 'bom.conf');
    writeFileSync(path, '\uFEFFserver { \n}\n');
    await run(['--format', 'json', 'bom.conf']);
    expect(readFileSync(path, 'utf8')).toBe('\uFEFFserver { \n}\n');
    await run(['--fix', '--format', 'json', 'bom.conf']);
    expect(readFileSync(path, 'utf8')).toBe('\uFEFFserver {\n}\n');
  });

  it('does not write a file that changed since it was linted, and says so', async () => {
    const path = join(tmp, 'changed.conf');
    writeFileSync(path, 'server { \n}\n');
    const result = await lint({ files: [path], cwd: tmp });
    writeFileSync(path, 'server {  \n}\n# edited meanwhile\n');
    expect(fixFiles(result, { cwd: tmp })).toEqual({ fixed: [], failed: [{ filePath: 'changed.conf', reason: 'it changed on disk since it was linted; run again' }] });
    expect(readFileSync(path, 'utf8')).toBe('server {  \n}\n# edited meanwhile\n');
  });

  it('does not replace a file changed after the fixed copy was written (the edit made meanwhile is kept)', async () => {
    const dir = mkdtempSync(join(tmp, 'race-'));
    const path = join(dir, 'race.conf');
    writeFileSync(path, 'server { \n}\n');
    const result = await lint({ files: [path], cwd: dir });
    const outcome = fixFiles(result, { cwd: dir, beforeReplace: (real) => writeFileSync(real, 'server { \n    # edited meanwhile\n}\n') });
    expect(outcome).toEqual({ fixed: [], failed: [{ filePath: 'race.conf', reason: 'it changed on disk while it was being fixed; run again' }] });
    expect(readFileSync(path, 'utf8')).toBe('server { \n    # edited meanwhile\n}\n');
    expect(readdirSync(dir)).toEqual(['race.conf']); // the fixed copy is removed
  });

  it('keeps the mode and the owner of the file it replaces', async () => {
    const dir = mkdtempSync(join(tmp, 'mode-'));
    const path = join(dir, 'kept.conf');
    writeFileSync(path, 'server { \n}\n');
    chmodSync(path, 0o640);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(path, 65534, 65534);
    const r = await run(['--fix', '--format', 'json', relative(tmp, path)]);
    expect(r.stderr).toBe('');
    expect(readFileSync(path, 'utf8')).toBe('server {\n}\n');
    const st = statSync(path);
    expect(st.mode & 0o7777).toBe(0o640);
    if (asRoot) expect([st.uid, st.gid]).toEqual([65534, 65534]);
  });

  it('writes through a symlink: the link stays a link, its target is fixed', async () => {
    const dir = mkdtempSync(join(tmp, 'link-'));
    // A repository, as a pre-commit hook runs in: the link's target is inside the linted tree.
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'sites-available'));
    mkdirSync(join(dir, 'sites-enabled'));
    writeFileSync(join(dir, 'sites-available/site.conf'), 'server { \n}\n');
    symlinkSync('../sites-available/site.conf', join(dir, 'sites-enabled/site.conf'));
    await run(['--fix', '--format', 'json', relative(tmp, join(dir, 'sites-enabled/site.conf'))]);
    expect(lstatSync(join(dir, 'sites-enabled/site.conf')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'sites-available/site.conf'), 'utf8')).toBe('server {\n}\n');
    expect(readdirSync(join(dir, 'sites-available'))).toEqual(['site.conf']);
  });

  it('leaves a file with other hard links alone, and says why', async () => {
    const dir = mkdtempSync(join(tmp, 'hard-'));
    writeFileSync(join(dir, 'a.conf'), 'server { \n}\n');
    linkSync(join(dir, 'a.conf'), join(dir, 'b.keep'));
    const r = await run(['--fix', '--format', 'json', relative(tmp, join(dir, 'a.conf'))]);
    expect(r.stderr).toContain('not fixed: it has 2 hard links');
    expect(readFileSync(join(dir, 'b.keep'), 'utf8')).toBe('server { \n}\n');
    expect(readFileSync(join(dir, 'a.conf'), 'utf8')).toBe('server { \n}\n');
    expect(r.code).toBe(1);
  });

  it('names a file it could not fix on stderr with its control characters escaped', async () => {
    const dir = mkdtempSync(join(tmp, 'esc-'));
    const name = 'a\x1b]0;pwned\x07\n.conf';
    writeFileSync(join(dir, name), 'server { \n}\n');
    linkSync(join(dir, name), join(dir, 'other'));
    const r = await run(['--fix', '--format', 'json', relative(tmp, join(dir, name))]);
    expect(r.stderr).toContain('a\\x1b]0;pwned\\x07\\x0a.conf: not fixed: it has 2 hard links');
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
  });

  it('cannot be combined with --stdin', async () => {
    const r = await run(['--fix', '--stdin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stdin');
  });
});

const bin = new URL('../bin/nginx-uwsgi-lint.js', import.meta.url).pathname;
const canDropRoot = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

describe('--fix writing files, in the built CLI with the real rules', () => {
  const bad = '[uwsgi]\nmodule = app\nsocket = unix:///run/app.sock\n';
  const good = '[uwsgi]\nmodule = app\nsocket = /run/app.sock\n';

  it.skipIf(!canDropRoot)('a file in a directory it cannot write is named and left intact; the other files are still fixed', () => {
    const dir = mkdtempSync(join(tmp, 'perm-'));
    chmodSync(tmp, 0o755);
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'locked'), { mode: 0o755 });
    mkdirSync(join(dir, 'open'), { mode: 0o755 });
    writeFileSync(join(dir, 'locked/a.ini'), bad);
    writeFileSync(join(dir, 'open/b.ini'), bad);
    // nobody may write the file itself (an in-place rewrite would work) but not its directory.
    for (const p of ['locked/a.ini', 'open', 'open/b.ini']) chownSync(join(dir, p), 65534, 65534);
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, bin, '--fix', '--no-color', 'locked/a.ini', 'open/b.ini'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toContain(`nginx-uwsgi-lint: locked/a.ini: not fixed: cannot create the fixed copy in ${join(dir, 'locked')} (EACCES)`);
    expect(r.stdout).toContain('locked/a.ini:1:1: error: --fix could not write its fixes to this file [lint/fix-not-written]\n');
    expect(r.stdout).toContain(`\n  why:  cannot create the fixed copy in ${join(dir, 'locked')} (EACCES)`);
    expect(readFileSync(join(dir, 'locked/a.ini'), 'utf8')).toBe(bad);
    expect(readFileSync(join(dir, 'open/b.ini'), 'utf8')).toBe(good);
    expect(statSync(join(dir, 'open/b.ini')).uid).toBe(65534);
    expect(r.status).toBe(1);
  });

  it.skipIf(!canDropRoot)('a read-only file in a writable directory is left alone (a rename would bypass its mode)', () => {
    const dir = mkdtempSync(join(tmp, 'ro-file-'));
    chmodSync(tmp, 0o755);
    writeFileSync(join(dir, 'a.ini'), bad);
    chownSync(dir, 65534, 65534); // nobody may create files here, but the file is root's, 0644
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, bin, '--fix', '--no-color', 'a.ini'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toContain('a.ini: not fixed: it is not writable (EACCES)');
    expect(readFileSync(join(dir, 'a.ini'), 'utf8')).toBe(bad);
    expect(statSync(join(dir, 'a.ini')).uid).toBe(0);
    expect(readdirSync(dir)).toEqual(['a.ini']);
  });

  it.skipIf(!hasPrlimit)('a write that fails midway (file-size limit) leaves the original whole and no temporary file', () => {
    const dir = mkdtempSync(join(tmp, 'fsize-'));
    const text = bad + '; padding\n'.repeat(400); // about 4 KB, over the 1 KB limit below
    writeFileSync(join(dir, 'big.ini'), text);
    const r = spawnSync('prlimit', ['--fsize=1024', process.execPath, bin, '--fix', '--format', 'json', 'big.ini'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toContain('big.ini: not fixed: cannot write it (EFBIG); it is unchanged');
    expect(readFileSync(join(dir, 'big.ini'), 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['big.ini']);
    const messages = JSON.parse(r.stdout).results[0].messages;
    expect(messages[0]).toMatchObject({ ruleId: 'lint/fix-not-written', severity: 'error', line: 1, column: 1 });
    expect(r.status).toBe(1);
  });

  it('issue 19: a rename that would override `chmod-socket = 660` with 666 is said and never applied', () => {
    const dir = mkdtempSync(join(tmp, 'override-'));
    const text = '[uwsgi]\nmodule = app\nsocket = /run/app.sock\nchmod-socket = 660\nchmod_socket = 666\n';
    writeFileSync(join(dir, 'app.ini'), text);
    for (const flags of [['--fix'], ['--fix', '--unsafe-fixes']]) {
      const r = spawnSync(process.execPath, [bin, ...flags, '--format', 'json', 'app.ini'], { cwd: dir, encoding: 'utf8' });
      expect(readFileSync(join(dir, 'app.ini'), 'utf8')).toBe(text);
      const messages = JSON.parse(r.stdout).results[0].messages;
      const unknown = messages.find((m: { ruleId: string }) => m.ruleId === 'uwsgi/unknown-option');
      expect(unknown.message).toContain('Renaming it to `chmod-socket` would override `chmod-socket = 660` on line 4, in force today, with 666');
      expect(unknown.fix).toBeUndefined();
      expect(messages.map((m: { ruleId: string }) => m.ruleId)).toContain('uwsgi/duplicate-option');
      expect(r.status).toBe(1);
    }
  });

  it('issue 19: `master = false ; c` keeps master on under --fix; only --unsafe-fixes turns it off', () => {
    const dir = mkdtempSync(join(tmp, 'master-'));
    const text = '[uwsgi]\nmodule = app\nmaster = false ; c\nharakiri = 30 # seconds\n';
    writeFileSync(join(dir, 'app.ini'), text);
    spawnSync(process.execPath, [bin, '--fix', 'app.ini'], { cwd: dir, encoding: 'utf8' });
    expect(readFileSync(join(dir, 'app.ini'), 'utf8')).toBe('[uwsgi]\nmodule = app\nmaster = false ; c\nharakiri = 30\n');
    spawnSync(process.execPath, [bin, '--fix', '--unsafe-fixes', 'app.ini'], { cwd: dir, encoding: 'utf8' });
    expect(readFileSync(join(dir, 'app.ini'), 'utf8')).toBe('[uwsgi]\nmodule = app\nmaster = false\nharakiri = 30\n');
  });
});

/** The kinds of fix a rule's meta promises. */
function declaredKinds(fixable: Rule['meta']['fixable']): string[] {
  return fixable === false ? [] : fixable === 'safe-or-unsafe' ? ['safe', 'unsafe'] : [fixable];
}

// The markdownlint round-trip, over every rule's doc: each fix an example gets is of a kind its
// rule declares; a fixable rule's Bad examples show every kind it declares; and applying the fixes
// (--fix, with --unsafe-fixes when one is unsafe) then re-linting finds none of that rule left.
describe('every rule: the fixes its doc examples get match its meta, and --fix leaves none behind', () => {
  const real = rules.filter((r) => !r.meta.id.startsWith('fixture/'));
  for (const rule of real) {
    // A rule without its doc yet is the meta-test's to report (test/rules-meta.test.ts).
    const docPath = new URL(`../rules/${ruleDocFile(rule.meta.id)}`, import.meta.url).pathname;
    it.skipIf(!existsSync(docPath))(rule.meta.id, async () => {
      const doc = readRuleDoc(docPath);
      const shown = new Set<string>();
      for (const [i, example] of [...doc.bad, ...doc.good].entries()) {
        const dir = mkdtempSync(join(tmp, `doc-${i}-`));
        for (const f of example.files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.text);
        }
        const config = example.config ?? {};
        if (example.config) writeFileSync(join(dir, '.nginx-uwsgi-lint.json'), JSON.stringify(example.config));
        const paths = example.files.map((f) => f.path);
        const messages = async () => (await lint({ files: paths.map((p) => join(dir, p)), cwd: dir, config })).results.flatMap((f) => f.messages);
        const before = await messages();
        expect(before.filter((m) => m.ruleId === 'lint/internal-error').map((m) => m.message)).toEqual([]);
        for (const m of before.filter((m) => m.fix)) {
          const owner = rules.find((r) => r.meta.id === m.ruleId);
          expect(declaredKinds(owner!.meta.fixable), `${m.ruleId} declares the ${m.fix!.applicability} fix it gave`).toContain(m.fix!.applicability);
        }
        const mine = before.filter((m) => m.ruleId === rule.meta.id && m.fix);
        if (mine.length === 0) continue;
        for (const m of mine) shown.add(m.fix!.applicability);
        const unsafe = mine.some((m) => m.fix!.applicability === 'unsafe');
        let stderr = '';
        await runCli(['--fix', ...(unsafe ? ['--unsafe-fixes'] : []), '--format', 'json', ...paths], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir, env: {} });
        expect(stderr).toBe('');
        expect((await messages()).filter((m) => m.ruleId === rule.meta.id && m.fix)).toEqual([]);
      }
      expect([...shown].sort(), "the kinds of fix the doc's Bad examples show").toEqual(declaredKinds(rule.meta.fixable));
    });
  }
});
