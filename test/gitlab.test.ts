// GitLab Code Quality: every report validates against a JSON schema written from GitLab's
// documented fields (doc/ci/testing/code_quality.md, "Code Quality report format": a single JSON
// array; each object has description, check_name, fingerprint, severity of info/minor/major/
// critical/blocker, location.path relative to the repository, and location.lines.begin or
// location.positions.begin.line, an integer), with fingerprints stable across runs and machines.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCapturedCli } from './support/run-cli.js';
import { lintText } from '../src/lint.js';
import { formatGitlab, toGitlabIssues } from '../src/reporters/gitlab.js';
import type { LintResult } from '../src/result.js';
import { goldenResult, goldenResultMovedDown, goldenRules } from './fixtures/golden/load.js';

const line = { type: 'integer', minimum: 1 };
const GITLAB_CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          // "expressed as a relative path in the repository"
          path: { type: 'string', minLength: 1, not: { pattern: '^(/|[A-Za-z]:\\\\|file:)' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: line } },
          positions: {
            type: 'object',
            required: ['begin'],
            properties: { begin: { type: 'object', required: ['line'], properties: { line, column: line } } },
          },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(GITLAB_CODE_QUALITY_SCHEMA);

function expectValid(report: string) {
  // "The GitLab parser does not allow a byte order mark at the beginning of the file."
  expect(report.charCodeAt(0)).not.toBe(0xfeff);
  const doc = JSON.parse(report);
  const ok = validate(doc);
  expect(ok ? [] : validate.errors).toEqual([]);
  return doc;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Issue = any;

describe('GitLab Code Quality validates against the documented fields', () => {
  it('the golden findings', () => {
    const issues = expectValid(formatGitlab(goldenResult(), { cwd: '/work/repo', rules: goldenRules() }));
    expect(issues.map((i: Issue) => `${i.location.path}:${i.location.positions.begin.line} ${i.check_name} ${i.severity}`)).toEqual([
      'deploy/app.ini:4 golden/chmod-socket minor',
      'deploy/site.conf:4 golden/pass-everything info',
      'deploy/site.conf:6 golden/socket-path major',
      'deploy/site.conf:8 golden/alias-slash minor',
    ]);
  });

  it('a real run, with the pair finding naming its other side', async () => {
    const result = await lintText(
      [
        { path: 'deploy/site.conf', text: 'server {\n  location / {\n    include uwsgi_params;\n    uwsgi_pass unix:/run/app.sock;\n  }\n}\n' },
        { path: 'deploy/app.ini', text: '[uwsgi]\nsocket = /run/other.sock\nmaster = true\n' },
      ],
      { cwd: '/work/repo' },
    );
    const issues = expectValid(formatGitlab(result, { cwd: '/work/repo' }));
    const mismatch = issues.find((i: Issue) => i.check_name === 'pair/socket-mismatch');
    expect(mismatch).toMatchObject({ severity: 'major', categories: ['Bug Risk'], location: { path: 'deploy/site.conf' } });
    expect(mismatch.description).toContain('deploy/app.ini:2:');
  });

  it('an empty run is an empty array', () => {
    expect(expectValid(formatGitlab({ results: [], errorCount: 0, warningCount: 0, infoCount: 0 }))).toEqual([]);
  });

  it('the schema catches a broken report (the validator is live)', () => {
    const issues = toGitlabIssues(goldenResult(), { cwd: '/work/repo' }) as Issue[];
    issues[0].severity = 'error';
    expect(validate(issues)).toBe(false);
    const absolute = toGitlabIssues(goldenResult(), { cwd: '/work/repo' }) as Issue[];
    absolute[0].location.path = '/work/repo/deploy/app.ini';
    expect(validate(absolute)).toBe(false);
    const lineless = toGitlabIssues(goldenResult(), { cwd: '/work/repo' }) as Issue[];
    delete lineless[0].location.positions;
    expect(validate(lineless)).toBe(false);
  });

  it('puts security findings in the Security category', async () => {
    const result = await lintText([{ path: 'site.conf', text: 'server {\n  listen 80;\n  root /;\n}\n' }], { cwd: '/work/repo' });
    const root = (toGitlabIssues(result) as Issue[]).find((i) => i.check_name === 'nginx/filesystem-root');
    expect(root).toMatchObject({ categories: ['Security'], severity: 'major' });
  });
});

describe('fingerprints', () => {
  const prints = (r: LintResult, cwd = '/work/repo') => (toGitlabIssues(r, { cwd }) as Issue[]).map((i) => i.fingerprint);

  it('are unique in a report, so that GitLab lists every finding', () => {
    const twice = goldenResult();
    twice.results[0].messages.push({ ...twice.results[0].messages[0] });
    const all = prints(twice);
    expect(new Set(all).size).toBe(all.length);
  });

  it('stay the same when lines move, and on another machine', () => {
    const moved = goldenResultMovedDown();
    expect(prints(moved)).toEqual(prints(goldenResult()));

    // The same checkout elsewhere, linted by absolute paths: the same paths and fingerprints.
    const elsewhere = goldenResult();
    for (const file of elsewhere.results) file.filePath = `/builds/group/project/${file.filePath}`;
    expect(prints(elsewhere, '/builds/group/project')).toEqual(prints(goldenResult()));
    expect((toGitlabIssues(elsewhere, { cwd: '/builds/group/project' }) as Issue[])[0].location.path).toBe('deploy/app.ini');
  });

  it('change with the rule or the line text', () => {
    const other = goldenResult();
    other.results[0].messages[0].ruleId = 'golden/other';
    expect(prints(other)[0]).not.toBe(prints(goldenResult())[0]);
  });
});

describe('the CLI', () => {
  it('writes the report with --format gitlab', async () => {
    const { code, stdout } = await runCapturedCli(['--stdin', '--stdin-filename', 'site.conf', '--format', 'gitlab'], '/work/repo', 'server {\n  listen 80;\n  root /;\n}\n');
    expect(code).toBe(1);
    const issues = expectValid(stdout);
    expect(issues.map((i: Issue) => i.check_name)).toContain('nginx/filesystem-root');
  });
});
