// Parity with the real `nginx -t` for the directive-knowledge rules (unknown directive, wrong
// context, argument count, duplicates, no port in upstream, invalid upstream address, TLS without
// key, invalid if and location). Inputs: the nginx files of the shared corpus (../shared/corpus), the hand-written configs of
// test/fixtures/nginx-parity, and seeded single-edit mutants of each (test/support/mutate.ts).
// For nginx's first error (nginx stops there):
//  - nginx accepts: we report no error of these rules in the file, and our
//    nginx/conflicting-server-name warnings are exactly nginx's `conflicting server name` warnings.
//  - nginx rejects with a message of one of the families, in the file under test: we report an
//    error of that rule at nginx's line (anywhere in the file when nginx gives no line).
//  - nginx rejects with another message at line L of the file: nginx read everything before L,
//    so we report no error of the parse-time rules before L.
//  - nginx's error is in another file, or has no location and no family: no claim.
// Excluded (nginx-light cannot judge them, or they are not ours): messages about a directive of a
// module nginx-light lacks (stream, mail, geoip, perl, ...: nginx-full knows them), and every
// message outside the families (`host not found`, certificate files, `open() failed`, ...), which
// count as "other". Fragments run wrapped in http/server/location as our context inference puts them.
// Run: `npx vitest run test/nginx-t-parity` (needs root and /usr/sbin/nginx).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintText } from '../src/lint.js';
import { directiveSpecs, nginxLightModules } from '../src/nginx/directive-table.js';
import { parseNginx } from '../src/nginx/parse.js';
import type { NginxDirective } from '../src/nginx/ast.js';
import { createSourceFile, positionAt } from '../src/source.js';
import { mutate } from './support/mutate.js';
import { corpusNginxSubjects, type NginxSubject } from './support/nginx-corpus.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';
import { createNginxT, mapPool, nginxUnavailableReason, type NginxT, type NginxTResult, type Wrapping } from './support/nginx-t.js';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const corpusDir = sharedCorpusDir;
const fixturesDir = join(projectRoot, 'test/fixtures/nginx-parity');
const SEED = 20240611;
const POOL = 4;

const unavailable = nginxUnavailableReason();
const isRoot = process.getuid?.() === 0;
const skipAll = process.env.CI !== 'true' && (unavailable !== null || !isRoot);
if (skipAll) console.warn(`SKIPPED nginx -t parity test: ${unavailable ?? 'not running as root'}`);
const hasCorpus = !skipAll && sharedCorpusAvailable('nginx -t parity over the shared corpus');

