// Statements of one shape parse alike. Inside a statement without a block or Lua, the grammar
// (grammars/nginx.ohm, rules `leaf` and `blockHeader`) treats every letter, digit and `.`, `_`,
// `-`, `/`, `:` the same way: each is a word character wherever it stands, inside a word, at its
// start, in quotes or in a template, and no token can end between two of them. So two statements
// that differ only inside runs of those characters (`listen 80;` and `listen 8080;`,
// `server_name a.example.com;` and `server_name shop.example.org;`), in the length of a run of
// spaces and tabs, or in the text of a plain quoted string (`add_header X "a, b";`), get the same
// tree from Ohm, with offsets that move with the runs and words that are the new text's slices.
//
// The cache keeps the tree of the first statement of each shape, its offsets counted in shape
// characters; a later statement of that shape gets the tree with its own offsets and words
// instead of another Ohm match. The gaps between statements (whitespace, comments, template
// tags) are cached the same way, with their own, wider class of characters (isGapRunChar), and
// the text of each comment folded whole (gapKey).
// What the grammar must keep for this to hold is written at the top of grammars/nginx.ohm, where
// whoever edits the grammar sees it. test/nginx-shape-cache-equivalence.test.ts (parses with the
// cache on and off, `parseNginx(source, limits, null)`, over seeded generated files) and "the
// shape cache builds what the grammar builds" (test/nginx-parse.test.ts) check it.
import { sharedWordText } from './word-strings.js';
import { createSourceFile, type SourceFile } from '../source.js';
import { newDirective, type NginxComment, type NginxDirective, type NginxWord } from './ast.js';
import { cleanWord } from './unescape.js';
import { gapKey, OffsetInsideRun, shapeAt, shapeKey, shapeOffsets, type Shape } from './shape-key.js';

/** Pieces larger than this are not cached (they are rare and rarely repeat). */
const CACHEABLE_CHARS = 512;
/** Blocks larger than this are not cached whole (their statements still are). */
const CACHEABLE_BLOCK_CHARS = 2048;
/** The cache of whole blocks starts over when it holds this many (each keeps a tree). */
const CACHE_BLOCK_ENTRIES = 2000;
/** The cache starts over when it holds this many shapes. */
const CACHE_ENTRIES = 20000;
/**
 * The shapes of blocks seen once start over past this many: a block's key is as long as its
 * shape (up to CACHEABLE_BLOCK_CHARS), and a language server keeps the cache for hours.
 */
const BLOCKS_SEEN_ONCE_ENTRIES = 4000;

/**
 * Blocks of a size class stop being looked up after PROBE_AFTER lookups with fewer than one hit in
 * HIT_RATIO_MIN, but for every PROBE_EVERY-th (a later run of repeats is still found).
 */
const PROBE_AFTER = 64;
const HIT_RATIO_MIN = 8;
const PROBE_EVERY = 16;

/** getBlock found no block of this shape: the shape, for rememberBlock (its own copy of the offsets). */
export interface BlockMiss {
  /** Null when the block is not to be kept (its shape was seen for the first time, or not looked up). */
  missed: Shape | null;
}

const NOT_KEPT: BlockMiss = { missed: null };

/** Parsed statements by rule and shape, in shape coordinates. */
export class ShapeCache {
  /** Templates by start rule (`leaf`, `blockHeader`), then by shape key. */
  private readonly entries = new Map<string, Map<string, NginxDirective[]>>();
  /** How many statements were built from the cache rather than matched. */
  hits = 0;
  /** How many gaps' comments were read from the cache rather than matched. */
  gapHits = 0;
  /** How many statements, block heads and gaps of new shapes were read without a match (plain-statement.ts). */
  plainReads = 0;

  /** Whether a piece of this size is worth caching. */
  static fits(start: number, end: number): boolean {
    return end - start <= CACHEABLE_CHARS;
  }

  /** The directives of the piece `text[start, end)`, if a piece of the same shape was parsed before. */
  get(rule: string, source: SourceFile, start: number, end: number): NginxDirective[] | undefined {
    const key = shapeKey(source.text, start, end);
    const template = this.entries.get(rule)?.get(key);
    if (!template) return undefined;
    this.hits++;
    const at = shapeAt();
    const out: NginxDirective[] = new Array<NginxDirective>(template.length);
    for (let i = 0; i < template.length; i++) out[i] = instantiate(template[i], at, source);
    return out;
  }

