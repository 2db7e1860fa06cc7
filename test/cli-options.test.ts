// The CLI options of issue #6: formats, --output, --rule, --list-rules, --explain, --print-config,
// --stdin. (Exit codes, text, JSON, --quiet and colour are in test/cli.test.ts; --fix in test/fix.test.ts.)
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runCli } from '../src/cli.js';
import { didYouMean } from '../src/suggest.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nul-cli-options-'));
  mkdirSync(join(tmp, 'proj'));
  // An unclosed block (nginx/syntax, an error) and an ini whose only section is [prod] (uwsgi/section).
  writeFileSync(join(tmp, 'proj/site.conf'), 'server {\n\tlisten 80;\n\tlocation / {\n\t\tuwsgi_pass unix:/run/app.sock;\n\t}\n');
  writeFileSync(join(tmp, 'proj/app.ini'), '[prod]\nsocket = /run/app.sock\nmaster = true\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[], options: { stdin?: string; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd ?? tmp,
    env: {},
    readStdin: async () => options.stdin ?? '',
  });
  return { code, stdout, stderr };
}

function expectUsageError(r: { code: number; stdout: string; stderr: string }, mentions: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(mentions);
}

const ruleIdsOf = (json: string) =>
  JSON.parse(json).results.flatMap((f: { messages: { ruleId: string }[] }) => f.messages.map((m) => m.ruleId)) as string[];

describe('--format sarif and github', () => {
  it('writes SARIF', async () => {
    const r = await run(['--format', 'sarif', 'proj']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'nginx/syntax')).toBe(true);
  });

  it('writes workflow commands', async () => {
    const r = await run(['--format', 'github', 'proj']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=proj\/site\.conf,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=nginx\/syntax::/m);
    for (const line of r.stdout.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) file=/);
  });
});

