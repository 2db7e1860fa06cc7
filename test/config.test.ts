// The configuration file: validation with one-line messages, discovery, and severities.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, findConfig, loadConfigFile, settingsFrom, validateConfig } from '../src/config.js';
import { lintText } from '../src/lint.js';

describe('validateConfig', () => {
  test.each([
    [{ rulez: {} }, 'unknown setting "rulez"'],
    [{ rules: { 'pair/socket-mismatch': 'fatal' } }, 'rule "pair/socket-mismatch" is set to "fatal"'],
    [{ uwsgiBuild: 'pip' }, '"uwsgiBuild" must be "monolithic" or "modular"'],
    [{ pathMappings: [{ from: '/etc/nginx' }] }, 'each "pathMappings" entry needs a string "to"'],
    [{ env: { A: 1 } }, '"env" must map names to strings'],
    [[], 'must be a JSON object'],
  ])('%j is refused: %s', (value, message) => {
    expect(() => validateConfig(value, 'x.json')).toThrow(ConfigError);
    expect(() => validateConfig(value, 'x.json')).toThrow(message);
  });

  test('a valid configuration passes unchanged', () => {
    const config = { rules: { 'uwsgi/vacuum': 'off' as const }, nginxUser: 'nginx', uwsgiUser: 'app' };
    expect(validateConfig(config, 'x.json')).toEqual(config);
    const settings = settingsFrom(config, '/p');
    expect(settings.nginxUser).toBe('nginx');
    expect(settings.uwsgiStartsAs).toBe('service-user');
  });
});

describe('finding the configuration', () => {
  test('.nginx-uwsgi-lint.json in a parent directory, paths relative to it', () => {
    const root = mkdtempSync(join(tmpdir(), 'nul-config-'));
    mkdirSync(join(root, 'deploy', 'nginx'), { recursive: true });
    writeFileSync(join(root, '.nginx-uwsgi-lint.json'), JSON.stringify({ pathMappings: [{ from: '/etc/nginx', to: 'deploy/nginx' }] }));
    const found = findConfig(join(root, 'deploy', 'nginx'));
    expect(found.path).toBe(join(root, '.nginx-uwsgi-lint.json'));
    expect(found.config.pathMappings).toEqual([{ from: '/etc/nginx', to: join(root, 'deploy', 'nginx') }]);
  });

  test('the nginx-uwsgi-lint key of package.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'nul-config-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', 'nginx-uwsgi-lint': { nginxUser: 'nginx' } }));
    expect(findConfig(root).config).toEqual({ nginxUser: 'nginx' });
  });

  test('invalid JSON is a one-line ConfigError naming the file', () => {
    const root = mkdtempSync(join(tmpdir(), 'nul-config-'));
    const file = join(root, 'bad.json');
    writeFileSync(file, '{ "rules": ');
    expect(() => loadConfigFile(file)).toThrow(/bad\.json: invalid JSON/);
  });
});

test('rule severities from the configuration apply to findings', async () => {
  const ini = '[uwsgi]\nsocket = :3031\nmodule = app\n';
  const result = await lintText([{ path: 'app.ini', text: ini }], { cwd: '/p', config: { rules: { 'uwsgi/all-interfaces': 'error' } } });
  const m = result.results[0].messages.find((x) => x.ruleId === 'uwsgi/all-interfaces');
  expect(m?.severity).toBe('error');
});
