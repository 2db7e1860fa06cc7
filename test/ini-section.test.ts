// `app.ini:prod` on the command line is read as `uwsgi --ini app.ini:prod` reads it: core/ini.c
// (uwsgi_ini_config) cuts at the last `:` and loads [prod] of app.ini, even when a file named
// `app.ini:prod` exists too; `app.ini:` loads [uwsgi]. Checked against uwsgi-core 2.0.21.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { discoverFiles } from '../src/discover.js';
import { lint } from '../src/lint.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-ini-section-'));
  // [prod] of app.ini listens on every interface; [uwsgi] on loopback.
  writeFileSync(join(tmp, 'app.ini'), '[uwsgi]\nsocket = 127.0.0.1:3031\nmodule = app.wsgi\n[prod]\nsocket = 0.0.0.0:3031\nmodule = app.wsgi\n');
  // A file literally named `app.ini:prod`: uWSGI never reads it for `--ini app.ini:prod`.
  writeFileSync(join(tmp, 'app.ini:prod'), '[uwsgi]\nsocket = 127.0.0.2:3031\nmodule = other.wsgi\n[prod]\nsocket = 127.0.0.3:3031\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function allInterfaces(argv: string[]) {
  let stdout = '';
  const code = await runCli(['--no-color', '-f', 'json', ...argv], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined }, cwd: tmp, env: {} });
  const { results } = JSON.parse(stdout) as { results: { filePath: string; messages: { ruleId: string; line: number }[] }[] };
  return { code, hits: results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'uwsgi/all-interfaces').map((m) => `${r.filePath}:${m.line}`)) };
}

describe('file.ini:section', () => {
  it('reads [prod] of app.ini, not a file named app.ini:prod', async () => {
    const { files } = await discoverFiles(['app.ini:prod'], { cwd: tmp });
    expect(files).toEqual([join(tmp, 'app.ini:prod')]);
    expect((await allInterfaces(['app.ini:prod'])).hits).toEqual(['app.ini:5']);
    const result = await lint({ files: ['app.ini:prod'], cwd: tmp });
    expect(result.results.map((r) => r.filePath)).toEqual(['app.ini']);
  });

  it('a walk reads the file named app.ini:prod as itself (the searx repository holds one), CLI and lint() alike', async () => {
    const walked = await discoverFiles(['.'], { cwd: tmp });
    expect(walked.literal).toEqual([join(tmp, 'app.ini:prod')]);
    // Its [uwsgi] binds 127.0.0.2 and app.ini's [uwsgi] loopback: neither listens on every interface,
    // and no `[prod]` section of app.ini is read by a walk.
    expect(await allInterfaces(['.'])).toEqual({ code: 0, hits: [] });
    const result = await lint({ files: ['.'], cwd: tmp });
    expect(result.results.map((r) => r.filePath).sort()).toEqual(['app.ini', 'app.ini:prod']);
    expect(result.results.flatMap((r) => r.messages.filter((m) => m.severity === 'error'))).toEqual([]);
    // Handed over by hand, as the CLI hands a walk's names to lint().
    const byHand = await lint({ files: walked.files, literal: walked.literal, cwd: tmp });
    expect(byHand.results.map((r) => r.filePath).sort()).toEqual(['app.ini', 'app.ini:prod']);
    await expect(lint({ files: ['app.ini'], literal: [''], cwd: tmp })).rejects.toThrow(/"literal" must be a list of paths/);
  });

  it('`app.ini:` reads [uwsgi] of app.ini', async () => {
    const result = await lint({ files: ['app.ini:'], cwd: tmp });
    expect(result.results.map((r) => r.filePath)).toEqual(['app.ini']);
    expect(result.results[0].messages.filter((m) => m.ruleId === 'uwsgi/all-interfaces')).toEqual([]);
  });

  it('`app.ini:prod:` is the file app.ini:prod, section [uwsgi], as uWSGI reads it', async () => {
    const result = await lint({ files: ['app.ini:prod:'], cwd: tmp });
    expect(result.results.map((r) => r.filePath)).toEqual(['app.ini:prod']);
  });
});
