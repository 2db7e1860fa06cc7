// The language server, driven over stdio by a real JSON-RPC client (vscode-jsonrpc) as an editor
// drives it: the built server (bin/nginx-uwsgi-lint.js --lsp, bundle/lsp.cjs) is spawned, and the
// tests check what it publishes: ranges, codes, doc links, pair findings across two documents,
// unsaved buffers linted from their text, quick fixes, a broken configuration file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startClient, uriOf, type LspDiagnostic, type TestClient } from './support/lsp-client.js';

const SITE = 'server {\n    listen 80;\n    server_name example.com;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/app/app.sock;\n    }\n}\n';
const INI_WRONG_SOCKET = '[uwsgi]\nmodule = app.wsgi\nsocket = /run/app/other.sock\nchmod-socket = 660\nuid = app\ngid = app\nvacuum = true\n';
const INI_RIGHT_SOCKET = INI_WRONG_SOCKET.replace('other.sock', 'app.sock');

const codes = (ds: LspDiagnostic[]) => ds.map((d) => d.code).sort();
const has = (code: string) => (ds: LspDiagnostic[]) => ds.some((d) => d.code === code);
const lacks = (code: string) => (ds: LspDiagnostic[]) => !ds.some((d) => d.code === code);

let tmp: string;
let client: TestClient | undefined;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-lsp-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

