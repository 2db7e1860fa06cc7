// The ini lexer matches each line shape once (src/uwsgi/lex.ts lexLines) instead of matching
// the whole text with grammars/uwsgi-ini.ohm (lexWhole). It must not change what a parse gives:
// over seeded generated files (a failure names its seed), both must find the same lines with the
// same offsets. The lines mix blanks, CR, headers, comments, `=` anywhere, quotes, NUL, non-ASCII
// and lone surrogates, repeat their shapes so the cache is hit, and some run to hundreds of
// characters. The property of the grammar this rests on is written at its top.
import { describe, expect, it } from 'vitest';
import { lexLines, lexWhole, type LexedLine } from '../src/uwsgi/lex.js';
import { parseUwsgiIni } from '../src/uwsgi/parse.js';
import { createSourceFile } from '../src/source.js';
import { seededBelow } from './support/random.js';

type Draw = (n: number) => number;
const pick = <T>(next: Draw, items: readonly T[]): T => items[next(items.length)];

const BLANKS = [' ', '\t', '\r', '  ', ' \t\r'];
const STARTS = ['[', ';', '#', '=', '[[', ';;', '#[', '[;', '==', ''];
const PIECES = ['socket', 'chmod-socket', '127.0.0.1:8000', '%(x)', '$(HOME)', '@(exec://id)', '%d', 'a b', '"quoted = x"', "'s'", '\\', '\0', 'é', '😀', '\ud800', '中文', ']', '[', ';', '#', '=', ' ', '\t', '\r', '{{ x }}'];

function line(next: Draw): string {
  let text = next(3) === 0 ? pick(next, BLANKS) : '';
  text += pick(next, STARTS);
  const pieces = next(8);
  for (let i = 0; i < pieces; i++) text += pick(next, PIECES);
  if (next(4) === 0) text += pick(next, BLANKS);
  return text;
}

/** A long line of runs, blanks, `=` and `;` (its shape is as short as any other). */
function longLine(next: Draw): string {
  const parts: string[] = [];
  for (let i = 0, n = 300 + next(400); i < n; i++) parts.push(pick(next, ['a', ' ', '=', ';', 'é']));
  return parts.join('');
}

function file(seed: number): string {
  const next = seededBelow(seed);
  const shapes = Array.from({ length: 1 + next(12) }, () => line(next));
  const lines: string[] = [];
  for (let i = 0, n = next(60); i < n; i++) {
    const kind = next(10);
    if (kind === 0) lines.push(longLine(next));
    else if (kind < 5) lines.push(line(next));
    else lines.push(pick(next, shapes));
  }
  return lines.join(pick(next, ['\n', '\n', '\r\n', '\n\n']));
}

function lexed(lex: typeof lexLines, text: string): LexedLine[] {
  const lines: LexedLine[] = [];
  lex(text, (line) => lines.push({ ...line }));
  return lines;
}

describe('ini line shapes lex as the whole-text grammar match does', () => {
  it('finds the same lines on generated files', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = file(seed);
      expect(lexed(lexLines, text), `seed ${seed}: ${JSON.stringify(text)}`).toEqual(lexed(lexWhole, text));
    }
  });

  it('finds the same lines across the whole-text lexer chunk boundaries', () => {
    const next = seededBelow(7);
    const lines: string[] = [];
    let size = 0;
    while (size < 100_000) {
      const text = next(50) === 0 ? longLine(next) : line(next);
      lines.push(text);
      size += text.length + 1;
    }
    const text = lines.join('\n');
    const shaped = lexed(lexLines, text);
    expect(shaped.length).toBe(lines.length);
    expect(shaped).toEqual(lexed(lexWhole, text));
  });

  it('gives each line its own offsets, not those of the line whose shape it shares', () => {
    const text = 'a = b\n  socket = 127.0.0.1:8000 \n[uwsgi]\n[app]\n; one\n;another comment';
    const lines = lexed(lexLines, text);
    expect(lines.map((l) => [l.kind, text.slice(l.textStart, l.textEnd), l.valueStart < 0 ? null : text.slice(l.valueStart, l.valueEnd)])).toEqual([
      ['entry', 'a ', ' b'],
      ['entry', 'socket ', ' 127.0.0.1:8000 '],
      ['header', 'uwsgi]', null],
      ['header', 'app]', null],
      ['comment', ' one', null],
      ['comment', 'another comment', null],
    ]);
    const parsed = parseUwsgiIni(createSourceFile('app.ini', text));
    expect(parsed.entries.map((e) => [e.key, e.value, e.line])).toEqual([
      ['a', 'b', 1],
      ['socket', '127.0.0.1:8000', 2],
    ]);
  });

  it('tells apart two shapes whose hashes collide', () => {
    // The hash lexLine files shapes under (31 * hash + character, 30 bits): two different
    // shapes with one hash, lexed differently by the grammar, must each get their own lexing.
    const hashOf = (shape: string) => [...shape].reduce((hash, c) => (Math.imul(hash, 31) + c.charCodeAt(0)) & 0x3fffffff, 0);
    const next = seededBelow(3);
    const byHash = new Map<number, string>();
    let pair: [string, string] | undefined;
    while (!pair) {
      let shape = '';
      for (let i = 0; i < 9; i++) {
        const c = pick(next, [' ', 'a', '[', ';', '#', '=']);
        if ((c === ' ' || c === 'a') && shape.endsWith(c)) continue;
        shape += c;
      }
      const other = byHash.get(hashOf(shape));
      // Only a pair the grammar lexes differently shows a mix-up.
      if (other === undefined) byHash.set(hashOf(shape), shape);
      else if (JSON.stringify(lexed(lexWhole, other)) !== JSON.stringify(lexed(lexWhole, shape))) pair = [other, shape];
    }
    const text = `${pair[0]}\n${pair[1]}\n${pair[1]}\n${pair[0]}`;
    expect(lexed(lexLines, text)).toEqual(lexed(lexWhole, text));
  });
});

