// The library's calls say what is wrong with them: lint() and lintText() refuse options they
// cannot run as given with a LintOptionsError that names the option and what was expected, as
// the CLI refuses its flags; one path is as good as a list; no path is linted twice or dropped.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError as ExportedConfigError, LintOptionsError, lint, lintText, loadConfig } from '../src/index.js';
import { ConfigError, validateConfig } from '../src/config.js';
import { runCli } from '../src/cli.js';

/** The error a call is refused with (it must be refused). */
async function refusal(call: () => Promise<unknown>): Promise<LintOptionsError> {
  try {
    await call();
  } catch (err) {
    expect(err).toBeInstanceOf(LintOptionsError);
    // Still a TypeError, for callers who catch those.
    expect(err).toBeInstanceOf(TypeError);
    return err as LintOptionsError;
  }
  throw new Error('the call was not refused');
}

const site = 'server {\n    listen 80;\n    server_name a.example;\n}\n';

describe('lint() options', () => {
  it('no options at all, or no files: names the option', async () => {
    // @ts-expect-error: what a JavaScript caller can write
    const none = await refusal(() => lint());
    expect(none.option).toBe('options');
    expect(none.message).toMatch(/^lint\(\) takes an options object such as \{ files: \[/);
    // @ts-expect-error: files is required
    const empty = await refusal(() => lint({}));
    expect(empty.option).toBe('files');
    expect(empty.message).toBe('lint(): "files" must be a path or a list of paths (strings), got undefined');
  });

  it('one path as a string is linted as that file, not as its characters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nul-api-'));
    writeFileSync(join(dir, 'site.conf'), site);
    const result = await lint({ files: join(dir, 'site.conf'), cwd: dir });
    expect(result.results.map((r) => r.filePath)).toEqual(['site.conf']);
    expect(result.results[0].kind).toBe('nginx');
    expect(result.errorCount).toBe(0);
  });

  it('refuses a file that is not a path, and the same file twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nul-api-'));
    writeFileSync(join(dir, 'site.conf'), site);
    // @ts-expect-error: a number is not a path
    const notPath = await refusal(() => lint({ files: ['site.conf', 7], cwd: dir }));
    expect(notPath.option).toBe('files[1]');
    expect(notPath.message).toBe('lint(): "files[1]" must be a file path (a non-empty string), got number 7');
    const twice = await refusal(() => lint({ files: ['site.conf', './site.conf'], cwd: dir }));
    expect(twice.option).toBe('files[1]');
    expect(twice.message).toContain('names the same file as "files[0]" (site.conf)');
    // Two sections of one ini are two runs, as on the command line.
    writeFileSync(join(dir, 'app.ini'), '[uwsgi]\nmaster = true\n[prod]\nmaster = true\n');
    await expect(lint({ files: ['app.ini', 'app.ini:prod'], cwd: dir })).resolves.toBeDefined();
  });

  it('refuses an unknown option and a cwd that is not a string', async () => {
    // @ts-expect-error: `file` is not an option
    const typo = await refusal(() => lint({ file: ['a.conf'] }));
    expect(typo.option).toBe('file');
    expect(typo.message).toContain('unknown option "file" (known: files, cwd, config, configFile, timing, roots, skipped, literal, ruleScopes, pairContext)');
    // @ts-expect-error: cwd is a string
    const cwd = await refusal(() => lint({ files: [], cwd: 3 }));
    expect(cwd.option).toBe('cwd');
  });

  it('config.rules: an unknown severity and an unknown rule id are refused, with the allowed values and a near id', async () => {
    const fatal = await refusal(() =>
      // @ts-expect-error: 'fatal' is not a severity
      lintText([{ path: 'site.conf', text: site }], { config: { rules: { 'nginx/syntax': 'fatal' } } }),
    );
    expect(fatal.option).toBe('config.rules');
    expect(fatal.message).toBe('lintText(): option "config": rule "nginx/syntax" is set to "fatal"; use error, warning, info or off, or [severity, { options }]');
    const unknown = await refusal(() => lintText([{ path: 'site.conf', text: site }], { config: { rules: { 'nginx/sintax': 'off' } } }));
    expect(unknown.option).toBe('config.rules');
    expect(unknown.message).toContain('"rules" names unknown rule "nginx/sintax"; did you mean "nginx/syntax"?');
    const bare = await refusal(() => lint({ files: [], config: { rules: { bom: 'off' } } }));
    expect(bare.message).toContain('did you mean "nginx/bom"?');
    const far = await refusal(() => lint({ files: [], config: { rules: { 'no-such-thing-at-all': 'off' } } }));
    expect(far.message).not.toContain('did you mean');
    // @ts-expect-error: an unknown setting
    const setting = await refusal(() => lint({ files: [], config: { colour: true } }));
    expect(setting.option).toBe('config.colour');
  });
});

