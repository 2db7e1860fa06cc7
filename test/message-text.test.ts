// Messages quote config text exactly as written: run from the directory that holds a socket,
// `socket = /that/dir/app.sock` is still that path in messages and fixes (the advice is copied
// into configs), while locations (`file:line:col`) are shown relative to the working directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import type { LintMessage, LintResult } from '../src/result.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin/nginx-uwsgi-lint.js');
const built = existsSync(join(repo, 'bundle/cli.cjs'));

let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'nul-quote-')));
  mkdirSync(join(dir, 'deploy'));
  // The socket and the file `@()` names live in the run's working directory itself.
  writeFileSync(join(dir, 'deploy/app.ini'), `[uwsgi]\nsocket = ${dir}/app.sock\nuid = app\nmaster = true\nenv = X=@(exec://cat ${dir}/secret)\n`);
  writeFileSync(join(dir, 'deploy/scheme.ini'), `[uwsgi]\nsocket = unix:${dir}/scheme.sock\nuid = app\n`);
  writeFileSync(join(dir, 'deploy/site.conf'), `server {\n    listen 80;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:${dir}/app2.sock;\n    }\n}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const all = (result: LintResult): (LintMessage & { filePath: string })[] =>
  result.results.flatMap((f) => f.messages.map((m) => ({ ...m, filePath: f.filePath })));
const find = (result: LintResult, ruleId: string) => all(result).filter((m) => m.ruleId === ruleId);

function expectExactPaths(result: LintResult) {
  // Locations are relative to the working directory, as ESLint and actionlint show them.
  expect(result.results.map((f) => f.filePath).sort()).toEqual(['deploy/app.ini', 'deploy/scheme.ini', 'deploy/site.conf']);

  const [mismatch] = find(result, 'pair/socket-mismatch').filter((m) => m.filePath === 'deploy/site.conf');
  expect(mismatch.message).toContain(`No uWSGI socket in this run listens on unix:${dir}/app2.sock`);
  expect(mismatch.message).toContain(`Write \`uwsgi_pass unix:${dir}/app.sock;\``);
  expect(mismatch.message).toContain(`\`socket = ${dir}/app2.sock\``);
  const related = mismatch.related.find((r) => r.filePath === 'deploy/app.ini');
  expect(related?.message).toContain(`socket = ${dir}/app.sock`);

  const [vacuum] = find(result, 'uwsgi/vacuum').filter((m) => m.filePath === 'deploy/app.ini');
  expect(vacuum.message).toContain(`the socket file \`${dir}/app.sock\``);

  const [notRead] = find(result, 'uwsgi/not-evaluated');
  expect(notRead.message).toContain(`\`@(exec://cat ${dir}/secret)\``);

  const [scheme] = find(result, 'uwsgi/unix-scheme');
  expect(scheme.message).toContain(`Write the path alone: \`socket = ${dir}/scheme.sock\``);
  expect(scheme.fix?.text).toBe(`${dir}/scheme.sock`);
}

describe('messages quote config text as written, whatever the working directory', () => {
  it('lint() from the directory holding the sockets', async () => {
    expectExactPaths(await lint({ files: ['deploy/app.ini', 'deploy/scheme.ini', 'deploy/site.conf'], cwd: dir }));
  });

  it.skipIf(!built)('the installed command, json and text', () => {
    const json = spawnSync(process.execPath, [bin, '--format', 'json', 'deploy'], { cwd: dir, encoding: 'utf8' });
    expect(json.stderr).toBe('');
    expectExactPaths(JSON.parse(json.stdout) as LintResult);
    const text = spawnSync(process.execPath, [bin, '--no-color', 'deploy'], { cwd: dir, encoding: 'utf8' });
    expect(text.stdout).toContain(`deploy/site.conf:5:20: error: No uWSGI socket in this run listens on unix:${dir}/app2.sock [pair/socket-mismatch]`);
    expect(text.stdout).toContain(`Write \`uwsgi_pass unix:${dir}/app.sock;\``);
  });

  it('a file a message names is named the way locations are: relative to the working directory', async () => {
    // No socket in the ini: the nginx side says which file leaves it unknown.
    writeFileSync(join(dir, 'deploy/nosocket.ini'), '[uwsgi]\nmaster = true\n');
    writeFileSync(join(dir, 'deploy/prod.ini'), '[prod]\nsocket = /run/p.sock\n');
    const result = await lint({ files: ['deploy/nosocket.ini', 'deploy/site.conf', 'deploy/prod.ini'], cwd: dir });
    const unpaired = find(result, 'pair/unpaired');
    expect(unpaired.map((m) => m.message)).toContainEqual(expect.stringContaining(`: deploy/nosocket.ini names no socket`));
    const [section] = find(result, 'uwsgi/section').filter((m) => m.filePath === 'deploy/prod.ini');
    expect(section.message).toContain('no [uwsgi] section in deploy/prod.ini');
    expect(section.message).toContain('lint `deploy/prod.ini:prod`');
    // From elsewhere, the full path.
    const outside = await lint({ files: [join(dir, 'deploy/prod.ini')], cwd: repo });
    expect(find(outside, 'uwsgi/section')[0].message).toContain(`no [uwsgi] section in ${dir}/deploy/prod.ini`);
  });
});