/** A repository (a `.git` is what pair context looks for) with `files` on disk. */
function workspace(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, '.git'), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('nginx-uwsgi-lint --lsp', { timeout: 60_000 }, () => {
  it('publishes a finding with its exact range, rule id, doc link and quick fix; fixing the buffer clears it', async () => {
    const dir = workspace('single', {});
    const ini = join(dir, 'app.ini');
    // Never written to disk: the server lints the buffer.
    const text = '[uwsgi]\nmodule = app.wsgi\nhttp = :8000\nuid = app\ngid = app\nchmod_socket = 660\n';
    client = await startClient(dir);
    await client.open(ini, text);
    const found = await client.diagnostics(ini, has('uwsgi/unknown-option'));
    const d = found.find((x) => x.code === 'uwsgi/unknown-option')!;
    // `chmod_socket` on line 6 (0-based 5), columns 1-12 (0-based 0-12, end exclusive).
    expect(d.range).toEqual({ start: { line: 5, character: 0 }, end: { line: 5, character: 12 } });
    expect(d.severity).toBe(1); // Error, as the CLI says
    expect(d.message).toContain('`chmod_socket` is not a uWSGI option');
    expect(d.codeDescription?.href).toBe('https://github.com/nginx-uwsgi-lint/nginx-uwsgi-lint/blob/main/rules/uwsgi-unknown-option.md');

    // The hover over it: rule id, message split as the text reporter splits it, doc link.
    const hover = await client.request<{ contents: { kind: string; value: string }; range?: LspDiagnostic['range'] } | null>('textDocument/hover', { textDocument: { uri: uriOf(ini) }, position: { line: 5, character: 4 } });
    expect(hover?.contents.kind).toBe('markdown');
    expect(hover?.range).toEqual(d.range);
    const paragraphs = hover!.contents.value.split('\n\n');
    expect(paragraphs[0]).toBe('**uwsgi/unknown-option** (error): `chmod_socket` is not a uWSGI option');
    expect(paragraphs[1]).toMatch(/^\*Why:\* uWSGI ignores unknown keys without a word/);
    expect(paragraphs[2]).toBe('*Fix:* Write `chmod-socket`: underscores only work in UWSGI\\_\\* environment variables');
    expect(paragraphs[3]).toBe(`[Rule documentation: uwsgi/unknown-option](${d.codeDescription!.href})`);
    // Nothing to say where there is no finding.
    expect(await client.request('textDocument/hover', { textDocument: { uri: uriOf(ini) }, position: { line: 1, character: 2 } })).toBeNull();

    const actions = await client.request<{ title: string; kind: string; edit: { changes: Record<string, { range: LspDiagnostic['range']; newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(ini) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    expect(actions).toHaveLength(1);
    expect(actions[0].kind).toBe('quickfix');
    expect(actions[0].edit.changes[uriOf(ini)]).toEqual([{ range: d.range, newText: 'chmod-socket' }]);

    await client.change(ini, text.replace('chmod_socket', 'chmod-socket'));
    const after = await client.diagnostics(ini, lacks('uwsgi/unknown-option'));
    expect(codes(after)).not.toContain('uwsgi/unknown-option');
    // The hover follows the new findings (`chmod-socket` with no unix socket is one of them).
    const hoverAfter = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uriOf(ini) }, position: { line: 5, character: 4 } });
    expect(after.filter((x) => x.range.start.line === 5).map((x) => x.code)).toEqual(['uwsgi/chmod-without-unix-socket']);
    expect(hoverAfter!.contents.value).toMatch(/^\*\*uwsgi\/chmod-without-unix-socket\*\* \(/);
    expect(hoverAfter!.contents.value).not.toContain('uwsgi/unknown-option');
    // The old diagnostic's fix is for version 1: against version 2 it is not offered.
    const stale = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri: uriOf(ini) }, range: d.range, context: { diagnostics: [d] } });
    expect(stale).toEqual([]);
  });

  it('counts columns in UTF-16 units, offers an unsafe fix as not preferred, and keeps a byte-order mark in the buffer in place', async () => {
    const dir = workspace('utf16', {});
    const ini = join(dir, 'app.ini');
    const text = '[uwsgi]\nmodule = app.wsgi\nhttp-socket = 127.0.0.1:8000\nmaster = true\nchdir = /srv/\u{1F600} ; note\n';
    client = await startClient(dir);
    await client.open(ini, text);
    const found = await client.diagnostics(ini, has('uwsgi/inline-comment'));
    const comment = found.find((d) => d.code === 'uwsgi/inline-comment')!;
    const line = text.split('\n')[4];
    // The emoji is two UTF-16 units: `;` is at index 16 of the line (15 characters before it).
    expect(comment.range).toEqual({ start: { line: 4, character: line.indexOf(';') }, end: { line: 4, character: line.length } });
    expect(line.indexOf(';')).toBe(16);

    const actions = await client.request<{ title: string; isPreferred: boolean; edit: { changes: Record<string, { range: LspDiagnostic['range']; newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(ini) },
      range: comment.range,
      context: { diagnostics: [comment] },
    });
    expect(actions).toHaveLength(1);
    expect(actions[0].isPreferred).toBe(false);
    expect(actions[0].title).toContain('changes what the server does');
    // The edit removes ` ; note` (the space before it too), in the buffer's coordinates.
    const [edit] = actions[0].edit.changes[uriOf(ini)];
    expect(edit.newText).toBe('');
    expect(edit.range).toEqual({ start: { line: 4, character: line.indexOf(' ;') }, end: { line: 4, character: line.length } });

    // A buffer that keeps the byte-order mark: it comes before our column 1 on the first line
    // (uWSGI does not skip it, so `[uwsgi]` is no section header: uwsgi/section).
    const bom = join(dir, 'bom.ini');
    await client.open(bom, '\uFEFF[uwsgi]\nmodule = app.wsgi\n');
    const header = (await client.diagnostics(bom, has('uwsgi/section'))).find((d) => d.code === 'uwsgi/section')!;
    expect(header.range).toEqual({ start: { line: 0, character: 1 }, end: { line: 0, character: 8 } });
  });

  it('lints the unsaved buffer, not the file on disk', async () => {
    const dir = workspace('unsaved', { 'app.ini': '[uwsgi]\nmodule = app.wsgi\nhttp = :8000\nuid = app\ngid = app\n' });
    const ini = join(dir, 'app.ini');
    client = await startClient(dir);
    await client.open(ini, '[uwsgi]\nmodule = app.wsgi\nhttp = :8000\nuid = app\ngid = app\nprocesess = 4\n');
    const found = await client.diagnostics(ini);
    expect(found.find((x) => x.code === 'uwsgi/unknown-option')?.range.start.line).toBe(5);
  });

  it('judges a site with the ini of its repository (read from disk when not open), and relints it when the open ini changes', async () => {
    const dir = workspace('pair', { 'site.conf': SITE, 'app.ini': INI_WRONG_SOCKET });
    const site = join(dir, 'site.conf');
    const ini = join(dir, 'app.ini');
    client = await startClient(dir);
    await client.open(site, SITE);
    const first = await client.diagnostics(site, has('pair/socket-mismatch'));
    const mismatch = first.find((x) => x.code === 'pair/socket-mismatch')!;
    expect(mismatch.range).toEqual({ start: { line: 5, character: 19 }, end: { line: 5, character: 41 } });
    expect(mismatch.severity).toBe(1);
    // The other side of the pair: the ini's socket line.
    expect(mismatch.relatedInformation?.[0].location).toEqual({ uri: uriOf(ini), range: { start: { line: 2, character: 9 }, end: { line: 2, character: 28 } } });

    // The ini opened and fixed in its buffer only (disk still has the wrong socket): the site's finding goes.
    await client.open(ini, INI_WRONG_SOCKET);
    await client.diagnostics(ini);
    await client.change(ini, INI_RIGHT_SOCKET);
    const after = await client.diagnostics(site, lacks('pair/socket-mismatch'));
    expect(codes(after)).not.toContain('pair/socket-mismatch');

    // Closed, the ini is read from disk again: the wrong socket is back.
    await client.close(ini);
    await client.diagnostics(site, has('pair/socket-mismatch'));
  });

  it('relints, on a change, the open documents that read it as a partner, and not the others', async () => {
    const other = SITE.replace('example.com', 'other.example.com').replace('app.sock', 'other.sock');
    const dir = workspace('dependents', { 'site.conf': SITE, 'other.conf': other, 'app.ini': INI_RIGHT_SOCKET });
    const site = join(dir, 'site.conf');
    const otherSite = join(dir, 'other.conf');
    const ini = join(dir, 'app.ini');
    client = await startClient(dir);
    await client.open(ini, INI_RIGHT_SOCKET);
    await client.diagnostics(ini);
    await client.open(otherSite, other);
    await client.diagnostics(otherSite, has('pair/socket-mismatch'));
    await client.open(site, SITE);
    await client.diagnostics(site);
    // Let the relints the opens started settle.
    await new Promise((done) => setTimeout(done, 1000));
    const before = { ini: client.publishCount(ini), other: client.publishCount(otherSite) };

    // A site that passes to the ini's socket no more: the ini (which reads every config) is relinted,
    // the other site (which reads only inis and main configs) is not.
    await client.change(site, SITE.replace('location / {', 'location /app/ {'));
    await client.diagnostics(site);
    await client.diagnostics(ini);
    await new Promise((done) => setTimeout(done, 1000));
    expect(client.publishCount(ini)).toBeGreaterThan(before.ini);
    expect(client.publishCount(otherSite)).toBe(before.other);
  });

  it('reads the files a buffer includes from disk, as the CLI does (pathMappings)', async () => {
    const dir = workspace('includes', { '.nginx-uwsgi-lint.json': '{ "pathMappings": [{ "from": "/etc/nginx", "to": "." }] }', 'app.ini': INI_RIGHT_SOCKET });
    mkdirSync(join(dir, 'snippets'));
    writeFileSync(join(dir, 'snippets/app.conf'), 'uwsgi_read_timeout 30s;\n');
    const site = join(dir, 'site.conf');
    client = await startClient(dir);
    await client.open(site, SITE.replace('include uwsgi_params;', 'include uwsgi_params;\n        include snippets/app.conf;'));
    const found = await client.diagnostics(site);
    expect(codes(found)).not.toContain('nginx/missing-include');
    // And a missing one is still reported.
    await client.change(site, SITE.replace('include uwsgi_params;', 'include uwsgi_params;\n        include snippets/gone.conf;'));
    await client.diagnostics(site, has('nginx/missing-include'));
  });

  it('reads an open included file from its unsaved buffer, and relints the sites that include it when it changes', async () => {
    const PARAMS = 'uwsgi_param QUERY_STRING $query_string;\nuwsgi_param REQUEST_METHOD $request_method;\nuwsgi_param PATH_INFO $document_uri;\n';
    const WITHOUT_PATH_INFO = PARAMS.replace('uwsgi_param PATH_INFO $document_uri;\n', '');
    // On disk the snippet lacks PATH_INFO: the site that includes it, read from disk, gets pair/missing-params.
    const dir = workspace('open-include', { '.nginx-uwsgi-lint.json': '{ "pathMappings": [{ "from": "/etc/nginx", "to": "." }] }', 'app.ini': INI_RIGHT_SOCKET, 'snippet.conf': WITHOUT_PATH_INFO });
    const site = join(dir, 'site.conf');
    const snippet = join(dir, 'snippet.conf');
    const SITE_WITH_SNIPPET = SITE.replace('include uwsgi_params;', 'include snippet.conf;');
    writeFileSync(site, SITE_WITH_SNIPPET);
    client = await startClient(dir);
    await client.open(site, SITE_WITH_SNIPPET);
    const first = await client.diagnostics(site, has('pair/missing-params'));
    expect(first.find((d) => d.code === 'pair/missing-params')!.message).toContain('PATH_INFO');

    // The snippet opened and fixed in its buffer only (disk still lacks PATH_INFO): the site's finding goes.
    await client.open(snippet, WITHOUT_PATH_INFO);
    await client.diagnostics(snippet);
    await client.change(snippet, PARAMS);
    await client.diagnostics(site, lacks('pair/missing-params'));
    // And a mistake made in the snippet's buffer comes back in the site.
    await client.change(snippet, PARAMS.replace('REQUEST_METHOD', 'REQUEST_METOD'));
    const broken = await client.diagnostics(site, has('pair/missing-params'));
    expect(broken.find((d) => d.code === 'pair/missing-params')!.message).toContain('REQUEST_METHOD');

    // Closed, the snippet is read from disk again.
    await client.change(snippet, PARAMS);
    await client.diagnostics(site, lacks('pair/missing-params'));
    await client.close(snippet);
    const closed = await client.diagnostics(site, has('pair/missing-params'));
    expect(closed.find((d) => d.code === 'pair/missing-params')!.message).toContain('PATH_INFO');
  });

  it('does not read an open buffer that the file boundary keeps out (another directory of the workspace)', async () => {
    // The workspace folder holds the site's repository and, beside it, another directory: the
    // run may read below the repository only (docs/security.md), open in the editor or not.
    const folder = join(tmp, 'boundary');
    mkdirSync(join(folder, 'repo', '.git'), { recursive: true });
    mkdirSync(join(folder, 'other'));
    const snippet = join(folder, 'other', 'snippet.conf');
    writeFileSync(snippet, '');
    const site = join(folder, 'repo', 'site.conf');
    const text = `server {\n    listen 80;\n    location / {\n        include ${snippet};\n        uwsgi_pass unix:/run/app.sock;\n    }\n}\n`;
    client = await startClient(folder);
    await client.open(snippet, 'uwsgi_param QUERY_STRING $query_string;\n');
    await client.diagnostics(snippet);
    await client.open(site, text);
    const found = await client.diagnostics(site, has('lint/file-access'));
    expect(found.find((d) => d.code === 'lint/file-access')!.message).toContain('lies outside the linted tree: not read');
    // The buffer's uwsgi_param did not reach the site: no params in force.
    expect(found.find((d) => d.code === 'pair/missing-params')!.message).toContain('has no `uwsgi_param` in force');
  });

  it('reads an open context file (a Dockerfile beside the ini) from its unsaved buffer', async () => {
    const DOCKERFILE = 'FROM python:3.12\nCOPY app.ini /project/app.ini\nCMD ["uwsgi", "--ini", "/project/app.ini"]\n';
    const INI = '[uwsgi]\nmodule = app:application\nsocket = /run/uwsgi/app.sock\n';
    const dir = workspace('open-context', { Dockerfile: DOCKERFILE, 'app.ini': INI });
    const ini = join(dir, 'app.ini');
    const dockerfile = join(dir, 'Dockerfile');
    client = await startClient(dir);
    // Started by the Dockerfile on disk as root, with no uid: uwsgi/runs-as-root.
    await client.open(ini, INI);
    await client.diagnostics(ini, has('uwsgi/runs-as-root'));
    await client.open(dockerfile, DOCKERFILE, 'dockerfile');
    await client.diagnostics(dockerfile);
    await client.change(dockerfile, DOCKERFILE.replace('CMD', 'USER app\nCMD'));
    await client.diagnostics(ini, lacks('uwsgi/runs-as-root'));
  });

  it('turns a broken configuration file into one diagnostic, and keeps serving', async () => {
    const dir = workspace('broken-config', { '.nginx-uwsgi-lint.json': '{ "rules": { "uwsgi/vacuum": "loud" } }' });
    const ini = join(dir, 'app.ini');
    client = await startClient(dir);
    await client.open(ini, '[uwsgi]\nmodule = app.wsgi\nhttp = :8000\n');
    const found = await client.diagnostics(ini);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'config', severity: 1, range: { start: { line: 0, character: 0 } } });
    expect(found[0].message).toContain('.nginx-uwsgi-lint.json');
    // Still alive: a fixed configuration is read on the next change.
    writeFileSync(join(dir, '.nginx-uwsgi-lint.json'), '{ "rules": { "uwsgi/vacuum": "off" } }');
    await client.change(ini, '[uwsgi]\nmodule = app.wsgi\nhttp = :8000\nprocesess = 2\n');
    const next = await client.diagnostics(ini, has('uwsgi/unknown-option'));
    expect(codes(next)).not.toContain('config');
  });

  it('says nothing about a file the configuration ignores', async () => {
    const dir = workspace('ignored', { '.nginx-uwsgi-lint.json': '{ "ignores": ["legacy/**"] }' });
    mkdirSync(join(dir, 'legacy'));
    const text = '[uwsgi]\nmodule = app.wsgi\nhttp-socket = 127.0.0.1:8000\nuid = app\ngid = app\nprocesess = 4\n';
    writeFileSync(join(dir, 'legacy/app.ini'), text);
    client = await startClient(dir);
    await client.open(join(dir, 'legacy/app.ini'), text);
    expect(await client.diagnostics(join(dir, 'legacy/app.ini'))).toEqual([]);
    // The same text outside legacy/ is linted.
    await client.open(join(dir, 'app.ini'), text);
    await client.diagnostics(join(dir, 'app.ini'), has('uwsgi/unknown-option'));
  });

  it('says nothing about an ini that is not uWSGI\'s', async () => {
    const dir = workspace('tox', {});
    const tox = join(dir, 'tox.ini');
    client = await startClient(dir);
    await client.open(tox, '[tox]\nenvlist = py311\n\n[testenv]\ncommands = pytest\n');
    expect(await client.diagnostics(tox)).toEqual([]);
  });

  it('answers a change to a 2,000-line site within the debounce and a lint (the figure in docs/editors.md)', async () => {
    const locations = Array.from({ length: 498 }, (_, i) => `    location /app${i}/ {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/app/app.sock;\n    }\n`).join('');
    const big = `server {\n    listen 80;\n    server_name example.com;\n${locations}    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/app/app.sock;\n    }\n}\n`;
    expect(big.split('\n').length).toBeGreaterThanOrEqual(2000);
    const dir = workspace('latency', { 'app.ini': INI_RIGHT_SOCKET });
    const site = join(dir, 'site.conf');
    client = await startClient(dir);
    await client.open(site, big);
    await client.diagnostics(site, lacks('pair/socket-mismatch'));
    const broken = big.replace('location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/app/app.sock;', 'location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/app/typo.sock;');
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const start = performance.now();
      await client.change(site, i % 2 === 0 ? broken : big);
      await client.diagnostics(site, i % 2 === 0 ? has('pair/socket-mismatch') : lacks('pair/socket-mismatch'));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = (times[2] + times[3]) / 2;
    console.log(`LSP latency, didChange to publishDiagnostics, ${big.split('\n').length - 1}-line site with its ini: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[5].toFixed(0)}; ${150} ms of it is the debounce)`);
    // The debounce is 150 ms: an answer sooner would mean the change was not debounced.
    expect(times[0]).toBeGreaterThanOrEqual(150);
    expect(median).toBeLessThan(5000);
  });
});
