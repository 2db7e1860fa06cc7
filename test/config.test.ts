// The configuration file: validation with one-line messages, discovery, and severities.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, settingsFrom, validateConfig } from '../src/config.js';
import { findConfig, loadConfigFile } from '../src/config-files.js';
import { resolveRunConfig } from '../src/config-run.js';
import { lintText } from '../src/lint.js';
import * as api from '../src/index.js';

describe('validateConfig', () => {
  test.each([
    [{ rulez: {} }, 'unknown setting "rulez"'],
    [{ rules: { 'pair/socket-mismatch': 'fatal' } }, 'rule "pair/socket-mismatch" is set to "fatal"'],
    [{ uwsgiBuild: 'pip' }, '"uwsgiBuild" must be "monolithic" or "modular"'],
    [{ pathMappings: [{ from: '/etc/nginx' }] }, 'each "pathMappings" entry needs a string "to"'],
    [{ env: { A: 1 } }, '"env" must map names to strings'],
    [[], 'the configuration must be an object of settings'],
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

/** A directory tree from { 'a/b.txt': text }. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nul-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const PYPROJECT = `[project]
name = "app"

[tool.nginx-uwsgi-lint]
nginxUser = "nginx"
pathMappings = [{ from = "/etc/nginx", to = "deploy/nginx" }]
ignores = ["vendor/**"]

[tool.nginx-uwsgi-lint.rules]
"uwsgi/vacuum" = "off"
"nginx/hsts-header" = ["warning", { minMaxAge = 100 }]

[[tool.nginx-uwsgi-lint.pairs]]
nginx = "deploy/nginx/site.conf"
uwsgi = "deploy/uwsgi/app.ini"
`;

describe('pyproject.toml', () => {
  test('[tool.nginx-uwsgi-lint] is read like the JSON file: rule arrays with options, paths relative to it', () => {
    const root = tree({ 'pyproject.toml': PYPROJECT, 'deploy/nginx/site.conf': '' });
    const found = findConfig(join(root, 'deploy', 'nginx'));
    expect(found.path).toBe(join(root, 'pyproject.toml'));
    expect(found.config).toEqual({
      nginxUser: 'nginx',
      pathMappings: [{ from: '/etc/nginx', to: join(root, 'deploy', 'nginx') }],
      ignores: [`${root.split(sep).join('/')}/vendor/**`],
      rules: { 'uwsgi/vacuum': 'off', 'nginx/hsts-header': ['warning', { minMaxAge: 100 }] },
      pairs: [{ nginx: join(root, 'deploy/nginx/site.conf'), uwsgi: join(root, 'deploy/uwsgi/app.ini') }],
    });
    expect(Object.getPrototypeOf(found.config.rules)).toBe(Object.prototype);
  });

  test('a pyproject.toml without the section is not ours: the search goes on upward, even past broken TOML', () => {
    const root = tree({
      '.nginx-uwsgi-lint.json': '{"nginxUser": "up"}',
      'app/pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      'app/sub/pyproject.toml': '[project\nbroken',
    });
    const found = findConfig(join(root, 'app', 'sub'));
    expect(found.path).toBe(join(root, '.nginx-uwsgi-lint.json'));
  });

  test.each([
    ['[tool.nginx-uwsgi-lint]\nnginxUser = 3\n', 'pyproject.toml: [tool.nginx-uwsgi-lint]: "nginxUser" must be a string'],
    ['[tool.nginx-uwsgi-lint]\nnginx-user = "nginx"\n', 'unknown setting "nginx-user"; did you mean "nginxUser"?'],
    ['[tool.nginx-uwsgi-lint.rules]\n"uwsgi/vacum" = "off"\n', 'names unknown rule "uwsgi/vacum"; did you mean "uwsgi/vacuum"?'],
    ['[tool.nginx-uwsgi-lint.rules]\n"nginx/hsts-header" = ["warning", { minMaxAge = "long" }]\n', 'option "minMaxAge" of rule "nginx/hsts-header" must be'],
    ['[tool.nginx-uwsgi-lint]\nnginxVersion = 1979-05-27\n', '"nginxVersion" must be a version like "1.24.0"'],
    ['[tool.nginx-uwsgi-lint]\nnginxUser = "a"\nnginxUser = "b"\n', 'pyproject.toml:3:1: invalid TOML'],
  ])('%j is a one-line error naming the file and the key', (text, message) => {
    const root = tree({ 'pyproject.toml': text });
    let error: unknown;
    try {
      findConfig(root);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(join(root, 'pyproject.toml'));
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('two configuration files in one directory are refused, not picked from', () => {
    const root = tree({ '.nginx-uwsgi-lint.json': '{}', 'pyproject.toml': '[tool.nginx-uwsgi-lint]\nnginxUser = "nginx"\n' });
    expect(() => findConfig(root)).toThrow(/\.nginx-uwsgi-lint\.json and .*pyproject\.toml both configure nginx-uwsgi-lint; keep one/);
  });

  test('--config names a pyproject.toml: its section is read; one without it is refused, not taken for the defaults', () => {
    const root = tree({ 'ci/pyproject.toml': PYPROJECT, 'other/pyproject.toml': '[tool.ruff]\n', 'other/package.json': '{"name": "x"}' });
    expect(loadConfigFile(join(root, 'ci', 'pyproject.toml')).config.nginxUser).toBe('nginx');
    expect(() => loadConfigFile(join(root, 'other', 'pyproject.toml'))).toThrow('has no [tool.nginx-uwsgi-lint] table');
    expect(() => loadConfigFile(join(root, 'other', 'package.json'))).toThrow('has no "nginx-uwsgi-lint" key');
  });
});

describe('a run whose files find different configuration files', () => {
  const layout = {
    '.nginx-uwsgi-lint.json': JSON.stringify({ rules: { 'uwsgi/all-interfaces': 'info' }, env: { A: '1' } }),
    'app/pyproject.toml': '[tool.nginx-uwsgi-lint]\nuwsgiUser = "app"\nenv = { B = "2" }\n[tool.nginx-uwsgi-lint.rules]\n"uwsgi/all-interfaces" = "error"\n',
    'app/deploy/app.ini': '',
    'ops/site.conf': '',
  };

  test('each file gets its closest: rules per file, the other settings joined for the run', () => {
    const root = tree(layout);
    const run = resolveRunConfig(['app/deploy/app.ini', 'ops/site.conf'], root);
    expect(run.paths.sort()).toEqual([join(root, '.nginx-uwsgi-lint.json'), join(root, 'app', 'pyproject.toml')].sort());
    expect(run.config).toEqual({ uwsgiUser: 'app', env: { A: '1', B: '2' }, rules: { 'uwsgi/all-interfaces': 'info' } });
    expect(run.scopes.map((s) => [s.dir, s.rules])).toEqual([
      [join(root, 'app'), { 'uwsgi/all-interfaces': 'error' }],
      [root, { 'uwsgi/all-interfaces': 'info' }],
    ]);
  });

  test('one configuration file for every file: no scopes', () => {
    const root = tree(layout);
    expect(resolveRunConfig(['app/deploy/app.ini'], root)).toEqual({ config: { uwsgiUser: 'app', env: { B: '2' }, rules: { 'uwsgi/all-interfaces': 'error' } }, scopes: [], paths: [join(root, 'app', 'pyproject.toml')] });
  });

  test('a file with no configuration above it gets the working directory\'s', () => {
    const root = tree(layout);
    const elsewhere = tree({ 'x.conf': '' });
    const run = resolveRunConfig([join(elsewhere, 'x.conf')], join(root, 'app'));
    expect(run.paths).toEqual([join(root, 'app', 'pyproject.toml')]);
  });

  test('--config is used for every file', () => {
    const root = tree({ ...layout, 'ci.json': '{"nginxUser": "ci"}' });
    expect(resolveRunConfig(['app/deploy/app.ini', 'ops/site.conf'], root, 'ci.json')).toEqual({ config: { nginxUser: 'ci' }, scopes: [], paths: [join(root, 'ci.json')] });
  });

  test.each([
    [{ nginxUser: 'www' }, '[tool.nginx-uwsgi-lint]\nnginxUser = "nginx"\n', 'nginxUser is "www" in .nginx-uwsgi-lint.json but "nginx" in app/pyproject.toml'],
    [{ env: { A: '1' } }, '[tool.nginx-uwsgi-lint]\nenv = { A = "2" }\n', 'env.A is "1" in .nginx-uwsgi-lint.json but "2" in app/pyproject.toml'],
    [{ pathMappings: [{ from: '/etc/nginx', to: 'a' }] }, '[tool.nginx-uwsgi-lint]\npathMappings = [{ from = "/etc/nginx", to = "b" }]\n', 'pathMappings from "/etc/nginx" is'],
  ])('a per-run setting given two values is refused with both files named (%j)', (top, pyproject, message) => {
    const root = tree({ '.nginx-uwsgi-lint.json': JSON.stringify(top), 'app/pyproject.toml': pyproject, 'app/a.ini': '', 'ops/b.conf': '' });
    expect(() => resolveRunConfig(['app/a.ini', 'ops/b.conf'], root)).toThrow(message.replace(/\//g, sep));
    expect(() => resolveRunConfig(['app/a.ini', 'ops/b.conf'], root)).toThrow('set it in one configuration file above both, or lint them in separate runs');
  });

  test('pairs and ignores of every file are joined, each relative to its own file', () => {
    const root = tree({
      '.nginx-uwsgi-lint.json': JSON.stringify({ pairs: [{ nginx: 'ops/b.conf', uwsgi: 'app/a.ini' }], ignores: ['old/**'] }),
      'app/pyproject.toml': '[tool.nginx-uwsgi-lint]\nignores = ["old/**"]\npairs = [{ nginx = "../ops/b.conf", uwsgi = "a.ini" }]\n',
      'app/a.ini': '',
      'ops/b.conf': '',
    });
    const run = resolveRunConfig(['app/a.ini', 'ops/b.conf'], root);
    expect(run.config.pairs).toEqual([{ nginx: join(root, 'ops/b.conf'), uwsgi: join(root, 'app/a.ini') }]);
    const posixRoot = root.split(sep).join('/');
    expect(run.config.ignores).toEqual([`${posixRoot}/old/**`, `${posixRoot}/app/old/**`]);
  });
});

describe('rules per file in one run (ruleScopes)', () => {
  const hsts = 'server {\n  listen 443 ssl;\n  ssl_certificate a.pem;\n  ssl_certificate_key a.key;\n  add_header Strict-Transport-Security "max-age=1000" always;\n}\n';
  const inputs = [
    { path: 'a/site.conf', text: hsts },
    { path: 'b/site.conf', text: hsts },
    { path: 'c/site.conf', text: hsts },
  ];
  const hstsFindings = (result: Awaited<ReturnType<typeof lintText>>) =>
    result.results.map((r) => [r.filePath, r.messages.filter((m) => m.ruleId === 'nginx/hsts-header').map((m) => m.severity)]);

  test('each file gets the severity and options of its deepest scope; a file below none gets config.rules', async () => {
    const result = await lintText(inputs, {
      cwd: '/p',
      config: { rules: { 'nginx/hsts-header': 'error' } },
      ruleScopes: [
        { dir: '/p/a', rules: { 'nginx/hsts-header': ['warning', { minMaxAge: 100 }] } },
        { dir: '/p/b', rules: { 'nginx/hsts-header': 'off' } },
      ],
    });
    expect(hstsFindings(result)).toEqual([
      ['a/site.conf', []],
      ['b/site.conf', []],
      ['c/site.conf', ['error']],
    ]);
    const plain = await lintText(inputs, { cwd: '/p' });
    expect(hstsFindings(plain)).toEqual([['a/site.conf', ['info']], ['b/site.conf', ['info']], ['c/site.conf', ['info']]]);
  });

  test('a scope with a wrong rule entry is refused as a configuration file is', async () => {
    await expect(lintText(inputs, { cwd: '/p', ruleScopes: [{ dir: '/p/a', rules: { 'nginx/hsts-headr': 'off' } }] })).rejects.toThrow('did you mean "nginx/hsts-header"?');
  });
});

test('from the library: resolveRunConfig finds what the CLI finds, lint() takes it as config and ruleScopes', async () => {
  const root = tree({
    'pyproject.toml': '[tool.nginx-uwsgi-lint.rules]\n"uwsgi/all-interfaces" = "error"\n',
    'legacy/.nginx-uwsgi-lint.json': JSON.stringify({ rules: { 'uwsgi/all-interfaces': 'off' } }),
    'app.ini': '[uwsgi]\nsocket = :3031\nmodule = app\n',
    'legacy/old.ini': '[uwsgi]\nsocket = :3031\nmodule = app\n',
  });
  const files = ['app.ini', 'legacy/old.ini'];
  const { config, scopes } = api.resolveRunConfig(files, root);
  const result = await api.lint({ files, cwd: root, config, ruleScopes: scopes });
  const severities = result.results.map((r) => [r.filePath, r.messages.filter((m) => m.ruleId === 'uwsgi/all-interfaces').map((m) => m.severity)]);
  expect(severities).toEqual([['app.ini', ['error']], ['legacy/old.ini', []]]);
});