  /** Keeps what the grammar made of the piece `text[start, end)`, for the pieces of its shape. */
  remember(rule: string, source: SourceFile, start: number, end: number, directives: NginxDirective[]) {
    const key = shapeKey(source.text, start, end);
    const toShape = shapeOffsets({ key, at: shapeAt() });
    let template: NginxDirective[];
    try {
      template = directives.map((d) => relocate(d, toShape));
    } catch (err) {
      if (err instanceof OffsetInsideRun) return;
      throw err;
    }
    let byShape = this.entries.get(rule);
    if (!byShape) {
      byShape = new Map();
      this.entries.set(rule, byShape);
    }
    if (byShape.size >= CACHE_ENTRIES) byShape.clear();
    byShape.set(key, template);
  }

  /** Whole blocks (a `server { ... }` with everything inside) by shape, with their comments. */
  private readonly blockEntries = new Map<string, { directive: NginxDirective; comments: Span[] }>();
  /** Block lookups and hits by size class (log2 of the length): see getBlock. */
  private readonly blockLookups = new Int32Array(32);
  private readonly blockSizeHits = new Int32Array(32);
  /** The shapes of blocks seen once and not kept (see getBlock). */
  private readonly blocksSeenOnce = new Set<string>();
  /** How many blocks were built from the cache rather than parsed statement by statement. */
  blockHits = 0;

  /** Whether a block of this size is worth caching. */
  static fitsBlock(start: number, end: number): boolean {
    return end - start <= CACHEABLE_BLOCK_CHARS;
  }

  /**
   * The block statement `text[start, end)` (header, body and closing brace, no Lua inside) and
   * the comments in it, if a block of the same shape was parsed (twice) before. The grammar tells names
   * apart only for `*_by_lua_block`, which the caller rules out (RegionScan.containsLua).
   */
  getBlock(source: SourceFile, start: number, end: number): { directive: NginxDirective; comments: NginxComment[] } | BlockMiss {
    // Blocks of a size that has not repeated (a hand-written config's servers) are not looked up,
    // but for one in PROBE_EVERY: reading a block's shape costs as much as reading its statements'.
    const size = 31 - Math.clz32(end - start);
    const lookups = ++this.blockLookups[size];
    if (lookups > PROBE_AFTER && this.blockSizeHits[size] * HIT_RATIO_MIN < lookups && lookups % PROBE_EVERY !== 0) return NOT_KEPT;
    const key = shapeKey(source.text, start, end);
    const template = this.blockEntries.get(key);
    if (!template) {
      // A block is kept from its second sighting on: most blocks of a hand-written config are
      // one of a kind, and copying their trees into templates cost more than the hits saved.
      if (this.blocksSeenOnce.has(key)) return { missed: { key, at: shapeAt().slice(0, key.length + 1) } };
      if (this.blocksSeenOnce.size >= BLOCKS_SEEN_ONCE_ENTRIES) this.blocksSeenOnce.clear();
      this.blocksSeenOnce.add(key);
      return NOT_KEPT;
    }
    this.blockHits++;
    this.blockSizeHits[size]++;
    const at = shapeAt();
    return { directive: instantiate(template.directive, at, source), comments: commentsAt(template.comments, at, source.text) };
  }

  /**
   * Keeps what parsing made of a block statement without any error, and its comments: `missed`
   * is getBlock's answer for it (its shape, computed there once: parsing the body in between
   * computes the shapes of its statements).
   */
  rememberBlock(missed: Shape, directive: NginxDirective, comments: readonly NginxComment[]) {
    const toShape = shapeOffsets(missed);
    let template: { directive: NginxDirective; comments: Span[] };
    try {
      template = { directive: relocate(directive, toShape), comments: comments.map((c) => ({ start: toShape(c.start), end: toShape(c.end) })) };
    } catch (err) {
      if (err instanceof OffsetInsideRun) return;
      throw err;
    }
    if (this.blockEntries.size >= CACHE_BLOCK_ENTRIES) this.blockEntries.clear();
    this.blockEntries.set(missed.key, template);
  }