describe('lintText() inputs', () => {
  it('the same path twice is refused, not silently dropped', async () => {
    const twice = await refusal(() =>
      lintText([
        { path: 'site.conf', text: site },
        { path: './site.conf', text: 'events {}\n' },
      ]),
    );
    expect(twice.option).toBe('inputs[1].path');
    expect(twice.message).toBe('lintText(): "inputs[1].path" (./site.conf) names the same file as "inputs[0].path" with another text; give each file once');
    const same = await refusal(() =>
      lintText([
        { path: 'site.conf', text: site },
        { path: 'site.conf', text: site },
      ]),
    );
    expect(same.message).toContain('names the same file as "inputs[0]"');
  });

  it('one ini read for two sections is not a duplicate', async () => {
    const text = '[uwsgi]\nmaster = true\n[prod]\nmaster = true\n';
    const result = await lintText([
      { path: 'app.ini', text },
      { path: 'app.ini', text, section: 'prod' },
    ]);
    expect(result.results.map((r) => r.filePath)).toEqual(['app.ini']);
  });

  it('names the field of the input that is wrong', async () => {
    // @ts-expect-error: no text
    const noText = await refusal(() => lintText([{ path: 'a.conf' }]));
    expect(noText.option).toBe('inputs[0].text');
    expect(noText.message).toBe('lintText(): "inputs[0].text" must be the file\'s text (a string), got undefined');
    // @ts-expect-error: a kind that does not exist
    const kind = await refusal(() => lintText([{ path: 'a.conf', text: '', kind: 'apache' }]));
    expect(kind.message).toBe('lintText(): "inputs[0].kind" must be one of nginx, uwsgi, context, got "apache"');
    // @ts-expect-error: a bare string is not an input
    const bare = await refusal(() => lintText('server {}'));
    expect(bare.option).toBe('inputs');
  });

  it('accepts one input object as well as a list', async () => {
    const result = await lintText({ path: 'site.conf', text: site });
    expect(result.results.map((r) => r.filePath)).toEqual(['site.conf']);
  });
});

describe('the same mistakes on the command line: exit 2, one line', () => {
  it('a config file that sets an unknown rule or severity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nul-api-cli-'));
    writeFileSync(join(dir, 'site.conf'), site);
    for (const [rules, expected] of [
      [{ 'nginx/sintax': 'off' }, 'names unknown rule "nginx/sintax"; did you mean "nginx/syntax"?'],
      [{ 'nginx/syntax': 'fatal' }, 'rule "nginx/syntax" is set to "fatal"; use error, warning, info or off, or [severity, { options }]'],
    ] as const) {
      writeFileSync(join(dir, '.nginx-uwsgi-lint.json'), JSON.stringify({ rules }));
      let stderr = '';
      let stdout = '';
      const code = await runCli(['site.conf'], {
        cwd: dir,
        env: {},
        stdout: { write: (s: string) => void (stdout += s), isTTY: false },
        stderr: { write: (s: string) => void (stderr += s) },
      } as never);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(expected);
      expect(stderr).toContain('.nginx-uwsgi-lint.json');
    }
  });

  it('validateConfig refuses an unknown rule id with ConfigError naming the setting', () => {
    // The package exports the same class, for callers of loadConfig() and lint({ configFile }).
    expect(ExportedConfigError).toBe(ConfigError);
    expect(() => validateConfig({ rules: { 'uwsgi/vacum': 'off' } }, 'x.json')).toThrow(ConfigError);
    expect(() => validateConfig({ rules: { 'uwsgi/vacum': 'off' } }, 'x.json')).toThrow('did you mean "uwsgi/vacuum"?');
  });
});