describe('--output', () => {
  it('writes the report to the file, nothing to stdout, and keeps the exit code', async () => {
    const r = await run(['--format', 'sarif', '--output', 'report.sarif', 'proj']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(readFileSync(join(tmp, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('writes text without colour', async () => {
    await run(['-o', 'report.txt', 'proj']);
    const text = readFileSync(join(tmp, 'report.txt'), 'utf8');
    expect(text).toContain('proj/site.conf:');
    expect(text).not.toContain('\u001b[');
  });

  it('fails in one line when the file cannot be written', async () => {
    const r = await run(['--output', 'no/such/dir/report.txt', 'proj']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/dir/report.txt');
  });
});

describe('--rule', () => {
  it('turns a rule off and changes a severity, later flags winning', async () => {
    const off = await run(['--format', 'json', '--rule', 'nginx/syntax:off', 'proj']);
    expect(ruleIdsOf(off.stdout)).not.toContain('nginx/syntax');
    const warn = await run(['--format', 'json', '--rule', 'nginx/syntax:off', '--rule', 'nginx/syntax:warning', 'proj']);
    const doc = JSON.parse(warn.stdout);
    const syntax = doc.results.flatMap((f: { messages: { ruleId: string; severity: string }[] }) => f.messages).filter((m: { ruleId: string }) => m.ruleId === 'nginx/syntax');
    expect(syntax).toHaveLength(1);
    expect(new Set(syntax.map((m: { severity: string }) => m.severity))).toEqual(new Set(['warning']));
  });

  it('overrides the config file', async () => {
    writeFileSync(join(tmp, 'cfg.json'), JSON.stringify({ rules: { 'nginx/syntax': 'off' } }));
    const r = await run(['--format', 'json', '--config', 'cfg.json', '--rule', 'nginx/syntax:info', 'proj']);
    expect(ruleIdsOf(r.stdout)).toContain('nginx/syntax');
  });

  it('rejects an unknown rule with a suggestion, and a bad severity', async () => {
    expectUsageError(await run(['--rule', 'nginx/syntaxx:off', 'proj']), 'did you mean "nginx/syntax"');
    expectUsageError(await run(['--rule', 'syntax:off', 'proj']), 'unknown rule "syntax"');
    expectUsageError(await run(['--rule', 'nginx/syntax:fatal', 'proj']), 'fatal');
    expectUsageError(await run(['--rule', 'nginx/syntax', 'proj']), '<rule>:<severity>');
  });

  it('suggests by edit distance or by the name after the slash', () => {
    expect(didYouMean('uwsgi/sectoin', ['uwsgi/section', 'nginx/syntax'])).toBe('uwsgi/section');
    expect(didYouMean('bom', ['nginx/bom', 'nginx/syntax'])).toBe('nginx/bom');
    expect(didYouMean('something-else-entirely', ['nginx/bom'])).toBeUndefined();
  });
});

describe('--list-rules, --explain, --print-config', () => {
  it('lists every registered rule with its default severity', async () => {
    const r = await run(['--list-rules']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(rules.length);
    for (const [i, rule] of rules.entries()) {
      expect(lines[i].startsWith(rule.meta.id + ' ')).toBe(true);
      expect(lines[i]).toContain(rule.meta.defaultSeverity);
    }
  });

  it("prints a rule's doc", async () => {
    const r = await run(['--explain', 'nginx/syntax']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(new URL('../rules/nginx-syntax.md', import.meta.url), 'utf8'));
    expectUsageError(await run(['--explain', 'nginx/sintax']), 'did you mean "nginx/syntax"');
  });

  it('prints the configuration in effect, every rule with its severity', async () => {
    writeFileSync(join(tmp, 'cfg2.json'), JSON.stringify({ nginxUser: 'nginx', rules: { 'uwsgi/section': 'warning' } }));
    const r = await run(['--print-config', '--config', 'cfg2.json', '--rule', 'nginx/bom:off']);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.configFile).toBe(join(tmp, 'cfg2.json'));
    const config = printed.settings;
    expect(config.nginxUser).toBe('nginx');
    expect(Object.keys(config.rules)).toEqual(rules.map((x) => x.meta.id));
    expect(config.rules['uwsgi/section']).toBe('warning');
    expect(config.rules['nginx/bom']).toBe('off');
    expect(config.rules['nginx/syntax']).toBe('error');
  });
});

describe('configuration found from each file up (pyproject.toml too)', () => {
  let repo: string;
  beforeAll(() => {
    repo = join(tmp, 'repo');
    const files: Record<string, string> = {
      'pyproject.toml': '[project]\nname = "shop"\n\n[tool.nginx-uwsgi-lint]\nuwsgiUser = "shop"\n\n[tool.nginx-uwsgi-lint.rules]\n"uwsgi/all-interfaces" = "error"\n',
      'deploy/app.ini': '[uwsgi]\nsocket = :3031\nmodule = app\n',
      'legacy/.nginx-uwsgi-lint.json': JSON.stringify({ rules: { 'uwsgi/all-interfaces': 'off' } }),
      'legacy/old.ini': '[uwsgi]\nsocket = :3031\nmodule = app\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(repo, path, '..'), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
  });
  const findings = (stdout: string, cwd = repo) =>
    (JSON.parse(stdout) as { results: { filePath: string; messages: { ruleId: string; severity: string }[] }[] }).results.map((f) => [relative(repo, resolve(cwd, f.filePath)).split(sep).join('/'), f.messages.filter((m) => m.ruleId === 'uwsgi/all-interfaces').map((m) => m.severity)]).sort();

  it('each file gets its closest configuration file, whatever the working directory', async () => {
    for (const cwd of [repo, join(repo, 'deploy'), join(repo, 'legacy')]) {
      const r = await run(['--format', 'json', join(repo, 'deploy'), join(repo, 'legacy')], { cwd });
      expect(findings(r.stdout, cwd)).toEqual([
        ['deploy/app.ini', ['error']],
        ['legacy/old.ini', []],
      ]);
      expect(r.code).toBe(1);
    }
  });

  it('ignores in a configuration file are relative to its directory, from any working directory', async () => {
    const dir = join(tmp, 'ignoring');
    mkdirSync(join(dir, 'vendor'), { recursive: true });
    mkdirSync(join(dir, 'deploy'), { recursive: true });
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.nginx-uwsgi-lint]\nignores = ["vendor/**"]\n');
    writeFileSync(join(dir, 'vendor/v.ini'), '[uwsgi]\nmodule = app\n');
    writeFileSync(join(dir, 'deploy/d.ini'), '[uwsgi]\nmodule = app\n');
    const r = await run(['--format', 'json', '..'], { cwd: join(dir, 'deploy') });
    expect(JSON.parse(r.stdout).results.map((f: { filePath: string }) => f.filePath)).toEqual(['d.ini']);
  });

  it('--rule applies to every file, over each one\'s configuration', async () => {
    const r = await run(['--format', 'json', '--rule', 'uwsgi/all-interfaces:info', 'deploy', 'legacy'], { cwd: repo });
    expect(findings(r.stdout)).toEqual([
      ['deploy/app.ini', ['info']],
      ['legacy/old.ini', ['info']],
    ]);
  });

  it('standard input gets the configuration of --stdin-filename', async () => {
    const ini = '[uwsgi]\nsocket = :3031\nmodule = app\n';
    const inLegacy = await run(['--stdin', '--stdin-filename', 'legacy/new.ini', '--format', 'json'], { cwd: repo, stdin: ini });
    expect(findings(inLegacy.stdout)).toEqual([['legacy/new.ini', []]]);
    const inDeploy = await run(['--stdin', '--stdin-filename', 'deploy/new.ini', '--format', 'json'], { cwd: repo, stdin: ini });
    expect(findings(inDeploy.stdout)).toEqual([['deploy/new.ini', ['error']]]);
  });

  it('--print-config <file> shows every setting that file gets, the defaults named, and the file they come from', async () => {
    const r = await run(['--print-config', '../deploy/app.ini'], { cwd: join(repo, 'legacy') });
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.file).toBe(join(repo, 'deploy/app.ini'));
    expect(printed.configFile).toBe(join(repo, 'pyproject.toml'));
    expect(Object.keys(printed.settings)).toEqual(['rules', 'nginxVersion', 'nginxUser', 'uwsgiBuild', 'uwsgiStartsAs', 'uwsgiUser', 'pathMappings', 'nginxPrefix', 'ignores', 'pairs', 'env', 'uwsgiLaunchDir', 'maxFileBytes']);
    expect(printed.settings).toMatchObject({ uwsgiUser: 'shop', nginxUser: 'www-data', nginxPrefix: '/etc/nginx', nginxVersion: null, pairs: [], maxFileBytes: 32 * 1024 * 1024 });
    expect(printed.settings.rules['uwsgi/all-interfaces']).toBe('error');
    expect(Object.keys(printed.settings.rules)).toEqual(rules.map((x) => x.meta.id));
    expect(printed.defaults).not.toContain('uwsgiUser');
    expect(printed.defaults).not.toContain('rules');
    expect(printed.defaults).toContain('nginxUser');
  });

  it('--print-config without a path shows what the working directory gets; a directory, what its files get', async () => {
    const here = JSON.parse((await run(['--print-config'], { cwd: join(repo, 'legacy') })).stdout);
    expect(here.configFile).toBe(join(repo, 'legacy/.nginx-uwsgi-lint.json'));
    expect(here.settings.rules['uwsgi/all-interfaces']).toBe('off');
    const dir = JSON.parse((await run(['--print-config', 'deploy'], { cwd: repo })).stdout);
    expect(dir.configFile).toBe(join(repo, 'pyproject.toml'));
    const none = JSON.parse((await run(['--print-config'], { cwd: join(tmp, 'proj') })).stdout);
    expect(none.configFile).toBeNull();
    expect(none.defaults).toContain('rules');
    expectUsageError(await run(['--print-config', 'deploy', 'legacy'], { cwd: repo }), '--print-config shows one file\'s configuration; got 2 paths');
  });

  it('a per-run setting given two values in one run stops it with both files named (exit 2, one line)', async () => {
    writeFileSync(join(repo, 'legacy/.nginx-uwsgi-lint.json'), JSON.stringify({ uwsgiUser: 'legacy' }));
    try {
      expectUsageError(await run(['deploy', 'legacy'], { cwd: repo }), `uwsgiUser is "legacy" in ${join('legacy', '.nginx-uwsgi-lint.json')} but "shop" in pyproject.toml`);
      // Alone, each side's run has one value.
      expect((await run(['legacy'], { cwd: repo })).code).toBe(0);
    } finally {
      writeFileSync(join(repo, 'legacy/.nginx-uwsgi-lint.json'), JSON.stringify({ rules: { 'uwsgi/all-interfaces': 'off' } }));
    }
  });

  it('an error in [tool.nginx-uwsgi-lint] is one line naming the file and the key, exit 2', async () => {
    const bad = join(tmp, 'bad-py');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'pyproject.toml'), '[tool.nginx-uwsgi-lint]\nuwsgiBuild = "pip"\n');
    writeFileSync(join(bad, 'app.ini'), '[uwsgi]\nmodule = app\n');
    expectUsageError(await run(['app.ini'], { cwd: bad }), `${join(bad, 'pyproject.toml')}: [tool.nginx-uwsgi-lint]: "uwsgiBuild" must be "monolithic" or "modular"`);
    writeFileSync(join(bad, 'pyproject.toml'), '[tool.nginx-uwsgi-lint\nuwsgiBuild = "pip"\n');
    expectUsageError(await run(['app.ini'], { cwd: bad }), `${join(bad, 'pyproject.toml')}:1:`);
  });
});

describe('--stdin', () => {
  const ini = '[prod]\nsocket = /run/app.sock\nmaster = true\n';

  it('lints standard input, classified by its text', async () => {
    const r = await run(['--stdin', '--format', 'json'], { stdin: ini });
    const doc = JSON.parse(r.stdout);
    expect(doc.results.map((f: { filePath: string; kind: string }) => [f.filePath, f.kind])).toEqual([['<stdin>', 'uwsgi']]);
    expect(ruleIdsOf(r.stdout)).toContain('uwsgi/section');
  });

  it('reports it under --stdin-filename, which also breaks classification ties', async () => {
    const r = await run(['--stdin', '--stdin-filename', 'deploy/site.conf', '--format', 'json'], { stdin: 'server {\n' });
    const doc = JSON.parse(r.stdout);
    expect(doc.results.map((f: { filePath: string; kind: string }) => [f.filePath, f.kind])).toEqual([['deploy/site.conf', 'nginx']]);
    expect(r.code).toBe(1);
    const byName = await run(['--stdin', '--stdin-filename', 'app.ini', '--format', 'json'], { stdin: '' });
    expect(JSON.parse(byName.stdout).results[0].kind).toBe('uwsgi');
  });

  it('shows the source line in text output', async () => {
    const r = await run(['--stdin', '--stdin-filename', 'site.conf'], { stdin: 'server {\n\tlisten 80\n}\n' });
    expect(r.stdout).toMatch(/^site\.conf:\d+:\d+: /);
    expect(r.stdout).toContain('| ');
  });

  it('rejects paths with --stdin, and --stdin-filename without it', async () => {
    expectUsageError(await run(['--stdin', 'proj']), '--stdin');
    expectUsageError(await run(['--stdin-filename', 'x.conf', 'proj']), '--stdin-filename');
  });
});

describe('help', () => {
  it('lists every option', async () => {
    const r = await run(['--help']);
    for (const flag of ['--format', '--output', '--config', '--rule', '--fix', '--unsafe-fixes', '--stdin', '--stdin-filename', '--color', '--no-color', '--quiet', '--max-warnings', '--list-rules', '--explain', '--print-config', '--help', '--version']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('text, json, sarif, github');
  });
});