  /** The statement and gap templates this cache holds, in a plain form (blocks kept whole are not). */
  seeds(): ShapeSeeds {
    const statements: ShapeSeeds['statements'] = [];
    for (const [rule, byShape] of this.entries) for (const [key, template] of byShape) statements.push([rule, key, template.map(seedOf)]);
    const gaps: ShapeSeeds['gaps'] = [...this.gapEntries].map(([key, spans]) => [key, spans.map((c): [number, number] => [c.start, c.end])]);
    return { statements, gaps };
  }

  /** Takes the templates of `seeds` (from seeds()) as if it had matched their shapes itself. */
  plant(seeds: ShapeSeeds): void {
    for (const [rule, key, template] of seeds.statements) {
      let byShape = this.entries.get(rule);
      if (!byShape) {
        byShape = new Map();
        this.entries.set(rule, byShape);
      }
      if (!byShape.has(key)) byShape.set(key, template.map(templateOf));
    }
    for (const [key, spans] of seeds.gaps) if (!this.gapEntries.has(key)) this.gapEntries.set(key, spans.map(([start, end]) => ({ start, end })));
  }

  private readonly gapEntries = new Map<string, Span[]>();

  /**
   * The comments of the gap `text[start, end)` between statements, if a gap of the same shape
   * (gapKey: isGapRunChar, and each comment's text folded) was matched before.
   */
  gapComments(source: SourceFile, start: number, end: number): NginxComment[] | undefined {
    if (!ShapeCache.fits(start, end)) return undefined;
    const key = gapKey(source.text, start, end);
    const template = this.gapEntries.get(key);
    if (!template) return undefined;
    this.gapHits++;
    return commentsAt(template, shapeAt(), source.text);
  }

  /** Keeps where the grammar found the comments of the gap `text[start, end)`. */
  rememberGap(source: SourceFile, start: number, end: number, comments: readonly NginxComment[]) {
    if (!ShapeCache.fits(start, end)) return;
    const key = gapKey(source.text, start, end);
    const toShape = shapeOffsets({ key, at: shapeAt() });
    let template: Span[];
    try {
      template = comments.map((c) => ({ start: toShape(c.start), end: toShape(c.end) }));
    } catch (err) {
      // A comment boundary inside a run would break the claim of isGapRunChar: not cached.
      if (err instanceof OffsetInsideRun) return;
      throw err;
    }
    if (this.gapEntries.size >= CACHE_ENTRIES) this.gapEntries.clear();
    this.gapEntries.set(key, template);
  }
}

/**
 * A cache's statement and gap templates in a plain form (JSON), to be planted in another cache:
 * the CLI bundle ships those of the shapes real configs use most (src/nginx/shape-seeds.ts).
 */
export interface ShapeSeeds {
  /** Start rule, shape key, the template's directives. */
  statements: [string, string, SeedDirective[]][];
  /** Shape key, the comments as [start, end] in shape offsets. */
  gaps: [string, [number, number][]][];
}

/** A template's word: start, end (shape offsets), quote, whether it holds a `\`, its text. */
type SeedWord = [number, number, '"' | "'" | null, boolean, string];

/** A template's directive: its words (the name first), start, end, templated, `{`, block. */
interface SeedDirective {
  w: SeedWord[];
  s: number;
  e: number;
  t: boolean;
  b?: number;
  c?: SeedDirective[];
}

function seedOf(d: NginxDirective): SeedDirective {
  const word = (w: NginxWord): SeedWord => [w.start, w.end, w.quote, (w as TemplateWord).escaped, (w as TemplateWord).text];
  const out: SeedDirective = { w: [word(d.nameWord), ...d.args.map(word)], s: d.start, e: d.end, t: d.templated };
  if (d.blockStart !== undefined) out.b = d.blockStart;
  if (d.block) out.c = d.block.map(seedOf);
  return out;
}

function templateOf(d: SeedDirective): NginxDirective {
  const word = ([start, end, quote, escaped, text]: SeedWord): TemplateWord => ({ value: '', raw: '', quote, start, end, escaped, text });
  const out = newDirective(word(d.w[0]), d.w.slice(1).map(word), d.s, d.e, NO_SOURCE, d.t);
  if (d.b !== undefined) out.blockStart = d.b;
  if (d.c) out.block = d.c.map(templateOf);
  return out;
}

/** A span (a comment's) in shape offsets. */
interface Span {
  start: number;
  end: number;
}