describe('lint() takes paths as the CLI does: files, directories, globs', () => {
  const app = '[uwsgi]\nmaster = true\nsocket = 127.0.0.1:3031\nmodule = app:application\n';
  const tree = () => {
    const dir = mkdtempSync(join(tmpdir(), 'nul-api-paths-'));
    mkdirSync(join(dir, 'deploy/nginx'), { recursive: true });
    writeFileSync(join(dir, 'deploy/nginx/site.conf'), site);
    writeFileSync(join(dir, 'deploy/app.ini'), app);
    writeFileSync(join(dir, 'deploy/README.md'), '# how we deploy\n');
    writeFileSync(join(dir, 'deploy/notes.conf'), 'not a config, just notes\n');
    return dir;
  };

  it('a directory is walked and keeps what classifies, as the CLI walk does', async () => {
    const dir = tree();
    const viaApi = await lint({ files: 'deploy', cwd: dir });
    expect(viaApi.results.map((r) => [r.filePath, r.kind])).toEqual([
      ['deploy/app.ini', 'uwsgi'],
      ['deploy/nginx/site.conf', 'nginx'],
    ]);
    let stdout = '';
    await runCli(['--format', 'json', 'deploy'], { cwd: dir, env: {}, stdout: { write: (s: string) => void (stdout += s), isTTY: false }, stderr: { write: () => undefined } });
    expect(JSON.parse(stdout).results.map((r: { filePath: string }) => r.filePath)).toEqual(viaApi.results.map((r) => r.filePath));
  });

  it('a glob is expanded; a file named beside it is linted whatever it holds', async () => {
    const dir = tree();
    const result = await lint({ files: ['deploy/**/*.conf', 'deploy/app.ini'], cwd: dir });
    // notes.conf matched the glob but is not nginx: passed over, as on the command line.
    expect(result.results.map((r) => r.filePath)).toEqual(['deploy/app.ini', 'deploy/nginx/site.conf']);
  });

  it('a glob that matches nothing, or directories without a config, are refused by name', async () => {
    const dir = tree();
    const glob = await refusal(() => lint({ files: ['deploy/app.ini', 'deploy/*.yaml'], cwd: dir }));
    expect(glob.option).toBe('files[1]');
    expect(glob.message).toBe(`lint(): "files[1]" (deploy/*.yaml) matches no file; check the pattern and cwd (${dir})`);
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/index.md'), '# docs\n');
    const empty = await refusal(() => lint({ files: 'docs', cwd: dir }));
    expect(empty.option).toBe('files');
    expect(empty.message).toMatch(/^lint\(\): no nginx or uWSGI files found in docs/);
  });

  it('plain files run as before: a missing one is a finding, not a refusal', async () => {
    const dir = tree();
    const result = await lint({ files: ['deploy/app.ini', 'gone.conf'], cwd: dir });
    expect(result.results.map((r) => r.filePath)).toEqual(['deploy/app.ini', 'gone.conf']);
    expect(result.results[1].messages[0].ruleId).toBe('lint/file-access');
    // Beside a directory, too.
    const mixed = await lint({ files: ['deploy/nginx', 'gone.conf'], cwd: dir });
    expect(mixed.results.map((r) => [r.filePath, r.messages.map((m) => m.ruleId)])).toEqual([
      ['deploy/nginx/site.conf', []],
      ['gone.conf', ['lint/file-access']],
    ]);
  });
});

