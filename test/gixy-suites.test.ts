// gixy's own test suites as evidence: every rule that answers a gixy check (its meta.gixy) runs on
// that check's test configs from gixy-ng and Gixy-Next (test/fixtures/gixy, copied unchanged).
// A positive must be found by one of the answering rules, a `*_fp.conf` negative must get nothing
// from them, except the cases that docs/gixy-comparison.md lists with the reason we differ. A case
// listed there that no longer differs fails too, so the list stays true.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { lint } from '../src/lint.js';
import type { Rule } from '../src/rule.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'gixy');
const SOURCES = ['gixy-ng', 'gixy-next'] as const;
const COMPARISON = join(import.meta.dirname, '..', 'docs', 'gixy-comparison.md');

interface GixyCase {
  /** `gixy-next/origins/metrika.conf`: how docs/gixy-comparison.md names the case. */
  name: string;
  check: string;
  file: string;
  sourceRoot: string;
  positive: boolean;
  /** The `# Options: {json}` of the first line, as gixy's harness reads it. */
  gixyOptions: Record<string, unknown>;
}

function casesOf(source: string): GixyCase[] {
  const sourceRoot = join(ROOT, source);
  const suite = join(sourceRoot, 'tests', 'plugins', 'simply');
  const out: GixyCase[] = [];
  for (const check of readdirSync(suite).sort()) {
    const dir = join(suite, check);
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.conf')) continue;
      const file = join(dir, name);
      const first = readFileSync(file, 'utf8').split('\n', 1)[0];
      const gixyOptions = first.startsWith('# Options: ') ? (JSON.parse(first.slice('# Options: '.length)) as Record<string, unknown>) : {};
      out.push({ name: `${source}/${check}/${name}`, check, file, sourceRoot, positive: !name.endsWith('_fp.conf'), gixyOptions });
    }
  }
  return out;
}

/** The rules that answer a gixy check. */
function answering(check: string): Rule[] {
  return rules.filter((r) => r.meta.gixy?.includes(check));
}

/** Our configuration for a case: only the answering rules on, with gixy's options under our names. */
function configFor(c: GixyCase, answer: Rule[]): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  for (const r of rules) entries[r.meta.id] = 'off';
  for (const r of answer) {
    const options: Record<string, unknown> = {};
    for (const [ours, spec] of Object.entries(r.meta.options ?? {})) {
      if (spec.gixy !== undefined && spec.gixy in c.gixyOptions) options[ours] = c.gixyOptions[spec.gixy];
    }
    entries[r.meta.id] = [r.meta.defaultSeverity, options];
  }
  return { rules: entries, nginxPrefix: c.sourceRoot };
}

/** The cases docs/gixy-comparison.md lists under "Cases where we differ": `| `name` | ... |`. */
function listedDifferences(): Map<string, string> {
  const text = readFileSync(COMPARISON, 'utf8');
  const start = text.indexOf('\n## Cases where we differ');
  const out = new Map<string, string>();
  if (start < 0) return out;
  const section = text.slice(start + 1).split(/\n## /)[0];
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([^`]+\.conf)`\s*\|(.*)\|\s*$/.exec(line);
    if (m) out.set(m[1], m[2].trim());
  }
  return out;
}

interface Verdict {
  found: number;
  messages: string[];
}

async function verdictOf(c: GixyCase, answer: Rule[]): Promise<Verdict> {
  const result = await lint({ files: [c.file], cwd: c.sourceRoot, config: configFor(c, answer) as never });
  const ids = new Set(answer.map((r) => r.meta.id));
  const messages = result.results.flatMap((r) => r.messages.filter((m) => ids.has(m.ruleId)).map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));
  return { found: messages.length, messages };
}

const present = SOURCES.filter((s) => existsSync(join(ROOT, s)));
const all = present.flatMap(casesOf);
const differences = listedDifferences();

/** Per check and suite: positives found, negatives flagged (GIXY_SUMMARY=1 prints the table). */
const tally = new Map<string, { positives: number; found: number; negatives: number; flagged: number }>();
let seen = 0;

afterAll(() => {
  if (!process.env.GIXY_SUMMARY) return;
  const rows = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([key, t]) => `${key.padEnd(55)} found ${t.found}/${t.positives}  flagged ${t.flagged}/${t.negatives}`);
  console.log(rows.join('\n'));
});