/** The comments at `spans` (shape offsets) of the piece whose shape offsets are `at`. */
function commentsAt(spans: readonly Span[], at: Int32Array, text: string): NginxComment[] {
  return spans.map((c) => ({ text: text.slice(at[c.start] + 1, at[c.end]), start: at[c.start], end: at[c.end] }));
}

/**
 * What a template points at instead of the file it was first parsed from: the cache lives as long
 * as the process (a library user's server), and must not keep old files' texts alive. For the
 * same reason a template keeps no word text (a slice of a file keeps the whole file).
 */
const NO_SOURCE: SourceFile = createSourceFile('<shape cache>', '');

/**
 * A word of a template: where it is in shape offsets, its quote, and whether it holds a `\`.
 * A shape keeps every `\` (and the character it escapes) as written, so the words made from a
 * template hold one exactly where the template's did: the others need no unescaping.
 * `text` is the template's own word, copied off its file: a piece that has the same word there
 * (`listen`, `80`, `include`, `uwsgi_params`, most names and many values) shares that string
 * instead of slicing one of its own, and every name the rules look up is then one string,
 * hashed once.
 */
interface TemplateWord extends NginxWord {
  escaped: boolean;
  text: string;
}

/** A copy of `s` that keeps no larger string alive (a slice of 13 characters or more points into its file). */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function relocate(d: NginxDirective, move: (offset: number) => number): NginxDirective {
  const word = (w: NginxWord): TemplateWord => ({ value: '', raw: '', quote: w.quote, start: move(w.start), end: move(w.end), escaped: w.raw.includes('\\'), text: detached(w.raw) });
  // Template marks are made of characters a shape keeps as they are: every piece of this shape
  // is templated exactly when this one is.
  const out = newDirective(word(d.nameWord), d.args.map(word), move(d.start), move(d.end), NO_SOURCE, d.templated);
  if (d.block) out.block = d.block.map((c) => relocate(c, move));
  if (d.blockStart !== undefined) out.blockStart = move(d.blockStart);
  return out;
}

/** The template's tree with the offsets and words of the piece whose shape offsets are `at`. */
function instantiate(d: NginxDirective, at: Int32Array, source: SourceFile): NginxDirective {
  const text = source.text;
  const out = newDirective(instantiateWord(d.nameWord, at, text), instantiateWords(d.args, at, text), at[d.start], at[d.end], source, d.templated);
  if (d.block) {
    // An array of the exact size, filled in a loop (map() called back into cold code per child).
    const block: NginxDirective[] = new Array<NginxDirective>(d.block.length);
    for (let i = 0; i < block.length; i++) block[i] = instantiate(d.block[i], at, source);
    out.block = block;
  }
  if (d.blockStart !== undefined) out.blockStart = at[d.blockStart];
  return out;
}

/**
 * The template's words for the piece: arrays of the exact size (push() would leave room for 17
 * in each, and every directive keeps its arguments as long as the run), written out for the
 * usual one or two words instead of map() and a callback per word.
 */
function instantiateWords(words: readonly NginxWord[], at: Int32Array, text: string): NginxWord[] {
  switch (words.length) {
    case 0:
      return [];
    case 1:
      return [instantiateWord(words[0], at, text)];
    case 2:
      return [instantiateWord(words[0], at, text), instantiateWord(words[1], at, text)];
    default: {
      const out: NginxWord[] = new Array<NginxWord>(words.length);
      for (let i = 0; i < words.length; i++) out[i] = instantiateWord(words[i], at, text);
      return out;
    }
  }
}

function instantiateWord(w: NginxWord, at: Int32Array, text: string): NginxWord {
  // A cached piece parsed clean, so its quoted words are closed.
  const start = at[w.start];
  const end = at[w.end];
  if ((w as TemplateWord).escaped) return cleanWord(text, start, end, w.quote);
  // No `\`: the value is the text inside the quotes as it is (what cleanWord gives, one slice
  // fewer and no search for a `\` in each of the run's words).
  const own = (w as TemplateWord).text;
  const raw = end - start === own.length && text.startsWith(own, start) ? own : sharedWordText(text.slice(start, end));
  return { value: w.quote ? sharedWordText(raw.slice(1, -1)) : raw, raw, quote: w.quote, start, end };
}