describe('lint({ configFile }) and loadConfig(): the configuration file, as the CLI reads it', () => {
  // server_tokens on: nginx/version-disclosure, a warning by default.
  const disclosing = 'server {\n    listen 80;\n    server_name a.example;\n    server_tokens on;\n}\n';
  const project = (config: object, where = '.nginx-uwsgi-lint.json') => {
    const dir = mkdtempSync(join(tmpdir(), 'nul-api-config-'));
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy/site.conf'), disclosing);
    writeFileSync(join(dir, where), JSON.stringify(config));
    return dir;
  };
  const ruleIds = (r: Awaited<ReturnType<typeof lint>>) => r.results.flatMap((f) => f.messages.map((m) => m.ruleId));

  it('no file is read unless configFile asks: existing calls keep their results', async () => {
    const dir = project({ rules: { 'nginx/version-disclosure': 'off' } });
    expect(ruleIds(await lint({ files: 'deploy/site.conf', cwd: dir }))).toEqual(['nginx/version-disclosure']);
    expect(ruleIds(await lint({ files: 'deploy/site.conf', cwd: dir, configFile: false }))).toEqual(['nginx/version-disclosure']);
    expect(ruleIds(await lint({ files: 'deploy/site.conf', cwd: dir, configFile: true }))).toEqual([]);
  });

  it('configFile: true finds the file from cwd upward, as the CLI does; the same result as the CLI', async () => {
    const dir = project({ 'nginx-uwsgi-lint': { rules: { 'nginx/version-disclosure': 'error' } } }, 'package.json');
    const below = join(dir, 'deploy');
    const viaApi = await lint({ files: 'site.conf', cwd: below, configFile: true });
    expect(viaApi.results[0].messages.map((m) => [m.ruleId, m.severity])).toEqual([['nginx/version-disclosure', 'error']]);
    let stdout = '';
    await runCli(['--format', 'json', 'site.conf'], { cwd: below, env: {}, stdout: { write: (s: string) => void (stdout += s), isTTY: false }, stderr: { write: () => undefined } });
    expect(JSON.parse(stdout).results[0].messages).toEqual(viaApi.results[0].messages);
    const loaded = await loadConfig({ cwd: below });
    expect(loaded.path).toBe(join(dir, 'package.json'));
    expect(loaded.config.rules).toEqual({ 'nginx/version-disclosure': 'error' });
  });

  it('configFile: true and the CLI agree wherever the file lies: in cwd, above it, beside the linted file below it', async () => {
    for (const where of ['.nginx-uwsgi-lint.json', 'deploy/.nginx-uwsgi-lint.json']) {
      const dir = project({ rules: { 'nginx/version-disclosure': 'error' } }, where);
      for (const cwd of [dir, join(dir, 'deploy')]) {
        const file = join(dir, 'deploy/site.conf');
        const viaApi = await lint({ files: file, cwd, configFile: true });
        let stdout = '';
        await runCli(['--format', 'json', file], { cwd, env: {}, stdout: { write: (s: string) => void (stdout += s), isTTY: false }, stderr: { write: () => undefined } });
        expect(JSON.parse(stdout).results[0].messages, `${where} from ${cwd}`).toEqual(viaApi.results[0].messages);
      }
    }
  });

  it('configFile: a path reads that file (the CLI\'s --config); config is laid over it, rules per id', async () => {
    const dir = project({ rules: { 'nginx/version-disclosure': 'error', 'nginx/syntax': 'warning' }, nginxUser: 'nginx' }, 'lint.json');
    const result = await lint({ files: 'deploy/site.conf', cwd: dir, configFile: 'lint.json', config: { rules: { 'nginx/version-disclosure': 'info' } } });
    expect(result.results[0].messages.map((m) => [m.ruleId, m.severity])).toEqual([['nginx/version-disclosure', 'info']]);
    // loadConfig() returns what the file says, for a caller to look at or change.
    const { config, path } = await loadConfig({ cwd: dir, configFile: 'lint.json' });
    expect(path).toBe(join(dir, 'lint.json'));
    expect(config).toEqual({ rules: { 'nginx/version-disclosure': 'error', 'nginx/syntax': 'warning' }, nginxUser: 'nginx' });
  });

  it('lintText() takes configFile too', async () => {
    const dir = project({ rules: { 'nginx/version-disclosure': 'off' } });
    expect(ruleIds(await lintText({ path: 'site.conf', text: disclosing }, { cwd: dir, configFile: true }))).toEqual([]);
  });

  it('a configFile that is not a path is refused; a broken or missing file is a ConfigError naming it', async () => {
    // @ts-expect-error: a number is not a path
    const bad = await refusal(() => lint({ files: [], configFile: 1 }));
    expect(bad.option).toBe('configFile');
    expect(bad.message).toBe('lint(): "configFile" must be true (look for the configuration file as the CLI does), false (read none) or a file path, got number 1');
    const dir = project({ rules: { 'nginx/sintax': 'off' } });
    await expect(lint({ files: 'deploy/site.conf', cwd: dir, configFile: true })).rejects.toThrow(ConfigError);
    await expect(lint({ files: 'deploy/site.conf', cwd: dir, configFile: true })).rejects.toThrow(`${join(dir, '.nginx-uwsgi-lint.json')}: "rules" names unknown rule "nginx/sintax"; did you mean "nginx/syntax"?`);
    await expect(loadConfig({ cwd: dir, configFile: 'missing.json' })).rejects.toThrow(`cannot read config file ${join(dir, 'missing.json')}: ENOENT`);
    // @ts-expect-error: the directory is an option, not the argument
    const bare = await refusal(() => loadConfig(dir));
    expect(bare.message).toMatch(/^loadConfig\(\) takes an options object such as \{ cwd: 'deploy' \}, got "/);
    // @ts-expect-error: `file` is not an option
    const typo = await refusal(() => loadConfig({ file: 'x.json' }));
    expect(typo.message).toBe('loadConfig(): unknown option "file" (known: cwd, configFile)');
  });
});
