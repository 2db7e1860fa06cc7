// The VS Code extension (editors/vscode/): `npm run package:vscode` makes a .vsix with vsce; it
// must hold the extension's manifest (engines.vscode, activation on nginx and ini), its bundled
// client and the language server, the same bytes as bundle/lsp.cjs, and that server, started
// from the unpacked .vsix as VS Code would start it, must lint.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startClient } from './support/lsp-client.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(repo, 'editors/vscode/nginx-uwsgi-lint.vsix');
const haveUnzip = spawnSync('unzip', ['-v']).status === 0;
if (!haveUnzip) {
  if (process.env.CI === 'true') throw new Error('unzip is missing: .ci/run installs it, and under CI=true this test must run');
  console.warn('SKIPPED test/vscode-extension.test.ts: unzip is not installed; to run: apt-get install -y unzip');
}

const tmp = mkdtempSync(join(tmpdir(), 'nul-vsix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!haveUnzip)('editors/vscode: the .vsix', { timeout: 120_000 }, () => {
  it('is built by vsce and holds the manifest, the client and the language server', async () => {
    rmSync(vsix, { force: true });
    const pack = spawnSync('npm', ['run', 'package:vscode'], { cwd: repo, encoding: 'utf8' });
    expect(pack.status, `${pack.stdout}\n${pack.stderr}`).toBe(0);
    expect(existsSync(vsix)).toBe(true);

    const list = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    for (const file of ['extension/package.json', 'extension/dist/extension.js', 'extension/server/lsp.cjs', 'extension/server/nginx-uwsgi-lint-lsp.js', 'extension.vsixmanifest']) expect(list.stdout).toContain(file);
    // --no-dependencies: the client is bundled into dist/extension.js, no node_modules shipped.
    expect(list.stdout).not.toContain('node_modules');

    const out = join(tmp, 'unpacked');
    expect(spawnSync('unzip', ['-q', vsix, '-d', out]).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'extension/package.json'), 'utf8'));
    expect(manifest.engines.vscode).toMatch(/^\^1\./);
    expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:nginx', 'onLanguage:ini']));
    expect(manifest.contributes.languages[0].filenamePatterns).toEqual(expect.arrayContaining(['**/sites-available/*', '**/sites-enabled/*']));
    expect(readFileSync(join(out, 'extension/server/lsp.cjs')).equals(readFileSync(join(repo, 'bundle/lsp.cjs')))).toBe(true);
    expect(readFileSync(join(out, 'extension/dist/extension.js'), 'utf8')).toContain('nginx-uwsgi-lint-lsp.js');

    // The server as the extension starts it (TransportKind.stdio adds --stdio), from the unpacked package.
    const client = await startClient(tmp, [join(out, 'extension/server/nginx-uwsgi-lint-lsp.js'), '--stdio']);
    try {
      const ini = join(tmp, 'app.ini');
      await client.open(ini, '[uwsgi]\nmodule = app.wsgi\nhttp-socket = 127.0.0.1:8000\nuid = app\ngid = app\nprocesess = 4\n');
      const found = await client.diagnostics(ini, (ds) => ds.some((d) => d.code === 'uwsgi/unknown-option'));
      expect(found.find((d) => d.code === 'uwsgi/unknown-option')!.range.start.line).toBe(5);
    } finally {
      await client.stop();
    }
  });
});
