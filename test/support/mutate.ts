// Deterministic single-edit mutants of an nginx config: the typing slips that break a file.
// Candidate sites come from a rough scan (comments and quoted strings skipped) so most mutants
// touch real structure; the scan needs no accuracy, because real nginx judges every mutant.
// The same text, seed and cap always give the same mutants, in the same order.

import { seeded } from './random.js';

export type MutationKind =
  | 'drop-semicolon'
  | 'drop-close-brace'
  | 'add-open-brace'
  | 'break-quote'
  | 'stray-close-brace'
  | 'duplicate-open-brace';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'drop-semicolon',
  'drop-close-brace',
  'add-open-brace',
  'break-quote',
  'stray-close-brace',
  'duplicate-open-brace',
];

export interface Mutant {
  kind: MutationKind;
  /** e.g. `drop-semicolon at 12:31`: what was done, and where in the original text. */
  description: string;
  text: string;
}

export interface MutateOptions {
  seed?: number;
  /** Most mutants of one kind (default 2). */
  perKind?: number;
}

interface Sites {
  semicolons: number[];
  openBraces: number[];
  closeBraces: number[];
  /** Offsets of closing quote characters. */
  closingQuotes: number[];
  /** First non-blank character of each line that has one (outside strings). */
  lineStarts: number[];
}

/** Where the structural characters are, following nginx's reading closely enough. */
function scan(text: string): Sites {
  const sites: Sites = { semicolons: [], openBraces: [], closeBraces: [], closingQuotes: [], lineStarts: [] };
  let atTokenStart = true;
  let atLineStart = true;
  let prev = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      atTokenStart = true;
      atLineStart = true;
      prev = ch;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      atTokenStart = true;
      prev = ch;
      continue;
    }
    if (atLineStart) sites.lineStarts.push(i);
    atLineStart = false;
    if (atTokenStart && ch === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (atTokenStart && (ch === '"' || ch === "'")) {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      if (j < text.length) sites.closingQuotes.push(j);
      i = j;
      atTokenStart = false;
      prev = ch;
      continue;
    }
    if (ch === '\\') {
      i++;
      atTokenStart = false;
      prev = '';
      continue;
    }
    if (ch === ';') {
      sites.semicolons.push(i);
      atTokenStart = true;
    } else if (ch === '{' && prev !== '$') {
      sites.openBraces.push(i);
      atTokenStart = true;
    } else if (ch === '}' && atTokenStart) {
      sites.closeBraces.push(i);
      atTokenStart = true;
    } else {
      atTokenStart = false;
    }
    prev = ch;
  }
  return sites;
}

/** FNV-1a, to give each file its own stream of choices from one global seed. */
export function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pick(candidates: readonly number[], count: number, random: () => number): number[] {
  const pool = [...new Set(candidates)];
  const chosen: number[] = [];
  while (chosen.length < count && pool.length > 0) {
    const index = Math.floor(random() * pool.length);
    chosen.push(pool[index]);
    pool.splice(index, 1);
  }
  return chosen.sort((a, b) => a - b);
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${offset - lineStart + 1}`;
}

export function mutate(text: string, options: MutateOptions = {}): Mutant[] {
  const perKind = options.perKind ?? 2;
  // Seeded, so mutants are stable across runs and machines.
  const random = seeded((options.seed ?? 1) ^ hashString(text));
  const sites = scan(text);
  const mutants: Mutant[] = [];
  const remove = (kind: MutationKind, at: number, what: string) =>
    mutants.push({ kind, description: `${kind}: deleted ${what} at ${lineColumn(text, at)}`, text: text.slice(0, at) + text.slice(at + 1) });
  const insert = (kind: MutationKind, at: number, what: string) =>
    mutants.push({ kind, description: `${kind}: inserted ${what} at ${lineColumn(text, at)}`, text: text.slice(0, at) + what + text.slice(at) });

  for (const at of pick(sites.semicolons, perKind, random)) remove('drop-semicolon', at, "';'");
  for (const at of pick(sites.closeBraces, perKind, random)) remove('drop-close-brace', at, "'}'");
  // A `{` before a `;` turns a simple directive into a block opener; at a line start it has no name.
  const braceSites = [...sites.semicolons, ...sites.lineStarts];
  for (const at of pick(braceSites, perKind, random)) insert('add-open-brace', at, text[at] === ';' ? ' {' : '{ ');
  for (const at of pick(sites.closingQuotes, perKind, random)) remove('break-quote', at, `closing ${text[at]}`);
  const straySites = [...sites.lineStarts, ...sites.semicolons.map((at) => at + 1)];
  for (const at of pick(straySites, perKind, random)) insert('stray-close-brace', at, ' } ');
  for (const at of pick(sites.openBraces, perKind, random)) insert('duplicate-open-brace', at + 1, '{');
  return mutants;
}