/** nginx's messages, by the rule that predicts them. */
const FAMILIES: readonly [string, RegExp][] = [
  ['nginx/unknown-directive', /^unknown directive "([^"]+)"$/],
  ['nginx/wrong-context', /^"([^"]+)" directive is not allowed here$/],
  ['nginx/argument-count', /^invalid number of arguments in "([^"]+)" directive$|^directive "([^"]+)" is not terminated by ";"$|^directive "([^"]+)" has no opening "\{"$/],
  ['nginx/duplicate-directive', /^"([^"]+)" directive is duplicate|^duplicate location "|^duplicate upstream "|^a duplicate listen |^duplicate default server /],
  ['nginx/no-port-in-upstream', /^no port in upstream "/],
  ['nginx/invalid-upstream-address', /^invalid URL prefix$|^(invalid host|invalid port|no host|no path in the unix domain socket|too long path in the unix domain socket|invalid IPv6 address) in upstream "/],
  ['nginx/ssl-without-key', /^no "ssl_certificate(_key)?" is defined /],
  ['nginx/invalid-if', /^invalid condition "|^unexpected "[^"]*" in condition$/],
  ['nginx/invalid-location', /^invalid location modifier "|^location "[^"]*" is outside location "|^location "[^"]*" cannot be inside the |^named location "[^"]*" can be on the server level only$/],
];
const RULES = new Set(FAMILIES.map(([id]) => id));
/** Rules whose errors nginx meets while reading the file, in order (not in a later pass). */
const PARSE_TIME = new Set(['nginx/unknown-directive', 'nginx/wrong-context', 'nginx/argument-count', 'nginx/invalid-if', 'nginx/invalid-location', 'nginx/duplicate-directive', 'nginx/invalid-upstream-address']);

function familyOf(message: string): { rule: string; directive: string | null } | null {
  for (const [rule, re] of FAMILIES) {
    const m = re.exec(message);
    if (m) return { rule, directive: m.slice(1).find((g) => g !== undefined) ?? null };
  }
  return null;
}

/** A directive nginx-light cannot judge: every module defining it is missing from nginx-light. */
function lightLacks(directive: string | null): boolean {
  if (directive === null) return false;
  const specs = directiveSpecs(directive);
  return specs.length > 0 && specs.every((s) => !nginxLightModules.has(s.module));
}





function fixtureSubjects(): NginxSubject[] {
  return readdirSync(fixturesDir)
    .filter((n) => n.endsWith('.conf'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(fixturesDir, name), 'utf8');
      return { label: `fixtures/nginx-parity/${name}`, files: [{ path: name, text }], entry: name, text };
    });
}

/** How nginx gets a file: as the config itself, or included where our inference puts it. */
function wrapOf(entry: string, text: string): Wrapping | null {
  const context = parseNginx(createSourceFile(entry, text)).context;
  return context === 'unknown' ? null : context;
}

interface Ours {
  rule: string;
  line: number;
  /** Line of the `;` or `{` that ends the directive blamed: where nginx runs its handler and reports. */
  endLine: number;
  message: string;
  severity: string;
}

/** The innermost directive of the file holding `offset`. */
function directiveAt(directives: readonly NginxDirective[], offset: number): NginxDirective | null {
  for (const d of directives) {
    if (offset < d.start || offset >= d.end) continue;
    return (d.block && directiveAt(d.block, offset)) || d;
  }
  return null;
}

async function ours(subject: NginxSubject, text: string): Promise<Ours[]> {
  const inputs = subject.files.map((f) => ({ path: f.path, text: f.path === subject.entry ? text : String(f.text), kind: 'nginx' as const }));
  const result = await lintText(inputs, { cwd: '/parity' });
  const file = result.results.find((r) => r.filePath.endsWith(`/parity/${subject.entry}`) || r.filePath === subject.entry);
  const parsed = parseNginx(createSourceFile(subject.entry, text));
  const lineOf = (offset: number) => positionAt(parsed.source, offset).line;
  return (file?.messages ?? [])
    .filter((m) => RULES.has(m.ruleId) || m.ruleId === 'nginx/conflicting-server-name')
    .map((m) => {
      const d = directiveAt(parsed.directives, parsed.source.lineStarts[m.line - 1] + m.column - 1);
      const endLine = d ? lineOf(d.blockStart ?? d.end - 1) : m.line;
      return { rule: m.ruleId, line: m.line, endLine, message: m.message, severity: m.severity };
    });
}

type Outcome = 'ok' | 'family' | 'excluded' | 'other' | 'elsewhere';

interface Tally {
  runs: number;
  outcomes: Record<Outcome, number>;
  byRule: Record<string, number>;
  disagreements: string[];
}

function conflictWarnings(output: string): string[] {
  return [...output.matchAll(/\[warn\] (?:\d+#\d+: )?conflicting server name "([^"]*)" on (\S+), ignored/g)].map((m) => `${m[1].toLowerCase()} on ${m[2]}`).sort();
}

function compare(label: string, nginx: NginxTResult, found: Ours[], entry: string, tally: Tally): Outcome {
  const errors = found.filter((o) => o.severity === 'error' && RULES.has(o.rule));
  const show = (list: Ours[]) => (list.length ? list.map((o) => `${o.line}${o.endLine !== o.line ? `-${o.endLine}` : ''}: ${o.message} [${o.rule}]`).join('; ') : 'none');
  if (nginx.ok) {
    if (errors.length > 0) tally.disagreements.push(`${label}: nginx accepts it; we say ${show(errors)}`);
    const theirs = conflictWarnings(nginx.output);
    const mine = found
      .filter((o) => o.rule === 'nginx/conflicting-server-name')
      .map((o) => /^conflicting server name "([^"]*)" on (\S+), ignored/.exec(o.message))
      .filter((m) => m !== null)
      .map((m) => `${m![1].toLowerCase()} on ${m![2]}`)
      .sort();
    if (JSON.stringify([...new Set(theirs)]) !== JSON.stringify([...new Set(mine)])) tally.disagreements.push(`${label}: nginx warns ${JSON.stringify(theirs)}; we warn ${JSON.stringify(mine)}`);
    return 'ok';
  }
  if (nginx.file !== null && nginx.file !== entry) return 'elsewhere';
  const family = familyOf(nginx.message ?? '');
  if (family && lightLacks(family.directive)) return 'excluded';
  if (family) {
    tally.byRule[family.rule] = (tally.byRule[family.rule] ?? 0) + 1;
    const hit = errors.some((o) => o.rule === family.rule && (nginx.line === null || (o.line <= nginx.line && nginx.line <= o.endLine)));
    if (!hit) tally.disagreements.push(`${label}: nginx: ${nginx.line ?? '-'}: ${nginx.message}; we say ${show(errors)}`);
    return 'family';
  }
  if (nginx.line !== null) {
    const early = errors.filter((o) => PARSE_TIME.has(o.rule) && o.endLine < nginx.line! && !o.message.startsWith('duplicate location'));
    if (early.length > 0) tally.disagreements.push(`${label}: nginx read up to line ${nginx.line} (${nginx.message}); we say ${show(early)}`);
  }
  return 'other';
}

async function parity(nginxT: NginxT, subjects: NginxSubject[], perKind: number): Promise<Tally> {
  const tally: Tally = { runs: 0, outcomes: { ok: 0, family: 0, excluded: 0, other: 0, elsewhere: 0 }, byRule: {}, disagreements: [] };
  const jobs = subjects.flatMap((subject) => {
    const wrap = wrapOf(subject.entry, subject.text);
    if (wrap === null) return [];
    const mutants = perKind > 0 ? mutate(subject.text, { seed: SEED, perKind }) : [];
    return [{ subject, wrap, label: subject.label, text: subject.text }, ...mutants.map((m) => ({ subject, wrap, label: `${subject.label} (${m.description})`, text: m.text }))];
  });
  await mapPool(jobs, POOL, async (job) => {
    const files = job.subject.files.map((f) => (f.path === job.subject.entry ? { path: f.path, text: job.text } : f));
    const nginx = await nginxT.run(files, job.subject.entry, { wrap: job.wrap });
    const found = await ours(job.subject, job.text);
    tally.runs++;
    tally.outcomes[compare(job.label, nginx, found, job.subject.entry, tally)]++;
  });
  return tally;
}

const report = (t: Tally) => `${t.disagreements.length} disagreement(s) with nginx -t:\n${t.disagreements.join('\n')}`;

describe.skipIf(skipAll)('nginx -t parity of the directive rules', () => {
  let nginxT: NginxT;
  beforeAll(() => {
    nginxT = createNginxT();
  });
  afterAll(() => nginxT?.dispose());

  it('hand-written configs: every family of message, and configs nginx accepts', async () => {
    const tally = await parity(nginxT, fixtureSubjects(), 1);
    console.log(`fixtures: ${tally.runs} nginx -t runs, outcomes ${JSON.stringify(tally.outcomes)}, by rule ${JSON.stringify(tally.byRule)}`);
    for (const [rule] of FAMILIES) expect(tally.byRule[rule] ?? 0, `nginx -t runs that end in a ${rule} message`).toBeGreaterThan(0);
    if (tally.disagreements.length > 0) expect.fail(report(tally));
  }, 120_000);

  it.skipIf(!hasCorpus)('the shared corpus and its mutants', async () => {
    const tally = await parity(nginxT, corpusNginxSubjects(corpusDir), 1);
    console.log(`corpus: ${tally.runs} nginx -t runs, outcomes ${JSON.stringify(tally.outcomes)}, by rule ${JSON.stringify(tally.byRule)}`);
    expect(tally.runs).toBeGreaterThan(50);
    if (tally.disagreements.length > 0) expect.fail(report(tally));
  }, 300_000);
});
