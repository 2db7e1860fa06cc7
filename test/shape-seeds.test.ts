// The shapes the CLI bundle ships matched ahead of time (src/nginx/shape-seeds.ts): a cache with
// them planted must parse every text exactly as the grammar alone does, the committed keys must
// all still be shapes the parser caches, and the uWSGI lexer must know every line shape there is.
// The corpus part needs ../shared; the generated part does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NginxFile } from '../src/nginx/ast.js';
import { parseNginx } from '../src/nginx/parse.js';
import { ShapeCache } from '../src/nginx/shape-cache.js';
import { isGapRunChar, isRunChar } from '../src/nginx/shape-key.js';
import { nginxShapeSeeds, type SeedKeys } from '../src/nginx/shape-seeds.js';
import { lexLines, lexWhole, lineShapeSeeds, type LexedLine } from '../src/uwsgi/lex.js';
import { createSourceFile } from '../src/source.js';
import { corpusNginxSubjects } from './support/nginx-corpus.js';
import { plainDirective } from './support/plain-tree.js';
import { seededBelow } from './support/random.js';
import { repoRoot, sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';

const keys = JSON.parse(readFileSync(join(repoRoot, 'src/nginx/shape-seeds.json'), 'utf8')) as SeedKeys;
const seeds = nginxShapeSeeds(keys);

function planted(): ShapeCache {
  const cache = new ShapeCache();
  cache.plant(seeds);
  return cache;
}

function plain(file: NginxFile) {
  return { directives: file.directives.map(plainDirective), comments: file.comments, problems: file.problems.map((p) => ({ ...p, span: [p.span.start, p.span.end] })), context: file.context };
}

/** Parses `text` with the seeds planted and with no cache at all; both must agree. */
function expectSeedsAgree(label: string, text: string, cache = planted()): void {
  const seeded = plain(parseNginx(createSourceFile(label, text), { chunkChars: 1 }, cache));
  const matched = plain(parseNginx(createSourceFile(label, text), { chunkChars: 1 }, null));
  expect(seeded, `${label}: the planted shapes differ from the grammar`).toEqual(matched);
}

/** A text of the shape `key`: runs of `a` become other runs, blanks other blanks, a comment's `a` any text. */
function ofShape(key: string, isRun: (c: number) => boolean, next: (n: number) => number): string {
  const runs = [...'abcXYZ019._-/:'];
  const comment = [...'ab {}%#"\'\t;é😀'];
  let out = '';
  let inComment = false;
  for (const c of key) {
    if (c === '#') inComment = isRun === isGapRunChar;
    if (c === '\n') inComment = false;
    if (c === 'a' && inComment) out += Array.from({ length: next(20) + 1 }, () => comment[next(comment.length)]).join('');
    else if (c === 'a' && isRun(0x61)) out += Array.from({ length: next(6) + 1 }, () => runs[next(runs.length)]).join('');
    else if (c === ' ') out += [' ', '\t', '  ', ' \t'][next(4)];
    else out += c;
  }
  return out;
}

describe('the shapes the CLI bundle ships', () => {
  it('every committed key is still a shape the parser keeps', () => {
    const statementKeys = new Set(seeds.statements.map(([rule, key]) => `${rule} ${key}`));
    for (const key of keys.leaf) expect(statementKeys.has(`leaf ${key}`), JSON.stringify(key)).toBe(true);
    for (const key of keys.blockHeader) expect(statementKeys.has(`blockHeader ${key}`), JSON.stringify(key)).toBe(true);
    const gapKeys = new Set(seeds.gaps.map(([key]) => key));
    for (const key of keys.gap) expect(gapKeys.has(key), JSON.stringify(key)).toBe(true);
  });

  it('survive the trip through JSON and a new cache', () => {
    const again = new ShapeCache();
    again.plant(JSON.parse(JSON.stringify(seeds)));
    expect(again.seeds()).toEqual(seeds);
  });

  it('parse texts of their own shapes as the grammar does', () => {
    let hits = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const next = seededBelow(seed);
      const statements = keys.leaf.map((key) => ofShape(key, isRunChar, next));
      const blocks = keys.blockHeader.map((key) => `${ofShape(key, isRunChar, next)}\n${statements[next(statements.length)]}\n}`);
      const gaps = keys.gap.map((key) => ofShape(key, isGapRunChar, next));
      const text = [...statements, ...blocks].map((piece) => piece + gaps[next(gaps.length)]).join('');
      const cache = planted();
      expectSeedsAgree(`seeded-${seed}.conf`, text, cache);
      hits += cache.hits + cache.gapHits;
    }
    // Every piece of those texts is one of the shipped shapes.
    expect(hits).toBeGreaterThan(20 * (keys.leaf.length + keys.gap.length));
  });

  it('parse every nginx file of the corpus as the grammar does', () => {
    if (!sharedCorpusAvailable('shape seeds over the corpus')) return;
    for (const subject of corpusNginxSubjects(sharedCorpusDir)) expectSeedsAgree(subject.label, subject.text);
  });
});

describe('uWSGI ini line shapes', () => {
  it('the shipped list holds every shape a line can have', () => {
    const known = lineShapeSeeds().length;
    const next = seededBelow(3);
    const pieces = ['', ' ', '\t', '\r', '[', ']', ';', '#', '=', 'a', 'key', 'a b', 'é', '😀', '%(x)', '\\'];
    const lines = Array.from({ length: 3000 }, () => Array.from({ length: next(6) }, () => pieces[next(pieces.length)]).join(''));
    const lexed: LexedLine[] = [];
    lexLines(lines.join('\n'), (line) => lexed.push({ ...line }));
    expect(lineShapeSeeds().length, 'a line of a shape not in the list').toBe(known);
    const whole: LexedLine[] = [];
    lexWhole(lines.join('\n'), (line) => whole.push({ ...line }));
    expect(lexed).toEqual(whole);
  });
});
