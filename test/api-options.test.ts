// The library's calls say what is wrong with them: lint() and lintText() refuse options they
// cannot run as given with a LintOptionsError that names the option and what was expected, as
// the CLI refuses its flags; one path is as good as a list; no path is linted twice or dropped.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintOptionsError, lint, lintText } from '../src/index.js';
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
    expect(typo.message).toContain('unknown option "file" (known: files, cwd, config, timing, roots, skipped, pairContext)');
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
    expect(() => validateConfig({ rules: { 'uwsgi/vacum': 'off' } }, 'x.json')).toThrow(ConfigError);
    expect(() => validateConfig({ rules: { 'uwsgi/vacum': 'off' } }, 'x.json')).toThrow('did you mean "uwsgi/vacuum"?');
  });
});
