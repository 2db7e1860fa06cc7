import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

async function run(argv: string[], cwd = repo, env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

/** A usage failure: exit 2, one line on stderr, nothing on stdout, no stack trace. */
function expectUsageError(r: { code: number; stdout: string; stderr: string }, mentions: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toContain(mentions);
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-cli-'));
  mkdirSync(join(tmp, 'docs'));
  writeFileSync(join(tmp, 'docs/README.md'), '# nothing to lint here\n');
  writeFileSync(join(tmp, 'bad.json'), '{ not json');
  // A small project whose problems do not depend on any pairing rule: an nginx syntax error
  // (a block never closed) beside an ini whose only section is not [uwsgi] (a warning).
  mkdirSync(join(tmp, 'proj/nginx'), { recursive: true });
  writeFileSync(join(tmp, 'proj/nginx/site.conf'), 'server {\n\tlisten 80;\n\tlocation / {\n\t\tuwsgi_pass unix:/run/app.sock;\n\t}\n');
  writeFileSync(join(tmp, 'proj/app.ini'), '[prod]\nsocket = /run/app.sock\nmaster = true\n');
  writeFileSync(join(tmp, 'proj/README.md'), '# proj\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('usage errors exit 2 with one line', () => {
  it('unknown flag', async () => expectUsageError(await run(['--bogus', 'examples/clean']), '--bogus'));
  it('nonexistent path', async () => expectUsageError(await run(['no/such/dir']), 'no/such/dir'));
  it('a glob that matches nothing', async () => expectUsageError(await run(['examples/**/*.nothing']), '*.nothing'));
  it('unknown format', async () => expectUsageError(await run(['--format', 'xml', 'examples/clean']), 'xml'));
  it('a format named like a property of every object', async () => expectUsageError(await run(['--format', 'constructor', 'examples/clean']), 'constructor'));
  it('missing option value', async () => expectUsageError(await run(['examples/clean', '--format']), '--format'));
  it('bad --max-warnings', async () => expectUsageError(await run(['--max-warnings', 'many', 'examples/clean']), 'many'));
  it('a config that is not JSON', async () => expectUsageError(await run(['--config', 'bad.json', '.'], tmp), 'bad.json'));
  it('a config that does not exist', async () => expectUsageError(await run(['--config', 'none.json', '.'], tmp), 'none.json'));
  it('a config with an unknown setting', async () => {
    writeFileSync(join(tmp, 'unknown-setting.json'), '{ "colour": true }');
    expectUsageError(await run(['--config', 'unknown-setting.json', 'proj'], tmp), 'colour');
  });
  it('a directory with nothing to lint', async () => expectUsageError(await run(['docs'], tmp), 'no nginx or uWSGI files'));
});

describe('help and version', () => {
  it('prints help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: nginx-uwsgi-lint/);
    for (const flag of ['--format', '--config', '--no-color', '--quiet', '--max-warnings', '--version']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('prints the package version', async () => {
    const r = await run(['-v']);
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('linting', () => {
  it('exits 1 on an error and prints it actionlint-style, with a summary', async () => {
    const r = await run(['--no-color', 'proj'], tmp);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^proj\/nginx\/site\.conf:\d+:\d+: .+ \[[^\]]+\]$/m);
    expect(r.stdout).toMatch(/^proj\/app\.ini:\d+:\d+: .+ \[[^\]]+\]$/m);
    expect(r.stdout).toMatch(/^\s*\d+ \| /m);
    expect(r.stdout).toMatch(/^\s+\| *\^/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ errors?(, \d+ warnings?)?(, \d+ infos?)? in 2 files$/);
    expect(r.stdout).not.toContain('README');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('colours only when asked or on a terminal', async () => {
    expect((await run(['--color', 'proj'], tmp)).stdout).toContain('\u001b[31m');
    expect((await run(['--color', '--no-color', 'proj'], tmp)).stdout).not.toContain('\u001b[');
    expect((await run(['proj'], tmp, { FORCE_COLOR: '1' })).stdout).toContain('\u001b[');
    expect((await run(['proj'], tmp, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });

  it('writes the documented JSON shape', async () => {
    const r = await run(['--format', 'json', 'proj'], tmp);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['results', 'errorCount', 'warningCount', 'infoCount']);
    expect(doc.results.map((f: { filePath: string; kind: string }) => [f.filePath, f.kind])).toEqual([
      ['proj/app.ini', 'uwsgi'],
      ['proj/nginx/site.conf', 'nginx'],
    ]);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const file of doc.results) {
      expect(Object.keys(file)).toEqual(['filePath', 'kind', 'messages']);
      for (const m of file.messages) {
        expect(Object.keys(m).slice(0, 8)).toEqual(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'related']);
        expect(typeof m.ruleId).toBe('string');
        expect(['error', 'warning', 'info']).toContain(m.severity);
        for (const key of ['line', 'column', 'endLine', 'endColumn']) expect(Number.isInteger(m[key]) && m[key] >= 1).toBe(true);
        for (const rel of m.related) {
          expect(typeof rel.filePath).toBe('string');
          expect(typeof rel.message).toBe('string');
        }
        counts[m.severity as keyof typeof counts]++;
      }
    }
    expect([doc.errorCount, doc.warningCount, doc.infoCount]).toEqual([counts.error, counts.warning, counts.info]);
    // Every severity shows up, so the shape above was checked on each.
    expect(doc.results.flatMap((f: { filePath: string; messages: { line: number; severity: string; ruleId: string }[] }) => f.messages.map((m) => `${f.filePath}:${m.line} ${m.severity} ${m.ruleId}`))).toEqual([
      'proj/app.ini:1 error uwsgi/section',
      'proj/nginx/site.conf:4 warning pair/missing-params',
      'proj/nginx/site.conf:4 info pair/unpaired',
      'proj/nginx/site.conf:6 error nginx/syntax',
    ]);
    expect(r.stdout).not.toContain('"text"');
  });

  it('--quiet lists errors only, and still exits 1 on them', async () => {
    const r = await run(['--quiet', '--format', 'json', 'proj'], tmp);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const found = doc.results.flatMap((f: { messages: { severity: string; ruleId: string }[] }) => f.messages.map((m) => `${m.severity} ${m.ruleId}`));
    expect(found).toEqual(['error uwsgi/section', 'error nginx/syntax']);
    expect([doc.warningCount, doc.infoCount]).toEqual([0, 0]);
  });

  it('lints a single file named outright, by content', async () => {
    const dir = join(tmp, 'single');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.conf'), readFileSync(join(repo, 'examples/clean/mysite_uwsgi.ini')));
    const doc = JSON.parse((await run(['--format', 'json', 'app.conf'], dir)).stdout);
    expect(doc.results.map((f: { filePath: string; kind: string }) => [f.filePath, f.kind])).toEqual([['app.conf', 'uwsgi']]);
  });
});

describe('the examples', () => {
  it('exits 0 with no errors for the clean deployment', async () => {
    const r = await run(['examples/clean']);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\d+ errors?\b/);
    expect(r.code).toBe(0);
  });

  it('exits 1 for the mistakes, with problems in both kinds of file', async () => {
    const r = await run(['--no-color', 'examples/mistakes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^examples\/mistakes\/mysite_nginx\.conf:\d+:\d+: /m);
    expect(r.stdout).toMatch(/^examples\/mistakes\/mysite_uwsgi\.ini:\d+:\d+: /m);
  });
});

describe('--max-warnings', () => {
  let warned: { code: number; stdout: string } | undefined;
  let dir: string;

  beforeAll(async () => {
    // Only a [prod] section: uWSGI started with --ini app.ini loads nothing from it (made a warning here).
    dir = join(tmp, 'warn');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.ini'), '[prod]\nmodule = app:application\nmaster = true\n');
    writeFileSync(join(dir, '.nginx-uwsgi-lint.json'), JSON.stringify({ rules: { 'uwsgi/section': 'warning' } }));
    const r = await run(['--format', 'json', 'app.ini'], dir);
    warned = r;
  });

  it('does not fail on warnings by default, and fails once they exceed the limit', async () => {
    const doc = JSON.parse(warned!.stdout);
    expect(doc.errorCount).toBe(0);
    expect(doc.warningCount).toBe(1);
    expect(warned!.code).toBe(0);
    const over = await run(['--max-warnings', '0', 'app.ini'], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('--max-warnings 0');
    const within = await run(['--max-warnings', String(doc.warningCount), 'app.ini'], dir);
    expect(within.code).toBe(0);
  });
});

describe('configuration', () => {
  it('applies --config, and finds .nginx-uwsgi-lint.json on its own', async () => {
    const dir = join(tmp, 'configured');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.ini'), '[prod]\nmodule = app:application\nmaster = true\n');
    const before = JSON.parse((await run(['--format', 'json', 'app.ini'], dir)).stdout);
    const ruleIds = before.results.flatMap((f: { messages: { ruleId: string }[] }) => f.messages.map((m) => m.ruleId));
    expect(ruleIds).toEqual(['uwsgi/section']);
    const off = JSON.stringify({ rules: Object.fromEntries(ruleIds.map((id: string) => [id, 'off'])) });

    writeFileSync(join(tmp, 'quiet-rules.json'), off);
    const given = await run(['--format', 'json', '--config', '../quiet-rules.json', 'app.ini'], dir);
    expect(JSON.parse(given.stdout).results[0].messages).toEqual([]);

    writeFileSync(join(dir, '.nginx-uwsgi-lint.json'), off);
    const found = await run(['--format', 'json', 'app.ini'], dir);
    expect(JSON.parse(found.stdout).results[0].messages).toEqual([]);
  });
});

describe('the installed command', () => {
  const bin = join(repo, 'bin/nginx-uwsgi-lint.js');
  const built = existsSync(join(repo, 'bundle/cli.cjs'));

  it.skipIf(!built)('runs from dist with the same exit codes and no stack trace', () => {
    const bad = spawnSync(process.execPath, [bin, '--bogus'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    const clean = spawnSync(process.execPath, [bin, 'examples/clean'], { cwd: repo, encoding: 'utf8' });
    expect(clean.status).toBe(0);
    const problems = spawnSync(process.execPath, [bin, '--no-color', 'proj'], { cwd: tmp, encoding: 'utf8' });
    expect(problems.status).toBe(1);
    expect(problems.stdout).toContain('proj/nginx/site.conf:');
  });

  it.skipIf(!built)("starts from the V8 code cache the build made for this Node", () => {
    const loader = pathToFileURL(join(repo, 'bin/load-bundle.js')).href;
    const probe = `const m = await import(${JSON.stringify(loader)}); const b = m.loadBundle(); console.log(JSON.stringify({ rejected: b.cacheRejected, runCli: typeof b.exports.runCli }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: repo, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false, runCli: 'function' });
  });

  it.skipIf(!built)('ships a bundle of ASCII only, which the loader reads as latin1', () => {
    // The build escapes the non-ASCII characters of comments; a string or regex of the code
    // with one would be a UTF-8 bundle, still run (the next test) but decoded more slowly.
    const bytes = readFileSync(join(repo, 'bundle/cli.cjs'));
    const offending = bytes.findIndex((b) => b > 0x7f);
    expect(offending === -1 ? null : bytes.subarray(Math.max(0, offending - 60), offending + 20).toString('utf8')).toBeNull();
  });

  it.skipIf(!built)('runs the same with a damaged or missing code cache', () => {
    // A copy of the command whose cache is garbage, then absent: V8 rejects it, the bundle compiles.
    const copy = mkdtempSync(join(tmpdir(), 'nul-cache-'));
    try {
      mkdirSync(join(copy, 'bin'));
      mkdirSync(join(copy, 'bundle'), { recursive: true });
      for (const f of ['bin/nginx-uwsgi-lint.js', 'bin/load-bundle.js', 'bin/package.json', 'bundle/cli.cjs']) writeFileSync(join(copy, f), readFileSync(join(repo, f)));
      const expected = spawnSync(process.execPath, [bin, '--format', 'json', 'examples/mistakes'], { cwd: repo, encoding: 'utf8' });
      writeFileSync(join(copy, 'bundle/cli.cache'), Buffer.from('not a code cache'.repeat(100)));
      for (const round of ['damaged', 'missing', 'not ASCII']) {
        if (round === 'missing') rmSync(join(copy, 'bundle/cli.cache'));
        // A bundle in UTF-8 (a comment in it with a non-ASCII character) is decoded as UTF-8.
        if (round === 'not ASCII') writeFileSync(join(copy, 'bundle/cli.cjs'), `${readFileSync(join(repo, 'bundle/cli.cjs'), 'utf8')}\n// na\u00efve \u2192 ok\n`);
        const r = spawnSync(process.execPath, [join(copy, 'bin/nginx-uwsgi-lint.js'), '--format', 'json', 'examples/mistakes'], { cwd: repo, encoding: 'utf8' });
        expect(r.status, round).toBe(expected.status);
        expect(r.stderr, round).toBe('');
        expect(JSON.parse(r.stdout), round).toEqual(JSON.parse(expected.stdout));
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('an ini section named on the command line (app.ini:prod)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nul-section-'));
  writeFileSync(join(dir, 'app.ini'), '[uwsgi]\nsocket = /run/app.sock\nmodule = app:application\n\n[prod]\nsocket = /run/app.sock\nmodule = app:application\nchmod_socket = 660\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lines = async (...paths: string[]) => {
    let out = '';
    const code = await runCli(['--format', 'json', '--rule', 'uwsgi/runs-as-root:off', '--rule', 'uwsgi/vacuum:off', '--rule', 'uwsgi/die-on-term:off', '--rule', 'pair/orphan-socket:off', ...paths], { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, cwd: dir, env: {} });
    const result = JSON.parse(out);
    return { code, files: result.results.map((r: { filePath: string }) => r.filePath), found: result.results.flatMap((r: { messages: { ruleId: string; line: number }[] }) => r.messages.map((m) => `${m.ruleId}@${m.line}`)) };
  };

  it('reads that section instead of [uwsgi]', async () => {
    expect(await lines('app.ini')).toEqual({ code: 0, files: ['app.ini'], found: [] });
    expect(await lines('app.ini:prod')).toEqual({ code: 1, files: ['app.ini'], found: ['uwsgi/unknown-option@8'] });
  });

  it('is a field of lintText inputs too', async () => {
    const { lintText } = await import('../src/lint.js');
    const text = '[uwsgi]\nsocket = /run/app.sock\n\n[prod]\nsocket = /run/app.sock\nchmod_socket = 660\n';
    const result = await lintText([{ path: 'app.ini', text, section: 'prod' }], { config: { rules: { 'uwsgi/unknown-option': 'error' } } });
    expect(result.results[0].messages.filter((m) => m.ruleId === 'uwsgi/unknown-option').map((m) => m.line)).toEqual([6]);
  });

  it('reads each section named, and says when one is missing', async () => {
    const both = await lines('app.ini', 'app.ini:prod', 'app.ini:staging');
    expect(both.found).toEqual(['uwsgi/section@1', 'uwsgi/unknown-option@8']);
  });
});
