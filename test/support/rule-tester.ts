// One way to test a rule, for nginx, uWSGI and pair rules alike: lint some files in memory (as
// `lintText` does for the CLI's files) and read back one rule's findings. `ruleTester(id).run()`
// is the ESLint RuleTester shape (`valid` configs get nothing, `invalid` ones get exactly the
// findings listed, position and message); `findings`, `at`, `uwsgiFindings` and `lintPair` are
// the projections the older rule tests assert on.
import { describe, expect, test } from 'vitest';
import { contextKindFromName } from '../../src/context/index.js';
import { spanRange } from '../../src/diagnostic.js';
import { runRules } from '../../src/engine.js';
import { lintText, projectFromTexts, type LintConfig } from '../../src/lint.js';
import type { Rule } from '../../src/rule.js';
import type { FileKind } from '../../src/result.js';

/** Texts by path (a path mapped to undefined is left out, for tables of optional files). */
export type Files = { readonly [path: string]: string | undefined };

export interface Finding {
  file: string;
  ruleId: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: { filePath: string; line: number; column: number; message: string }[];
}

export interface LintOptions {
  config?: Record<string, unknown>;
  /**
   * Every file of this kind; by default a context file by its name, `*.ini` uWSGI, the rest
   * nginx. `by-content`: none given, the linter classifies each file as the CLI does.
   */
  kind?: FileKind | 'by-content';
  cwd?: string;
}

function kindOf(path: string): FileKind {
  if (contextKindFromName(path)) return 'context';
  return /\.ini$/.test(path) ? 'uwsgi' : 'nginx';
}

/** Every finding of a run over `files`, in the engine's order. */
export async function lintFiles(files: Files, options: LintOptions = {}): Promise<Finding[]> {
  const present = Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined);
  const inputs = present.map(([path, text]) => ({ path, text, kind: options.kind === 'by-content' ? undefined : (options.kind ?? kindOf(path)) }));
  const result = await lintText(inputs, { cwd: options.cwd ?? '/project', config: options.config as LintConfig | undefined });
  return result.results.flatMap((r) =>
    r.messages.map((m) => ({
      file: r.filePath,
      ruleId: m.ruleId,
      severity: m.severity,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      message: m.message,
      related: m.related,
    })),
  );
}

export const byRule = (findings: Finding[], id: string) => findings.filter((f) => f.ruleId === id);

/** One rule's findings on nginx files: [severity, line, column, endColumn, message]. */
export type Row = [string, number, number, number, string];

export async function findings(id: string, files: Files): Promise<Row[]> {
  return byRule(await lintFiles(files, { kind: 'nginx' }), id).map((f): Row => [f.severity, f.line, f.column, f.endColumn, f.message]);
}

/** Positions only: [severity, line, column, endColumn]. */
export async function at(id: string, files: Files): Promise<[string, number, number, number][]> {
  return (await findings(id, files)).map(([s, l, c, e]) => [s, l, c, e]);
}

/** One rule's findings on one uWSGI ini (`app.ini`): `line:col-endLine:endCol`, severity, message. */
export async function uwsgiFindings(ruleId: string, text: string, config: Record<string, unknown> = {}): Promise<{ at: string; severity: string; message: string }[]> {
  return byRule(await lintFiles({ 'app.ini': text }, { kind: 'uwsgi', config }), ruleId).map((f) => ({
    at: `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`,
    severity: f.severity,
    message: f.message,
  }));
}

/** The pair/* findings of a run: nginx files and uWSGI ini files told apart by name. */
export async function lintPair(files: Files, config?: Record<string, unknown>): Promise<Finding[]> {
  return (await lintFiles(files, { config })).filter((f) => f.ruleId.startsWith('pair/'));
}

/** A server whose location passes with `pass` (e.g. `uwsgi_pass unix:/run/app.sock`), after `extra`. */
/**
 * One rule's findings as the engine hands them on, before the results step drops doubles again:
 * [file, severity, line, column, endColumn]. The test that a line reached twice is reported once
 * must look here, since lintText() alone cannot tell.
 */
export function engineFindings(rule: Rule, files: Files): [string, string, number, number, number][] {
  const project = projectFromTexts(Object.entries(files).flatMap(([path, text]) => (text === undefined ? [] : [{ path, text, kind: 'nginx' as const }])), { cwd: '/project' });
  return runRules(project, [rule], []).map((d) => {
    const r = spanRange(d.span);
    return [d.span.source.path.replace('/project/', ''), d.severity, r.line, r.column, r.endColumn];
  });
}

export function site(pass: string, extra = 'include uwsgi_params;'): string {
  return `server {\n    listen 80;\n    location / {\n        ${extra}\n        ${pass};\n    }\n}\n`;
}

export function ini(...lines: string[]): string {
  return `[uwsgi]\n${lines.join('\n')}\n`;
}

/** An expected finding: where (`file:line:col-endLine:endCol`, file optional with one file) and what. */
export interface Expected {
  at: string;
  message: string | RegExp;
  severity?: string;
}

export interface Case {
  /** What the case shows; the test's title. */
  name: string;
  /** The files, or one file's text: `app.ini` for a uWSGI rule, `nginx.conf` otherwise. */
  files: Files | string;
  config?: Record<string, unknown>;
  kind?: LintOptions['kind'];
}

export interface InvalidCase extends Case {
  /** Every finding of the rule, in order: no more, no fewer. */
  errors: Expected[];
}

/** The rule's findings on a case, as `at` strings and messages, for an exact comparison. */
async function run(id: string, c: Case): Promise<{ at: string; message: string; severity: string }[]> {
  const files = typeof c.files === 'string' ? { [id.startsWith('uwsgi/') ? 'app.ini' : 'nginx.conf']: c.files } : c.files;
  const single = Object.values(files).filter((t) => t !== undefined).length === 1;
  return byRule(await lintFiles(files, { config: c.config, kind: c.kind }), id).map((f) => ({
    at: `${single ? '' : `${f.file}:`}${f.line}:${f.column}-${f.endLine}:${f.endColumn}`,
    message: f.message,
    severity: f.severity,
  }));
}

export function ruleTester(id: string) {
  return {
    run(cases: { valid: Case[]; invalid: InvalidCase[] }) {
      describe(id, () => {
        for (const c of cases.valid) {
          test(`valid: ${c.name}`, async () => {
            expect(await run(id, c)).toEqual([]);
          });
        }
        for (const c of cases.invalid) {
          test(`invalid: ${c.name}`, async () => {
            const got = await run(id, c);
            expect(got.map((g) => g.at), 'where the rule reports').toEqual(c.errors.map((e) => e.at));
            for (const [i, e] of c.errors.entries()) {
              if (typeof e.message === 'string') expect(got[i].message).toBe(e.message);
              else expect(got[i].message).toMatch(e.message);
              if (e.severity) expect(got[i].severity).toBe(e.severity);
            }
          });
        }
      });
    },
  };
}
