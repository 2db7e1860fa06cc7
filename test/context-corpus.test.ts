// The shared pair corpus: every pair whose reviewed label says the two sides agree must pair
// to a match, or stay unresolved; never to a mismatch. Measured twice: the two files alone, and
// with the context their repositories hold (test/fixtures/context/corpus/<owner>__<repo>/, copied
// from the repository at the MANIFEST commit; PROVENANCE.tsv names each file's source).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectFromTexts, type LintConfig, type LintTextInput } from '../src/lint.js';
import { pairing } from '../src/pair.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';

const CORPUS = join(sharedCorpusDir, 'pairs');
const CONTEXT = join(import.meta.dirname, 'fixtures/context/corpus');
const present = sharedCorpusAvailable('shared pair corpus with context', 'pairs');

interface Pair {
  repo: string;
  nginxPath: string;
  uwsgiPath: string;
  consistent: string;
  notes: string;
}

function manifest(): Pair[] {
  const [header, ...rows] = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trimEnd().split('\n');
  const cols = header.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    const get = (name: string) => cells[cols.indexOf(name)] ?? '';
    return { repo: get('repo'), nginxPath: get('nginx_path'), uwsgiPath: get('uwsgi_path'), consistent: get('consistent'), notes: get('notes') };
  });
}

/** The pair's two files at their repository paths (the corpus flattens `/` to `__`). */
function pairInputs(pair: Pair): LintTextInput[] {
  const dir = join(CORPUS, pair.repo.replace('/', '__'));
  const read = (path: string) => readFileSync(join(dir, path.replace(/\//g, '__')), 'utf8');
  const strip = (p: string) => p.replace(/:[^/]*$/, '');
  return [
    { path: strip(pair.nginxPath), text: read(pair.nginxPath), kind: 'nginx' },
    { path: strip(pair.uwsgiPath), text: read(pair.uwsgiPath), kind: 'uwsgi' },
  ];
}

/** Context files stored for the pair, at their repository paths. */
function contextInputs(pair: Pair): LintTextInput[] {
  const dir = join(CONTEXT, pair.repo.replace('/', '__'));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f !== 'PROVENANCE.tsv' && f !== 'lint-config.json')
    .map((f) => ({ path: f.replace(/__/g, '/'), text: readFileSync(join(dir, f), 'utf8') }));
}

/** `match`: a binding at exactly the address; `suffix-match`: only by the part after an unknown directory. */
type Outcome = 'match' | 'suffix-match' | 'unresolved' | 'mismatch';

/** A setting that says what no file does (where the ini is installed), for pairs whose notes need it. */
function contextConfig(pair: Pair): LintConfig {
  const file = join(CONTEXT, pair.repo.replace('/', '__'), 'lint-config.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LintConfig) : {};
}

function outcome(inputs: LintTextInput[], config: LintConfig = {}): { outcome: Outcome; detail: string } {
  const project = projectFromTexts(inputs, { cwd: '/repo', config });
  const result = pairing(project);
  const endpoints = result.targets.flatMap((t) => t.endpoints);
  if (endpoints.some((e) => e.matches.some((m) => !m.binding.unanchored && !m.binding.locationUnknown))) return { outcome: 'match', detail: '' };
  if (endpoints.some((e) => e.matches.length > 0)) return { outcome: 'suffix-match', detail: '' };
  const unknownTarget = result.targets.some((t) => t.endpoints.length === 0 || t.unknownServers.length > 0);
  const unknownBinding = result.bindings.length === 0 || result.bindings.some((b) => b.binding.address === null);
  const detail = `targets ${endpoints.map((e) => JSON.stringify(e.address)).join(', ') || 'none'}; bindings ${result.bindings.map((b) => `${b.binding.option.key}=${JSON.stringify(b.binding.address)}`).join(', ') || 'none'}`;
  if (unknownTarget || unknownBinding) return { outcome: 'unresolved', detail };
  return { outcome: 'mismatch', detail };
}

describe.skipIf(!present)('shared pair corpus with context', () => {
  const pairs = present ? manifest().filter((p) => p.consistent.startsWith('consistent')) : [];

  it('never turns an agreeing pair into a mismatch, and counts the matches', () => {
    const counts = { without: { match: 0, 'suffix-match': 0, unresolved: 0, mismatch: 0 }, with: { match: 0, 'suffix-match': 0, unresolved: 0, mismatch: 0 } };
    const lines: string[] = [];
    const mismatches: string[] = [];
    for (const pair of pairs) {
      const alone = outcome(pairInputs(pair));
      const context = contextInputs(pair);
      const withContext = outcome([...pairInputs(pair), ...context], contextConfig(pair));
      counts.without[alone.outcome]++;
      counts.with[withContext.outcome]++;
      lines.push(`${pair.repo}: ${alone.outcome} -> ${withContext.outcome} (${context.length} context files; ${pair.consistent})${withContext.outcome === 'unresolved' || withContext.outcome === 'mismatch' ? ' ' + withContext.detail : ''}`);
      if (withContext.outcome === 'mismatch') mismatches.push(`${pair.repo}: ${withContext.detail}`);
      // Labelled consistent only with Debian's default.ini: the two files alone do disagree.
      if (alone.outcome === 'mismatch' && !pair.consistent.includes('Debian')) mismatches.push(`${pair.repo} (alone): ${alone.detail}`);
    }
    console.log(
      [
        `agreeing pairs: ${pairs.length}`,
        `without context: ${counts.without.match} match, ${counts.without['suffix-match']} suffix-match, ${counts.without.unresolved} unresolved, ${counts.without.mismatch} mismatch`,
        `with context:    ${counts.with.match} match, ${counts.with['suffix-match']} suffix-match, ${counts.with.unresolved} unresolved, ${counts.with.mismatch} mismatch`,
        ...lines,
      ].join('\n'),
    );
    expect(mismatches).toEqual([]);
    expect(counts.with.match).toBeGreaterThanOrEqual(counts.without.match);
  });
});
