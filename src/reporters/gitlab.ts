// GitLab Code Quality: the Code Climate issue format as GitLab documents it (ci/testing/
// code_quality.md, "Code Quality report format"): a JSON array of issues, each with description,
// check_name, fingerprint, severity (info, minor, major, critical, blocker) and location.path
// with a line (here location.positions, which carries the columns too). GitLab shows findings
// with one fingerprint as one entry and matches them across pipelines by it: see fingerprint.ts.
// `type` and `categories` are the Code Climate spec's required fields, which GitLab ignores.
// Validated in test/gitlab.test.ts.
import { relative, isAbsolute } from 'node:path';
import { rules as registry } from '../../rules/index.js';
import type { Severity } from '../diagnostic.js';
import type { LintResult } from '../result.js';
import type { RuleMeta } from '../rule.js';
import { Fingerprints } from './fingerprint.js';
import { messageWithRelated } from './related.js';
import { ResultSources } from './sources.js';

export interface GitlabReporterOptions {
  /** The directory paths are reported relative to (default: process.cwd()): the repository root in CI. */
  cwd?: string;
  /** Rules whose tags choose the categories (default: the registry). */
  rules?: readonly RuleMeta[];
  /** Indent for pretty output. Default 2. */
  indent?: number;
}

/** GitLab's scale has five steps; ours three, as ESLint's and ruff's GitLab formatters map them. */
export const GITLAB_SEVERITY: Readonly<Record<Severity, 'info' | 'minor' | 'major'>> = { error: 'major', warning: 'minor', info: 'info' };

/** Code Climate categories by rule tag, the first that matches; anything else is a "Bug Risk". */
const CATEGORY_BY_TAG: readonly [string, string][] = [
  ['security', 'Security'],
  ['performance', 'Performance'],
  ['style', 'Style'],
];

export function toGitlabIssues(result: LintResult, options: GitlabReporterOptions = {}) {
  const cwd = options.cwd ?? process.cwd();
  const tags = new Map((options.rules ?? registry.map((r) => r.meta)).map((meta) => [meta.id, meta.tags]));
  const fingerprints = new Fingerprints(new ResultSources(result));
  return result.results.flatMap((file) => {
    // Paths outside the working directory are made relative too: no machine's absolute path leaks
    // into the report or its fingerprints.
    const path = isAbsolute(file.filePath) ? relative(cwd, file.filePath).split('\\').join('/') : file.filePath;
    return file.messages.map((m) => {
      const { hash, occurrence } = fingerprints.next(file.filePath, m, path);
      return {
        type: 'issue',
        check_name: m.ruleId,
        description: messageWithRelated(m),
        categories: [categoryOf(tags.get(m.ruleId) ?? [])],
        severity: GITLAB_SEVERITY[m.severity],
        fingerprint: `${hash}${occurrence > 1 ? `-${occurrence}` : ''}`,
        location: {
          path,
          positions: { begin: { line: m.line, column: m.column }, end: { line: m.endLine, column: m.endColumn } },
        },
      };
    });
  });
}

export function formatGitlab(result: LintResult, options: GitlabReporterOptions = {}): string {
  return JSON.stringify(toGitlabIssues(result, options), null, options.indent ?? 2) + '\n';
}


function categoryOf(tags: readonly string[]): string {
  return CATEGORY_BY_TAG.find(([tag]) => tags.includes(tag))?.[1] ?? 'Bug Risk';
}
