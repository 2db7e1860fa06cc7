// src/nginx/plain-statement.ts reads statements, block heads and gaps of new shapes without a
// grammar match: what it reads must be what grammars/nginx.ohm gives. Generated files whose
// words are drawn from every kind of character (each ASCII character but NUL, line ends, tabs,
// non-ASCII, surrogate pairs, escapes, quotes in and around words, template marks) are parsed
// with the reader (a shape cache, fresh for each file so that every shape is new) and with the
// grammar alone (no cache), and must give the same tree, comments and problems.
import { describe, expect, it } from 'vitest';
import type { NginxFile } from '../src/nginx/ast.js';
import { parseNginx } from '../src/nginx/parse.js';
import { readPlainGap, readPlainStatement } from '../src/nginx/plain-statement.js';
import { ShapeCache } from '../src/nginx/shape-cache.js';
import { createSourceFile } from '../src/source.js';
import { plainDirective } from './support/plain-tree.js';
import { plainProblem } from './support/problems.js';
import { seededBelow } from './support/random.js';

type Draw = (n: number) => number;
const pick = <T>(next: Draw, items: readonly T[]): T => items[next(items.length)];

/** Every ASCII character but NUL, and some beyond: the pieces words are made of. */
const CHARACTERS = [...Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)), 'é', '中', '😀', '\u00a0', '\u2028'];
/** Pieces that make a word or a string the reader must weigh: escapes, `${`, templates, quotes. */
const PIECES = ['\\"', "\\'", '\\\\', '\\n', '\\ ', '\\;', '\\{', '${x}', '${', '$x', '{{ x }}', '{% y %}', '{# z #}', '@X@', '<% a %>', '"', "'", '#', '}', '{', ';'];
const BLANKS = [' ', ' ', '\t', '\n', '\r\n', '  \t'];

function word(next: Draw): string {
  const length = 1 + next(6);
  let out = '';
  for (let i = 0; i < length; i++) out += next(4) === 0 ? pick(next, PIECES) : pick(next, CHARACTERS);
  switch (next(6)) {
    case 0:
      return `"${out}"`;
    case 1:
      return `'${out}'`;
    case 2:
      // A quoted string with a word right after it: `)` (allowed there) or anything else (an error).
      return `"${out}"${pick(next, [')', ')', ')x', 'x', '"'])}`;
    default:
      return out;
  }
}

/** A statement or a block of statements: names that nginx knows and others, words of anything. */
function statement(next: Draw, depth: number): string {
  const words = [pick(next, ['listen', 'add_header', 'rewrite', 'location', 'x', pick(next, CHARACTERS) + 'a']), ...Array.from({ length: next(4) }, () => word(next))];
  const text = words.join(pick(next, BLANKS));
  const comment = next(6) === 0 ? ` #${word(next)}\n` : '';
  if (depth < 2 && next(5) === 0) {
    const body = Array.from({ length: 1 + next(4) }, () => statement(next, depth + 1)).join('\n');
    return `${text} {\n${body}\n}${comment}`;
  }
  return `${text};${comment}`;
}

function generatedFile(seed: number): string {
  const next = seededBelow(seed);
  return Array.from({ length: 4 + next(12) }, () => statement(next, 0)).join(pick(next, ['\n', '\r\n', ' ', '\n\n']));
}

function outcome(file: NginxFile) {
  return { directives: file.directives.map(plainDirective), comments: file.comments, problems: file.problems.map(plainProblem) };
}

describe('plain statements read without the grammar', () => {
  it('generated files over every kind of character: the reader and the grammar alone give the same parse', () => {
    const failures: string[] = [];
    let plainReads = 0;
    let pieces = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const text = generatedFile(seed);
      const path = `generated-${seed}.conf`;
      const cache = new ShapeCache();
      const withReader = outcome(parseNginx(createSourceFile(path, text), {}, cache));
      const grammarAlone = outcome(parseNginx(createSourceFile(path, text), { chunkChars: Number.MAX_SAFE_INTEGER }, null));
      try {
        expect(withReader).toEqual(grammarAlone);
      } catch (error) {
        failures.push(`seed ${seed}: ${(error as Error).message.split('\n')[0]} in ${JSON.stringify(text.slice(0, 200))}`);
      }
      plainReads += cache.plainReads;
      pieces += text.split(/[;{]/).length;
    }
    expect(failures).toEqual([]);
    // The draw reaches both sides: many pieces are read plainly, and many are left to the grammar.
    expect(plainReads).toBeGreaterThan(pieces / 10);
    expect(plainReads).toBeLessThan(pieces * 0.9);
  });

  it('reads words, quotes, escapes and offsets as the grammar makes them', () => {
    const text = 'add_header  X-A "a; b\\"c"\t\'d\' e\\ f ${x}y;';
    const d = readPlainStatement(createSourceFile('a.conf', text), 0, text.length, ';');
    expect(d?.name).toBe('add_header');
    expect(d?.args.map((w) => [w.value, w.raw, w.quote, w.start, w.end])).toEqual([
      ['X-A', 'X-A', null, 12, 15],
      ['a; b"c', '"a; b\\"c"', '"', 16, 25],
      ['d', "'d'", "'", 26, 29],
      ['e\\ f', 'e\\ f', null, 30, 34],
      ['${x}y', '${x}y', null, 35, 40],
    ]);
    expect([d?.start, d?.end, d?.templated]).toEqual([0, text.length, false]);
    const head = 'location ~ ^/a/(?<id>\\d+)$ {';
    const h = readPlainStatement(createSourceFile('b.conf', head), 0, head.length, '{');
    expect(h?.args.map((w) => w.value)).toEqual(['~', '^/a/(?<id>\\d+)$']);
    expect(h?.end).toBe(head.length);
    // A `)` right after a closing quote starts the next word, as in the grammar.
    const condition = 'if ($http_host != "www.example.com") {';
    expect(readPlainStatement(createSourceFile('c.conf', condition), 0, condition.length, '{')?.args.map((w) => w.raw)).toEqual(['($http_host', '!=', '"www.example.com"', ')']);
  });

  it('leaves to the grammar what only the grammar reads: holes, templates, comments, blocks, stray and unclosed pieces', () => {
    for (const text of ['$x y;', '@X@ y;', '{{ a }} b;', 'a {{ b }};', 'a {% if %} b;', 'a #b\n;', 'a "b"c;', 'a "b;', 'a \\;', 'a b{c;', ';', 'a } b;']) {
      expect(readPlainStatement(createSourceFile('a.conf', text), 0, text.length, ';'), text).toBeNull();
    }
    expect(readPlainStatement(createSourceFile('a.conf', 'if $x${'), 0, 7, '{')).toBeNull();
    // A template mark the grammar reads as text (in quotes, `@X@` in a word) marks the directive templated.
    const templated = 'a "{{ b }}" c@X@;';
    expect(readPlainStatement(createSourceFile('a.conf', templated), 0, templated.length, ';')?.templated).toBe(true);
  });

  it('reads the comments of a gap of blanks and comments, and leaves a template tag to the grammar', () => {
    const gap = ' # one {x}\r\n\t#\n  # two';
    expect(readPlainGap(gap, 0, gap.length)).toEqual([
      { text: ' one {x}', start: 1, end: 10 },
      { text: '', start: 13, end: 14 },
      { text: ' two', start: 17, end: 22 },
    ]);
    expect(readPlainGap(' {# tag #}\n', 0, 11)).toBeNull();
  });
});