describe("gixy's test suites", () => {
  test('the fixtures are there (both suites, positives and negatives)', () => {
    expect(present).toEqual([...SOURCES]);
    expect(all.filter((c) => c.positive).length).toBeGreaterThan(100);
    expect(all.filter((c) => !c.positive).length).toBeGreaterThan(100);
  });

  test('every listed difference names a case that exists', () => {
    const names = new Set(all.map((c) => c.name));
    expect([...differences.keys()].filter((n) => !names.has(n))).toEqual([]);
  });

  test.each(all.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    seen++;
    const answer = answering(c.check);
    const verdict = answer.length === 0 ? null : await verdictOf(c, answer);
    const t = tally.get(`${c.name.split('/')[0]}/${c.check}`) ?? { positives: 0, found: 0, negatives: 0, flagged: 0 };
    tally.set(`${c.name.split('/')[0]}/${c.check}`, t);
    if (c.positive) {
      t.positives++;
      if (verdict && verdict.found > 0) t.found++;
    } else {
      t.negatives++;
      if (verdict && verdict.found > 0) t.flagged++;
    }
    const agrees = verdict !== null && (c.positive ? verdict.found > 0 : verdict.found === 0);
    const listed = differences.get(c.name);
    if (listed === undefined) {
      const what = verdict === null ? `no rule answers the gixy check "${c.check}" (no meta.gixy names it)` : c.positive ? 'gixy reports this case; our rules found nothing' : `gixy stays silent; we report:\n${verdict.messages.join('\n')}`;
      expect(agrees, `${c.name}: ${what}. Fix the rule, or list the case under "Cases where we differ" in docs/gixy-comparison.md with the reason`).toBe(true);
    } else {
      expect(agrees, `${c.name} is listed as a difference in docs/gixy-comparison.md, but our verdict now agrees with gixy's: take it off the list`).toBe(false);
    }
  });

  // Last, once every case has run: the per-check table of docs/gixy-comparison.md is generated
  // from the rules' meta.gixy and these scores (UPDATE_DOCS=1 rewrites it, keeping each notes cell).
  test('docs/gixy-comparison.md: the per-check table is current', () => {
    if (seen < all.length) return; // a filtered run (-t) has not scored every case
    const text = readFileSync(COMPARISON, 'utf8');
    const expected = perCheckTable(text);
    if (process.env.UPDATE_DOCS) writeFileSync(COMPARISON, replaceTable(text, expected));
    expect(currentTable(readFileSync(COMPARISON, 'utf8'))).toBe(expected);
  });
});

const TABLE_START = '<!-- per-check table: generated by test/gixy-suites.test.ts (UPDATE_DOCS=1); the notes column is kept -->';
const TABLE_END = '<!-- end of the per-check table -->';

function currentTable(text: string): string {
  const a = text.indexOf(TABLE_START);
  const b = text.indexOf(TABLE_END);
  return a < 0 || b < a ? '' : text.slice(a + TABLE_START.length, b).trim();
}

function replaceTable(text: string, table: string): string {
  const a = text.indexOf(TABLE_START);
  const b = text.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error(`docs/gixy-comparison.md needs the lines ${TABLE_START} and ${TABLE_END}`);
  return `${text.slice(0, a + TABLE_START.length)}\n\n${table}\n\n${text.slice(b)}`;
}

/** Every gixy check (a suite folder or a name in some meta.gixy): the score on each suite, our rules, the notes. */
function perCheckTable(text: string): string {
  const notes = new Map<string, string>();
  for (const line of currentTable(text).split('\n')) {
    const cells = line.split(' | ');
    const m = /^\| `([a-z0-9_]+)`$/.exec(cells[0]);
    if (m && cells.length === 5) notes.set(m[1], cells[4].replace(/ \|$/, ''));
  }
  const checks = new Set([...tally.keys()].map((k) => k.split('/')[1]));
  for (const r of rules) for (const c of r.meta.gixy ?? []) checks.add(c);
  const score = (source: string, check: string) => {
    const t = tally.get(`${source}/${check}`);
    return t ? `${t.found}/${t.positives} found, ${t.flagged}/${t.negatives} flagged` : 'no cases';
  };
  const rows = [...checks].sort().map((check) => {
    const ours = rules.filter((r) => r.meta.gixy?.includes(check)).map((r) => `\`${r.meta.id}\` (${r.meta.defaultSeverity})`);
    return `| \`${check}\` | ${score('gixy-ng', check)} | ${score('gixy-next', check)} | ${ours.join(', ') || 'none'} | ${notes.get(check) ?? ''} |`;
  });
  return ['| gixy check | gixy-ng suite (67cecfe) | Gixy-Next suite | our rules (default severity) | notes |', '|---|---|---|---|---|', ...rows].join('\n');
}
