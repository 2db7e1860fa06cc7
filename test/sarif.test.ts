// SARIF: valid against the official 2.1.0 schema (vendored in test/schemas/, draft-04), and
// carrying what GitHub code scanning reads.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { rules as registry } from '../rules/index.js';
import { runCli } from '../src/cli.js';
import { lintText } from '../src/lint.js';
import { formatSarif, FINGERPRINT_KEY, SRCROOT, toSarifObject } from '../src/reporters/sarif.js';
import { ruleDocsUrlAt } from '../src/rule.js';
import type { LintResult } from '../src/result.js';
import { GOLDEN_SARIF_OPTIONS, goldenResult, goldenResultMovedDown, goldenRules } from './fixtures/golden/load.js';

const schema = JSON.parse(readFileSync(new URL('./schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function expectValid(doc: unknown) {
  const ok = validate(doc);
  expect(ok ? [] : validate.errors).toEqual([]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sarif = any;

const sarif = (result: LintResult, options = {}): Sarif => JSON.parse(formatSarif(result, { cwd: '/work/repo', ...options }));

describe('SARIF validates against the official schema', () => {
  it('the golden document', () => {
    const doc = JSON.parse(readFileSync(new URL('./fixtures/golden/expected.sarif', import.meta.url), 'utf8'));
    expectValid(doc);
  });

  it('a real run over every registered rule, with their docs as help', async () => {
    const result = await lintText(
      [
        { path: 'deploy/site.conf', text: 'server {\n  location / {\n    uwsgi_pass unix:/run/app.sock\n  }\n}\n' },
        { path: 'deploy/app.ini', text: '[prod]\nsocket = /run/app.sock\n' },
      ],
      { cwd: '/work/repo' },
    );
    expect(result.results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}`))).toEqual([
      'deploy/app.ini:1 uwsgi/section',
      'deploy/site.conf:3 pair/missing-params',
      'deploy/site.conf:3 pair/unpaired',
      'deploy/site.conf:4 nginx/syntax',
    ]);
    expectValid(sarif(result));
  });

  it('a clean run and a failed one', () => {
    expectValid(sarif({ results: [], errorCount: 0, warningCount: 0, infoCount: 0 }));
    expectValid(sarif({ results: [], errorCount: 0, warningCount: 0, infoCount: 0 }, { notifications: [{ message: 'no such file' }] }));
  });

  it('the schema catches a broken document (the validator is live)', () => {
    const doc = sarif(goldenResult());
    doc.runs[0].results[0].level = 'fatal';
    expect(validate(doc)).toBe(false);
  });
});

describe('what GitHub code scanning reads', () => {
  const doc = sarif(goldenResult(), { ...GOLDEN_SARIF_OPTIONS, rules: goldenRules() });
  const run = doc.runs[0];

  it('describes the tool and each rule', () => {
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'nginx-uwsgi-lint', version: '0.0.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: Sarif) => r.id)).toEqual(goldenRules().map((r) => r.id));
    const socket = driver.rules[0];
    expect(socket).toMatchObject({
      id: 'golden/socket-path',
      name: 'GoldenSocketPath',
      shortDescription: { text: 'uwsgi_pass names a unix socket that no uWSGI config binds' },
      helpUri: ruleDocsUrlAt('golden/socket-path', '0.0.0'),
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['pair', '502'], precision: 'high' },
    });
    expect(driver.rules[3].defaultConfiguration.level).toBe('note');
  });

  it('gives the rules with results their whole doc, found beside the code, as help', async () => {
    const result = await lintText([{ path: 'site.conf', text: 'server {\n  listen 80;\n  root /;\n}\n' }], { cwd: '/work/repo' });
    const found = new Set(result.results.flatMap((f) => f.messages.map((m) => m.ruleId)));
    expect(found.has('nginx/filesystem-root')).toBe(true);
    const rules = sarif(result).runs[0].tool.driver.rules;
    expect(rules.map((r: Sarif) => r.id)).toEqual(registry.map((r) => r.meta.id));
    for (const [i, rule] of registry.entries()) {
      if (!found.has(rule.meta.id)) continue;
      const doc = readFileSync(new URL(`../rules/${rule.meta.id.replace('/', '-')}.md`, import.meta.url), 'utf8');
      expect(rules[i].help).toEqual({ text: doc, markdown: doc });
      expect(rules[i].fullDescription.text.length).toBeGreaterThan(0);
      expect(rules[i].fullDescription.text).not.toContain('\n');
    }
  });

  it('describes the other rules in a line and the address of their doc: a clean run stays small', () => {
    const doc = formatSarif({ results: [], errorCount: 0, warningCount: 0, infoCount: 0 }, { cwd: '/work/repo', version: '1.2.3' });
    const rules = JSON.parse(doc).runs[0].tool.driver.rules;
    for (const [i, rule] of registry.entries()) {
      const url = `https://github.com/nginx-uwsgi-lint/nginx-uwsgi-lint/blob/v1.2.3/rules/${rule.meta.id.replace('/', '-')}.md`;
      expect(rules[i]).toMatchObject({ shortDescription: { text: rule.meta.description }, helpUri: url, help: { text: `Documentation: ${url}`, markdown: `[Documentation](${url})` } });
      expect(rules[i].fullDescription).toBeUndefined();
    }
    // Every rule's whole doc made this 527 KB; a line a rule fits in 1.2 KB.
    expect(doc.length).toBeLessThan(registry.length * 1200);
  });

  it('links each rule to its doc as released, at the version tag', () => {
    const rules = sarif({ results: [], errorCount: 0, warningCount: 0, infoCount: 0 }, { version: '0.1.0' }).runs[0].tool.driver.rules;
    expect(rules.find((r: Sarif) => r.id === 'nginx/ssrf').helpUri).toBe('https://github.com/nginx-uwsgi-lint/nginx-uwsgi-lint/blob/v0.1.0/rules/nginx-ssrf.md');
  });

  it('gives every security rule a security-severity, a score GitHub ranks as critical, high, medium or low', () => {
    const rules = sarif({ results: [], errorCount: 0, warningCount: 0, infoCount: 0 }).runs[0].tool.driver.rules;
    const scored = rules.filter((r: Sarif) => r.properties['security-severity'] !== undefined);
    expect(scored.map((r: Sarif) => r.id)).toEqual(registry.filter((r) => r.meta.tags.includes('security')).map((r) => r.meta.id));
    for (const r of scored) {
      // GitHub reads it as a string holding a number from 0.1 to 10.0, and only beside the "security" tag.
      expect(r.properties['security-severity']).toMatch(/^(10\.0|\d\.\d)$/);
      expect(Number(r.properties['security-severity'])).toBeGreaterThanOrEqual(0.1);
      expect(r.properties.tags).toContain('security');
    }
    const level = (id: string) => rules.find((r: Sarif) => r.id === id).properties['security-severity'];
    expect(level('nginx/ssrf')).toBe('9.1');
    expect(level('uwsgi/all-interfaces')).toBe('9.8');
    expect(level('nginx/version-disclosure')).toBe('2.7');
    expect(rules.find((r: Sarif) => r.id === 'nginx/syntax').properties['security-severity']).toBeUndefined();
  });

  it('gives results a rule index, a level, a relative location with a defined base and a full region', () => {
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds[SRCROOT].uri).toBe('file:///work/repo/');
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(artifactLocation.uriBaseId).toBe(SRCROOT);
      expect(artifactLocation.uri).not.toMatch(/^\//);
      expect(Object.keys(region)).toEqual(['startLine', 'startColumn', 'endLine', 'endColumn']);
    }
    expect(run.results.map((r: Sarif) => r.level)).toEqual(['warning', 'note', 'error', 'warning']);
  });

  it('links the other side of a pair as a related location', () => {
    const pair = run.results.find((r: Sarif) => r.ruleId === 'golden/socket-path');
    expect(pair.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'deploy/app.ini', uriBaseId: SRCROOT },
          region: { startLine: 3, startColumn: 10, endLine: 3, endColumn: 30 },
        },
        message: { text: 'uWSGI binds /run/uwsgi/site.sock here' },
      },
    ]);
    expect(pair.message.text).toContain('[deploy/app.ini:3:10](1)');
  });

  it('turns a fix into a replacement of the region', () => {
    const fixed = run.results.find((r: Sarif) => r.fixes);
    expect(fixed.fixes[0].artifactChanges[0]).toEqual({
      artifactLocation: { uri: 'deploy/site.conf', uriBaseId: SRCROOT },
      replacements: [{ deletedRegion: { startLine: 8, startColumn: 11, endLine: 8, endColumn: 18 }, insertedContent: { text: '/static/' } }],
    });
  });

  it('fingerprints by rule, path and line text: stable when lines move, distinct for repeats', () => {
    const before = goldenResult();
    const moved = goldenResultMovedDown();
    const prints = (r: LintResult) => sarif(r).runs[0].results.map((x: Sarif) => x.partialFingerprints[FINGERPRINT_KEY]);
    expect(prints(moved)).toEqual(prints(before));
    expect(new Set(prints(before)).size).toBe(prints(before).length);

    const twice = goldenResult();
    twice.results[0].messages.push({ ...twice.results[0].messages[0] });
    const [first, second] = prints(twice);
    expect(first.split(':')[0]).toBe(second.split(':')[0]);
    expect(first).not.toBe(second);
  });

  it('encodes paths as URIs, and leaves paths outside the working directory absolute', () => {
    const r = goldenResult();
    r.results[0].filePath = 'deploy/my app#1.ini';
    r.results[1].filePath = '/etc/nginx/site.conf';
    const results = sarif(r).runs[0].results;
    expect(results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'deploy/my%20app%231.ini', uriBaseId: SRCROOT });
    expect(results[1].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///etc/nginx/site.conf' });
  });

  it('describes a rule the registry does not know (an internal error) from the finding', () => {
    const r = goldenResult();
    r.results[0].messages[0].ruleId = 'lint/internal-error';
    const out = toSarifObject(r, { cwd: '/work/repo' }) as Sarif;
    const result = out.runs[0].results[0];
    expect(out.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('lint/internal-error');
  });
});

describe('fatal errors', () => {
  it('are tool execution notifications of an unsuccessful invocation, and the CLI still writes SARIF', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--format', 'sarif', 'no/such/dir'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      cwd: '/work/repo',
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    const doc = JSON.parse(stdout);
    expectValid(doc);
    expect(doc.runs[0].invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [{ level: 'error', message: { text: expect.stringContaining('no/such/dir') } }],
      },
    ]);
    expect(doc.runs[0].results).toEqual([]);
  });

  it('a run that worked says so', () => {
    expect(sarif(goldenResult()).runs[0].invocations).toEqual([{ executionSuccessful: true }]);
  });
});
