// editDistance (optimal string alignment: insert, delete, substitute, swap two neighbours) skips a
// common start and end before filling its table; it must give what the whole table gives, also
// on strings built to have swaps across the edges of the common parts.
import { describe, expect, test } from 'vitest';
import { editDistance } from '../src/suggest.js';
import { seeded } from './support/random.js';

/** The textbook table over the whole strings. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('editDistance', () => {
  test('agrees with the whole table on 20,000 seeded pairs over a three-letter alphabet, limits included', () => {
    const next = seeded(20);
    const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
    const r = { int, chance: (p: number) => next() < p };
    const word = () => Array.from({ length: int(0, 9) }, () => 'abc'[int(0, 2)]).join('');
    let differences = 0;
    for (let k = 0; k < 20_000; k++) {
      const common = word();
      const a = common + word() + common.slice(0, r.int(0, common.length));
      const b = r.chance(0.5) ? common + word() + common.slice(0, r.int(0, common.length)) : word();
      const exact = reference(a, b);
      if (editDistance(a, b) !== exact) differences++;
      const limit = r.int(0, 6);
      const bounded = editDistance(a, b, limit);
      // Exact below the limit, and above it whenever the distance is.
      if (exact <= limit ? bounded !== exact : bounded <= limit) differences++;
    }
    expect(differences).toBe(0);
  });

  test('socket paths that differ in one letter', () => {
    expect(editDistance('/run/app/x123.sock', '/run/app/s123.sock')).toBe(1);
    expect(editDistance('/run/app/app.sock', '/run/app/pap.sock')).toBe(1);
    expect(editDistance('/run/app.sock', '/run/app/app.sock')).toBe(4);
  });
});
