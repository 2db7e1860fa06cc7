// suggestOption skips names that cannot be within the edit-distance limit and finds help words in
// an index; it must suggest what the plain search does: the closest name by editDistance over the
// whole table (core options first), else an option whose help text names the key as a word.
// Keys are option names with seeded random typos, help-text words and random strings.
import { describe, expect, it } from 'vitest';
import data from '../src/uwsgi/options-data.json' with { type: 'json' };
import { suggestOption } from '../src/uwsgi/options.js';
import { closest, suggestionLimit } from '../src/suggest.js';
import { seededBelow } from './support/random.js';

interface Row {
  name: string;
  core: boolean;
  help: string;
}
const rows = data.options as Row[];
const order = [...rows].sort((a, b) => Number(b.core) - Number(a.core)).map((o) => o.name);
const help = new Map(rows.map((o) => [o.name, o.help]));

/** The search without shortcuts: the reference suggestOption must agree with. */
function plainSuggestion(key: string): string | undefined {
  const dashed = key.replace(/_/g, '-').toLowerCase();
  if (help.has(dashed)) return dashed;
  if (key.includes('_')) return undefined;
  const near = closest(dashed, order, suggestionLimit(dashed));
  if (near.length > 0) return near[0];
  if (/^[a-z][a-z0-9]{5,}$/.test(dashed)) {
    const word = new RegExp(`(^|[^a-z0-9-])${dashed}([^a-z0-9-]|$)`, 'i');
    const named = order.filter((name) => word.test(help.get(name)!));
    if (named.length > 0) return closest(dashed, named, Infinity)[0];
  }
  return undefined;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789-.%éK';

function typo(next: (n: number) => number, name: string): string {
  let key = name;
  for (let edits = 1 + next(4); edits > 0; edits--) {
    const at = next(key.length + 1);
    const letter = LETTERS[next(LETTERS.length)];
    switch (next(4)) {
      case 0:
        key = key.slice(0, at) + letter + key.slice(at);
        break;
      case 1:
        key = key.slice(0, at) + key.slice(at + 1);
        break;
      case 2:
        key = key.slice(0, at) + letter + key.slice(at + 1);
        break;
      default:
        key = key.slice(0, at) + key.slice(at + 1, at + 2) + key.slice(at, at + 1) + key.slice(at + 2);
    }
  }
  return key;
}

describe('suggestOption', () => {
  it('suggests what the plain search over every option suggests', () => {
    const next = seededBelow(20);
    const words = [...new Set(rows.flatMap((o) => o.help.toLowerCase().match(/[a-z0-9]{6,}/g) ?? []))];
    let suggested = 0;
    for (let i = 0; i < 3000; i++) {
      const kind = next(4);
      const key = kind === 0 ? words[next(words.length)] : kind === 1 ? typo(next, '') + typo(next, 'abcdef') : typo(next, order[next(order.length)]);
      const expected = plainSuggestion(key);
      if (expected !== undefined) suggested++;
      expect(suggestOption(key), `key ${JSON.stringify(key)}`).toBe(expected);
    }
    // Both branches are exercised: many keys get a suggestion, many do not.
    expect(suggested).toBeGreaterThan(1000);
    expect(suggested).toBeLessThan(2900);
  });
});
