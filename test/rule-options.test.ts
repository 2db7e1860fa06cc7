// Rule options, ESLint's way: `"rules": { "<id>": ["warning", { "<option>": value }] }`. A rule
// declares what it takes (meta.options, with types and defaults); the configuration refuses an
// option a rule does not take (with the nearest name) or a value of the wrong type; the engine
// hands the rule its options with the defaults filled in; `--list-rules --format json` shows them
// with the gixy checks each rule answers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runCli } from '../src/cli.js';
import { ConfigError, settingsFrom, validateConfig } from '../src/config.js';
import { optionsOf, optionValueProblem, type RuleOptionSpec } from '../src/rule-options.js';

const tmp = mkdtempSync(join(tmpdir(), 'nul-rule-options-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd: tmp, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {} } as never);
  return { code, stdout, stderr };
}

const SPECS: Record<string, RuleOptionSpec> = {
  domains: { type: 'string[]', default: [], description: 'trusted domains' },
  httpsOnly: { type: 'boolean', default: false, description: 'only https' },
};

describe('options of a rule', () => {
  it('fills in the defaults and keeps what is set', () => {
    expect(optionsOf(SPECS, undefined)).toEqual({ domains: [], httpsOnly: false });
    expect(optionsOf(SPECS, { httpsOnly: true })).toEqual({ domains: [], httpsOnly: true });
    expect(optionsOf(undefined, { anything: 1 })).toEqual({});
  });

  it('checks a value against the declared type', () => {
    expect(optionValueProblem(SPECS.domains, ['a.com'])).toBeNull();
    expect(optionValueProblem(SPECS.domains, 'a.com')).toBe('a list of strings');
    expect(optionValueProblem(SPECS.domains, ['a.com', 3])).toBe('a list of strings');
    expect(optionValueProblem(SPECS.httpsOnly, 'yes')).toBe('a boolean');
  });
});

describe('the configuration', () => {
  it('takes [severity] and [severity, {}] entries, and keeps the severity apart from the options', () => {
    const config = validateConfig({ rules: { 'nginx/syntax': ['warning'], 'nginx/bom': ['off', {}], 'nginx/limit': 'info' } }, 'test');
    const settings = settingsFrom(config, '/');
    expect(settings.rules.get('nginx/syntax')).toBe('warning');
    expect(settings.rules.get('nginx/bom')).toBe('off');
    expect(settings.rules.get('nginx/limit')).toBe('info');
    expect(settings.ruleOptions.get('nginx/bom')).toEqual({});
  });

  it('refuses an option the rule does not take, a bad severity and extra items, in one line each', () => {
    const refused = (value: unknown) => {
      try {
        validateConfig({ rules: { 'nginx/syntax': value } }, 'cfg.json');
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refused(['warning', { strict: true }])).toBe('cfg.json: rule "nginx/syntax" has no option "strict" (it takes no options)');
    expect(refused(['loud'])).toBe('cfg.json: rule "nginx/syntax" is set to ["loud"]; use error, warning, info or off, or [severity, { options }]');
    expect(refused(['warning', {}, {}])).toBe('cfg.json: rule "nginx/syntax" takes [severity, { options }], got 3 items');
    expect(refused(['warning', ['x']])).toBe('cfg.json: the options of rule "nginx/syntax" must be an object');
  });

  it('checks nginxVersion', () => {
    expect(settingsFrom(validateConfig({ nginxVersion: '1.24.0' }, 'cfg'), '/').nginxVersion).toBe('1.24.0');
    expect(() => validateConfig({ nginxVersion: 'latest' }, 'cfg')).toThrow('"nginxVersion" must be a version like "1.24.0"');
  });
});

describe('on the command line', () => {
  it('--list-rules --format json gives every rule with its gixy checks, options and doc', async () => {
    const r = await run(['--list-rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { id: string; gixy: string[]; options: object; docs: string }[];
    expect(listed.map((l) => l.id)).toEqual(rules.map((x) => x.meta.id));
    expect(listed.find((l) => l.id === 'nginx/origins')?.gixy).toEqual(['origins']);
    expect(listed.find((l) => l.id === 'nginx/syntax')).toMatchObject({ gixy: [], options: {} });
    expect(listed.every((l) => l.docs.endsWith('.md'))).toBe(true);
  });

  it('--rule changes the severity of a configured rule and keeps its options', async () => {
    writeFileSync(join(tmp, 'cfg.json'), JSON.stringify({ rules: { 'nginx/syntax': ['warning', {}] } }));
    const r = await run(['--print-config', '--config', 'cfg.json', '--rule', 'nginx/syntax:info']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).settings.rules['nginx/syntax']).toBe('info');
  });
});
