// The language server in a real editor: Debian's neovim, headless, with its built-in LSP client
// (test/fixtures/lsp/nvim-diagnostics.lua). It opens an ini with a misspelt option, reads
// vim.diagnostic.get() back as JSON, fixes the buffer without saving and reads them again. Then
// the init.lua docs/editors.md gives, as written, with the server on PATH as `npm install -g .` puts it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serverBin } from './support/lsp-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const haveNvim = nvim.status === 0;
if (!haveNvim) {
  if (process.env.CI === 'true') throw new Error('nvim is missing: .ci/run installs neovim, and under CI=true this test must run');
  console.warn('SKIPPED test/lsp-editors.test.ts: nvim is not installed; to run: apt-get install -y neovim');
}

const tmp = mkdtempSync(join(tmpdir(), 'nul-nvim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  code: string;
  message: string;
  source: string;
}

describe.skipIf(!haveNvim)('neovim (built-in LSP client)', () => {
  it('shows the finding of the open file at its place, and drops it when the unsaved buffer is fixed', { timeout: 60_000 }, () => {
    const file = join(tmp, 'app.ini');
    const onDisk = '[uwsgi]\nmodule = app.wsgi\nhttp-socket = 127.0.0.1:8000\nuid = app\ngid = app\nmaster = true\nprocesess = 4\n';
    writeFileSync(file, onDisk);
    const out = join(tmp, 'out.json');
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${join(here, 'fixtures/lsp/nvim-diagnostics.lua')}`], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 50_000,
      env: { ...process.env, LSP_NODE: process.execPath, LSP_BIN: serverBin, LSP_FILE: file, LSP_ROOT: tmp, LSP_OUT: out, LSP_CODE: 'uwsgi/unknown-option', LSP_FROM: 'procesess', LSP_TO: 'processes' },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { opened: NvimDiagnostic[]; changed: NvimDiagnostic[]; modified: boolean; error?: string };
    expect(seen.error).toBeUndefined();
    const typo = seen.opened.find((d) => d.code === 'uwsgi/unknown-option');
    // Line 7 (0-based 6), `procesess` at columns 0-9; an error.
    expect(typo).toMatchObject({ lnum: 6, col: 0, end_lnum: 6, end_col: 9, severity: 1, source: 'nginx-uwsgi-lint' });
    expect(typo!.message).toContain('Did you mean `processes`?');
    expect(seen.changed.map((d) => d.code)).not.toContain('uwsgi/unknown-option');
    // The fix was never written: the server linted the buffer.
    expect(seen.modified).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(onDisk);
  });

  it('works with the init.lua of docs/editors.md, as written: the finding, and its hover', { timeout: 60_000 }, () => {
    const version = /NVIM v(\d+)\.(\d+)/.exec(nvim.stdout)!;
    const modern = Number(version[1]) > 0 || Number(version[2]) >= 8;
    // The Neovim section's Lua blocks: the one for this Neovim (0.8 or later, else 0.7).
    const docs = readFileSync(join(here, '..', 'docs', 'editors.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Neovim'), docs.indexOf('## Other editors'));
    const blocks = [...section.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]);
    const init = blocks.find((b) => b.startsWith(modern ? '-- init.lua; Neovim 0.8 or later' : '-- init.lua; Neovim 0.7\n'));
    expect(init, `a Lua block for Neovim ${version[0]} in docs/editors.md`).toBeDefined();
    const dir = join(tmp, 'docs-init');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'init.lua'), init!);
    // What `npm install -g .` makes: the bin, linked, found on PATH (its `#!/usr/bin/env node` needs node there too).
    symlinkSync(serverBin, join(dir, 'bin', 'nginx-uwsgi-lint'));
    const file = join(dir, 'app.ini');
    writeFileSync(file, '[uwsgi]\nmodule = app.wsgi\nhttp-socket = 127.0.0.1:8000\nuid = app\ngid = app\nmaster = true\nprocesess = 4\n');
    const out = join(dir, 'out.json');
    const run = spawnSync('nvim', ['--headless', '-i', 'NONE', '-u', join(dir, 'init.lua'), file, '-c', `luafile ${join(here, 'fixtures/lsp/nvim-docs-check.lua')}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 50_000,
      env: { ...process.env, PATH: [join(dir, 'bin'), dirname(process.execPath), process.env.PATH].join(delimiter), LSP_OUT: out, LSP_CODE: 'uwsgi/unknown-option' },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { filetype: string; finding?: { lnum: number; col: number; code: string }; hover?: string };
    expect(seen.filetype).toBe('dosini');
    expect(seen.finding).toEqual({ lnum: 6, col: 0, code: 'uwsgi/unknown-option' });
    expect(seen.hover).toMatch(/^\*\*uwsgi\/unknown-option\*\* \(error\): `procesess` is not a uWSGI option/);
  });
});
