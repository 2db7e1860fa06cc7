// Parses one nginx config file into directives with exact offsets, finding syntax errors where
// nginx does (src/core/ngx_conf_file.c; rules/nginx-syntax.ts words them) and recovering at
// statement boundaries.
// Over 400 lines: the Ohm semantics of grammars/nginx.ohm are one action table, and the error
// recovery must see the same match; the splitting and the shape cache live apart.
//
// Files are parsed statement by statement (segment.ts finds the boundaries): a block is parsed
// as its head plus its statements, and a statement (or a whole block without Lua) of a shape
// already parsed is built by the shape cache (shape-cache.ts) instead of matched again. A piece
// of a new shape made only of bare words, quoted strings, blanks and comments is read by
// plain-statement.ts, which gives what the grammar gives (tested against it); the rest is
// matched. Ohm's match result is dropped as soon as each piece's AST is built: it costs about
// 1 KB of memory per input byte.
import type { Node, NonterminalNode, IterationNode } from 'ohm-js';
import { load as nginxGrammar, type NginxSemantics } from '../../grammars/nginx.ohm-bundle.js';
import { span } from '../diagnostic.js';
import type { NginxParseProblem, NginxSyntaxError, NginxSyntaxProblem } from '../parsed-findings.js';
import type { SourceFile } from '../source.js';
import { newDirective, type NginxComment, type NginxContext, type NginxDirective, type NginxFile, type NginxWord } from './ast.js';
import { placementInside } from './context.js';
import { readPlainGap, readPlainStatement } from './plain-statement.js';
import { wordsTemplated } from './templated.js';
import { scanRegion, type RegionScan, type Segment } from './segment.js';
import { ShapeCache, type ShapeSeeds } from './shape-cache.js';
import { sharedWordText } from './word-strings.js';
import type { Shape } from './shape-key.js';
import { unescape } from './unescape.js';

export interface NginxParseLimits {
  /** Larger files are not parsed. */
  maxFileBytes: number;
  /** Deeper `{` nesting is not parsed (nginx configs rarely pass 6). */
  maxDepth: number;
  /** A single statement that cannot be split further and is larger than this is not parsed. */
  maxStatementChars: number;
  /**
   * A block larger than this is parsed as its head plus its statements; 0, the default, splits
   * every block. A larger value parses small blocks (tests: the grammar alone) in one match.
   */
  chunkChars: number;
}

export const defaultNginxParseLimits: NginxParseLimits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxDepth: 100,
  maxStatementChars: 1024 * 1024,
  chunkChars: 0,
};

/** Per-parse state that the semantic actions write into. */
interface ParseContext {
  source: SourceFile;
  /** Offset of the matched piece within the file. */
  base: number;
  comments: NginxComment[];
  problems: NginxParseProblem[];
  /** Offset of a `}` that belongs to an enclosing block outside the piece being parsed. */
  outerClose: number;
  /** Where statements of a shape already parsed are found, or null to match every statement. */
  cache: ShapeCache | null;
  /** Syntax errors recorded so far; past MAX_SYNTAX_ERRORS the parse stops (`stopped`). */
  syntaxErrors: number;
  stopped: boolean;
}

/**
 * nginx stops at a file's first syntax error, and so does everything but the syntax rule: past
 * this many errors in one file the rest is not parsed (one `too-many-errors` finding says so), so
 * that a file of 200,000 stray `}` costs no more than its first hundred.
 */
export const MAX_SYNTAX_ERRORS = 100;

let ctx: ParseContext;

// The grammar's semantics, made on the first match: a run whose statements and gaps all come
// from the shape cache never loads Ohm (scripts/ohm-bundles-cjs.js). The operations below are
// added to it then, in this order.
let semantics: NginxSemantics | undefined;
const operations: ((s: NginxSemantics) => void)[] = [];

function nginxSemantics(): NginxSemantics {
  if (semantics === undefined) {
    const made = nginxGrammar().createSemantics();
    for (const add of operations) add(made);
    semantics = made;
  }
  return semantics;
}

operations.push((s) => s.addOperation<NginxDirective[]>('statements', {
  config(gap, items, gaps) {
    gap.comments();
    gaps.children.forEach((g) => g.comments());
    return items.children.flatMap((item) => item.statements());
  },
  leaf(gap, items, gaps) {
    gap.comments();
    gaps.children.forEach((g) => g.comments());
    return items.children.flatMap((item) => item.statements());
  },
  strayClose(close) {
    const at = ctx.base + close.source.startIdx;
    if (at !== ctx.outerClose) error(at, at + 1, { error: 'unexpected', token: '}' });
    return [];
  },
  statement(inner) {
    return inner.statements();
  },
  strayTerminator_semicolon(semi) {
    const at = ctx.base + semi.source.startIdx;
    error(at, at + 1, { error: 'unexpected', token: ';' });
    return [];
  },
  strayTerminator_open(open, gap, statements, gaps, blockEnd) {
    // nginx stops here; we keep the block's contents so later problems still get reported.
    const at = ctx.base + open.source.startIdx;
    error(at, at + 1, { error: 'unexpected', token: '{' });
    gap.comments();
    gaps.children.forEach((g) => g.comments());
    blockEnd.blockClosed();
    return statements.children.flatMap((s) => s.statements());
  },
  directive(first, gaps, rest, lastGap, terminator) {
    gaps.children.forEach((g) => g.comments());
    lastGap.comments();
    const words = [first.word(), ...rest.children.map((t) => t.word())];
    for (const w of words) checkAfterQuote(w);
    const d = makeDirective(words, ctx.base + this.source.endIdx);
    terminator.terminate(d, words);
    return [d];
  },
  holeLine(hole, _blanks, _lineEnd) {
    const d = makeDirective([plainWord(hole)], ctx.base + hole.source.endIdx);
    d.templated = true;
    return [d];
  },
  luaBlock(name, gaps, args, lastGap, open, body, end) {
    gaps.children.forEach((g) => g.comments());
    lastGap.comments();
    const nameWord = plainWord(name);
    const words = [nameWord, ...args.children.map((t) => t.word())];
    const d = makeDirective(words, ctx.base + this.source.endIdx);
    d.blockStart = ctx.base + open.source.startIdx;
    d.rawBody = { text: body.sourceString, start: ctx.base + body.source.startIdx, end: ctx.base + body.source.endIdx };
    d.block = [];
    end.luaClosed();
    return [d];
  },
}));

operations.push((s) => s.addOperation<void>('terminate(directive, words)', {
  terminator_semicolon(_semi) {},
  terminator_block(block) {
    const d = this.args.directive as NginxDirective;
    const [open, gap, statements, gaps, blockEnd] = (block as NonterminalNode).children;
    d.blockStart = ctx.base + open.source.startIdx;
    gap.comments();
    (gaps as IterationNode).children.forEach((g) => g.comments());
    d.block = (statements as IterationNode).children.flatMap((s) => s.statements());
    blockEnd.blockClosed();
  },
  terminator_missing(missing) {
    const at = ctx.base + missing.source.startIdx;
    const words = this.args.words as NginxWord[];
    const last = words[words.length - 1];
    (this.args.directive as NginxDirective).end = last.end;
    if (at < ctx.source.text.length) {
      // nginx's words, and where the `;` probably belongs.
      error(at, at + 1, { error: 'unexpected', token: '}', missingSemicolonAfter: { word: last.raw, span: span(ctx.source, last.end, last.end) } });
    } else {
      eofError('statement-end');
    }
  },
}));

operations.push((s) => s.addOperation<void>('blockClosed', {
  blockEnd_close(_close) {},
  blockEnd_eof(_end) {
    eofError('block-end');
  },
}));

operations.push((s) => s.addOperation<void>('luaClosed', {
  luaEnd(end) {
    if (end.source.startIdx === end.source.endIdx) eofError('block-end');
  },
}));

operations.push((s) => s.addOperation<void>('comments', {
  gap(parts) {
    // Most gaps are plain whitespace: skip them without visiting every character.
    if (!this.sourceString.includes('#')) return;
    for (const part of parts.children) {
      if (part.ctorName === 'comment') {
        const start = ctx.base + part.source.startIdx;
        let end = ctx.base + part.source.endIdx;
        let text = part.sourceString.slice(1);
        // The `\r` of a CRLF line end is not part of the comment.
        if (text.endsWith('\r')) {
          text = text.slice(0, -1);
          end--;
        }
        ctx.comments.push({ text, start, end });
      }
    }
  },
}));

operations.push((s) => s.addOperation<NginxWord>('word', {
  token(inner) {
    return inner.word();
  },
  doubleQuoted(_open, _content, close) {
    return quotedWord(this, '"', close.source.startIdx === close.source.endIdx);
  },
  singleQuoted(_open, _content, close) {
    return quotedWord(this, "'", close.source.startIdx === close.source.endIdx);
  },
  word(_first, _rest) {
    return plainWord(this);
  },
}));

function plainWord(node: Node): NginxWord {
  const raw = sharedWordText(node.sourceString);
  return { value: unescape(raw), raw, quote: null, start: ctx.base + node.source.startIdx, end: ctx.base + node.source.endIdx };
}

function quotedWord(node: Node, quote: '"' | "'", unterminated: boolean): NginxWord {
  const raw = sharedWordText(node.sourceString);
  const inner = sharedWordText(raw.slice(1, unterminated ? raw.length : raw.length - 1));
  return { value: unescape(inner), raw, quote, start: ctx.base + node.source.startIdx, end: ctx.base + node.source.endIdx };
}

/** After a closing quote nginx wants a space, `;`, `{` or `)`; anything else is an error. */
function checkAfterQuote(w: NginxWord) {
  if (!w.quote || w.raw.length < 2 || !w.raw.endsWith(w.quote)) return;
  const text = ctx.source.text;
  if (w.end >= text.length) return;
  const next = text[w.end];
  if (next === ' ' || next === '\t' || next === '\r' || next === '\n' || next === ';' || next === '{' || next === ')') return;
  const ch = String.fromCodePoint(text.codePointAt(w.end)!);
  error(w.end, w.end + ch.length, { error: 'unexpected', token: ch });
}

function makeDirective(words: NginxWord[], end: number): NginxDirective {
  const [nameWord, ...args] = words;
  return newDirective(nameWord, args, nameWord.start, end, ctx.source, wordsTemplated(nameWord.raw, args));
}

function error(start: number, end: number, problem: NginxSyntaxError) {
  if (ctx.stopped) return;
  if (++ctx.syntaxErrors > MAX_SYNTAX_ERRORS) {
    ctx.stopped = true;
    ctx.problems.push({ kind: 'syntax', span: span(ctx.source, start, end), error: 'too-many-errors', shown: MAX_SYNTAX_ERRORS });
    return;
  }
  ctx.problems.push({ kind: 'syntax', span: span(ctx.source, start, end), ...problem });
}

function eofError(expecting: 'statement-end' | 'block-end') {
  const n = ctx.source.text.length;
  error(n, n, { error: 'unexpected-end', expecting });
}

/**
 * Parses `source`; never throws on any input. `cache` is shared by every parse unless another
 * one (or null, for none) is given.
 */
export function parseNginx(source: SourceFile, limits: Partial<NginxParseLimits> = {}, cache: ShapeCache | null = sharedShapeCache()): NginxFile {
  const lim = { ...defaultNginxParseLimits, ...limits };
  const file: NginxFile = { kind: 'nginx', source, directives: [], comments: [], context: 'unknown', problems: [], names: new Set(), includes: [], includeContexts: [], includeContextsFor: 'unknown' };
  const text = source.text;
  const fail = (problem: NginxSyntaxError, start = 0, end = 0) => {
    file.problems.push({ kind: 'syntax', span: span(source, start, end), ...problem });
    return file;
  };
  if (text.length > lim.maxFileBytes) {
    return fail({ error: 'file-too-large', size: text.length, limit: lim.maxFileBytes });
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return fail({ error: 'binary' }, nul, nul + 1);
  }
  const prev = ctx;
  ctx = { source, base: 0, comments: file.comments, problems: file.problems, outerClose: -1, cache, syntaxErrors: 0, stopped: false };
  try {
    file.directives = parseRegion(0, false, lim, scanRegion(text, 0, false, lim.maxDepth));
  } finally {
    ctx = prev;
  }
  // The context first: the last walk notes each include line with the context of its block.
  file.context = inferContext(file.directives);
  checkAfterParse(file, source);
  if (source.hasBom) file.problems.push({ kind: 'bom', span: span(source, 0, 0) });
  file.problems = dedupe(file.problems);
  file.comments.sort((a, b) => a.start - b.start);
  return file;
}

/**
 * Statements from `from` to the end of the file or, for a body, to its closing brace; `scan` is
 * the region split into statements (scanRegion), bodies of its blocks included.
 */
function parseRegion(from: number, isBody: boolean, lim: NginxParseLimits, scan: RegionScan): NginxDirective[] {
  const text = ctx.source.text;
  if (scan.tooDeepAt >= 0) {
    error(scan.tooDeepAt, scan.tooDeepAt + 1, { error: 'nested-too-deep', maxDepth: lim.maxDepth });
  }
  const out: NginxDirective[] = [];
  const segments = scan.segments;
  for (let i = 0; i < segments.length && !ctx.stopped; i++) {
    const parsed = parseSegment(segments[i], lim);
    for (let k = 0; k < parsed.length; k++) out.push(parsed[k]);
  }
  if (isBody && scan.close < 0 && scan.tooDeepAt < 0) eofError('block-end');
  // Comments between the statements of a segmented region.
  collectGapComments(from, scan.segments, isBody && scan.close >= 0 ? scan.close : text.length);
  return out;
}

function parseSegment(seg: Segment, lim: NginxParseLimits): NginxDirective[] {
  const text = ctx.source.text;
  const size = seg.end - seg.start;
  const splittable = seg.openBrace >= 0 && !seg.lua && seg.openBrace > seg.start;
  // With the default chunkChars every block is split, so that repeated statements hit the shape cache.
  if ((size > lim.chunkChars || text.length > lim.chunkChars) && splittable) {
    return parseLargeBlock(seg, lim);
  }
  if (size > lim.maxStatementChars) {
    statementOverLimit(seg, lim);
    return [];
  }
  // A statement cut short by an enclosing `}` is matched with that `}` so nginx's "unexpected
  // "}"" is reported where nginx reports it; the `}` itself belongs to the enclosing block.
  const end = seg.cutByClose ? seg.end + 1 : seg.end;
  // No block and no Lua inside: the `leaf` start rule skips the Lua-block attempt.
  const rule = seg.openBrace < 0 && !seg.lua ? 'leaf' : 'config';
  return matchPiece(seg.start, end, seg.cutByClose ? seg.end : -1, rule);
}

/**
 * A statement too large to parse here is a limit of this linter, not of nginx (ngx_conf_read_token
 * collects any number of words; `nginx -t` accepts 200,000 `server_name` words): a warning under
 * nginx/limit on its name (rules/nginx-limit.ts). What nginx would refuse about where it ends is still reported.
 */
function statementOverLimit(seg: Segment, lim: NginxParseLimits): void {
  const text = ctx.source.text;
  let nameEnd = seg.start + 1;
  while (nameEnd < seg.end && nameEnd - seg.start < 256 && !/[\s;{}"']/.test(text[nameEnd])) nameEnd++;
  const name = text.slice(seg.start, nameEnd);
  ctx.problems.push({ kind: 'statement-too-long', span: span(ctx.source, seg.start, nameEnd), name, length: seg.end - seg.start, limit: lim.maxStatementChars });
  // nginx refuses a word of 4096 bytes or more wherever it is; the words are read, not parsed.
  const tooLong = seg.lua ? null : firstTooLongToken(ctx.source, seg.start, seg.end);
  if (tooLong) ctx.problems.push(tooLong);
  // Where the statement ends is known without parsing it: nginx's errors there are certain.
  if (seg.openBrace === seg.start && !seg.lua) error(seg.start, seg.start + 1, { error: 'unexpected', token: '{' });
  else if (seg.cutByClose) error(seg.end, seg.end + 1, { error: 'unexpected', token: '}' });
  else if (seg.openBrace >= 0 && seg.closeBrace < 0) eofError('block-end');
  else if (seg.openBrace < 0 && text.charCodeAt(seg.end - 1) !== 0x3b) eofError('statement-end');
}

function matchPiece(start: number, end: number, outerClose: number, rule: 'config' | 'leaf'): NginxDirective[] {
  const cache = ctx.cache;
  const cacheable = cache !== null && rule === 'leaf' && outerClose < 0 && ShapeCache.fits(start, end);
  const cached = cacheable ? cache.get(rule, ctx.source, start, end) : undefined;
  if (cached) return cached;
  // A new shape of the commonest kind (bare words and quoted strings) is read without a match;
  // with the cache off (tests, `null`) every piece is the grammar's.
  const plain = cacheable ? readPlainStatement(ctx.source, start, end, ';') : null;
  if (plain) {
    cache!.plainReads++;
    cache!.remember(rule, ctx.source, start, end, [plain]);
    return [plain];
  }
  const text = ctx.source.text.slice(start, end);
  const saved = { base: ctx.base, outerClose: ctx.outerClose };
  const before = { problems: ctx.problems.length, comments: ctx.comments.length };
  ctx.base = start;
  ctx.outerClose = outerClose;
  try {
    const match = nginxGrammar().match(text, rule);
    if (match.failed()) {
      // The grammar accepts every input; reaching this is a bug, reported rather than thrown.
      error(start, end, { error: 'internal', detail: match.shortMessage ?? 'no match' });
      return [];
    }
    const directives: NginxDirective[] = nginxSemantics()(match).statements();
    const clean = !ctx.stopped && ctx.problems.length === before.problems && ctx.comments.length === before.comments;
    if (clean && cacheable) cache.remember(rule, ctx.source, start, end, directives);
    return directives;
  } finally {
    ctx.base = saved.base;
    ctx.outerClose = saved.outerClose;
  }
}

// Statements repeat across server blocks and files (`listen 80;`, `server_name x.example.com;`):
// a statement of a shape already parsed is built from that parse instead of matched again.
let shared: ShapeCache | undefined;

/** The CLI bundle's templates of common shapes (src/nginx/shape-seeds.ts); the library has none. */
declare const NGINX_SHAPE_SEEDS: string | undefined;

/** The cache of every parse that names none, with the shipped seeds planted on first use. */
function sharedShapeCache(): ShapeCache {
  if (shared === undefined) {
    shared = new ShapeCache();
    if (typeof NGINX_SHAPE_SEEDS === 'string') shared.plant(JSON.parse(NGINX_SHAPE_SEEDS) as ShapeSeeds);
  }
  return shared;
}

/** A block too large for one match: its head by the grammar, then its body statement by statement. */
function parseLargeBlock(seg: Segment, lim: NginxParseLimits): NginxDirective[] {
  const text = ctx.source.text;
  const open = seg.openBrace;
  const cache = ctx.cache;
  // A closed block without Lua that repeats an earlier one's shape (generated vhosts) is
  // built whole from the cache: no statement of it is split or looked up.
  const wholeBlockCacheable = cache !== null && seg.closeBrace >= 0 && !seg.containsLua && ShapeCache.fitsBlock(seg.start, seg.end);
  let blockMiss: Shape | null = null;
  if (wholeBlockCacheable) {
    const cachedBlock = cache.getBlock(ctx.source, seg.start, seg.end);
    if ('missed' in cachedBlock) {
      blockMiss = cachedBlock.missed;
    } else {
      seg.body = null;
      for (const c of cachedBlock.comments) ctx.comments.push(c);
      return [cachedBlock.directive];
    }
  }
  const blockBefore = { problems: ctx.problems.length, comments: ctx.comments.length };
  const cacheable = cache !== null && ShapeCache.fits(seg.start, open + 1);
  const cached = cacheable ? cache.get('blockHeader', ctx.source, seg.start, open + 1) : undefined;
  const plain = cacheable && !cached ? readPlainStatement(ctx.source, seg.start, open + 1, '{') : null;
  let directive: NginxDirective;
  if (cached) {
    directive = cached[0];
  } else if (plain) {
    directive = plain;
    cache!.plainReads++;
    cache!.remember('blockHeader', ctx.source, seg.start, open + 1, [directive]);
  } else {
    const saved = ctx.base;
    const before = { problems: ctx.problems.length, comments: ctx.comments.length };
    ctx.base = seg.start;
    try {
      const match = nginxGrammar().match(text.slice(seg.start, open + 1), 'blockHeader');
      if (match.failed()) {
        error(seg.start, open + 1, { error: 'internal', detail: match.shortMessage ?? 'no match' });
        return [];
      }
      directive = nginxSemantics()(match).header();
    } finally {
      ctx.base = saved;
    }
    const clean = !ctx.stopped && ctx.problems.length === before.problems && ctx.comments.length === before.comments;
    if (clean && cacheable) cache.remember('blockHeader', ctx.source, seg.start, open + 1, [directive]);
  }
  directive.blockStart = open;
  // The body's split (read with the region's, or now) is needed only here: let it go once parsed.
  const body = seg.body ?? scanRegion(text, open + 1, true, lim.maxDepth);
  seg.body = null;
  directive.block = parseRegion(open + 1, true, lim, body);
  directive.end = seg.closeBrace >= 0 ? seg.closeBrace + 1 : text.length;
  if (blockMiss && !ctx.stopped && ctx.problems.length === blockBefore.problems) {
    cache!.rememberBlock(blockMiss, directive, ctx.comments.slice(blockBefore.comments));
  }
  return [directive];
}

operations.push((s) => s.addOperation<NginxDirective>('header', {
  blockHeader(first, gaps, rest, lastGap, _open) {
    gaps.children.forEach((g) => g.comments());
    lastGap.comments();
    const words = [first.word(), ...rest.children.map((t) => t.word())];
    for (const w of words) checkAfterQuote(w);
    return makeDirective(words, ctx.base + this.source.endIdx);
  },
}));

/** Comments that lie between segments were not inside any match; find them by re-scanning gaps. */
function collectGapComments(from: number, segments: Segment[], to: number) {
  let pos = from;
  for (let i = 0; i < segments.length; i++) {
    scanGap(pos, segments[i].start);
    pos = segments[i].end;
  }
  scanGap(pos, to);
}

function scanGap(from: number, to: number) {
  // Only the gap itself is searched: an indexOf to the end of the file would make a large file
  // with few comments quadratic (every block's gaps scanned up to the next `#`, far below).
  const text = ctx.source.text;
  let hash = from;
  while (hash < to && text.charCodeAt(hash) !== 0x23 /* # */) hash++;
  if (hash >= to) return;
  const cached = ctx.cache?.gapComments(ctx.source, from, to);
  if (cached) {
    ctx.comments.push(...cached);
    return;
  }
  const plain = ctx.cache ? readPlainGap(ctx.source.text, from, to) : null;
  if (plain) {
    ctx.cache!.plainReads++;
    for (const c of plain) ctx.comments.push(c);
    ctx.cache!.rememberGap(ctx.source, from, to, plain);
    return;
  }
  const match = nginxGrammar().match(ctx.source.text.slice(from, to), 'gap');
  if (match.failed()) return;
  const saved = ctx.base;
  const before = ctx.comments.length;
  ctx.base = from;
  try {
    nginxSemantics()(match).comments();
  } finally {
    ctx.base = saved;
  }
  ctx.cache?.rememberGap(ctx.source, from, to, ctx.comments.slice(before));
}

/** The problems in text order, each reported once (the same words at the same place: see problemKey). */
function dedupe(problems: NginxParseProblem[]): NginxParseProblem[] {
  const seen = new Set<string>();
  const isEnd = (p: NginxParseProblem) => p.kind === 'syntax' && p.error === 'unexpected-end';
  // nginx stops at `"x"#`; for us the `#` opened a comment that may have swallowed the `;`, and
  // the end-of-file error that follows is only an echo of it.
  const hashAfterQuote = problems.some((p) => p.kind === 'syntax' && p.error === 'unexpected' && p.token === '#');
  const eof = hashAfterQuote ? undefined : problems.find((p) => p.span.start === p.span.source.text.length && isEnd(p));
  const out: NginxParseProblem[] = [];
  for (const p of [...problems].sort((a, b) => a.span.start - b.span.start)) {
    if (isEnd(p) && p !== eof) continue;
    const key = `${p.span.start}:${problemKey(p)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * What tells two problems at one place apart: the facts their message is made of (a hint about a
 * missing `;` is not one of them: two `unexpected "}"` at one place are one, whichever has it).
 */
function problemKey(p: NginxParseProblem): string {
  if (p.kind !== 'syntax') return p.kind;
  switch (p.error) {
    case 'unexpected':
      return `unexpected:${p.token}`;
    case 'unexpected-end':
      return `end:${p.expecting}`;
    case 'too-long-parameter':
      return `too-long:${p.quote ?? ''}:${p.head}`;
    case 'nested-too-deep':
      return `deep:${p.maxDepth}`;
    case 'file-too-large':
      return 'file-too-large';
    case 'binary':
      return 'binary';
    case 'internal':
      return `internal:${p.detail.replace(/ \(.*$/, '')}`;
    case 'too-many-errors':
      return 'too-many-errors';
  }
}

// Blocks whose bodies nginx reads through a handler of their own (cf->handler in ngx_conf_parse):
// they hold `key value;` lines only, and a nested `{` is a syntax error there.
const HANDLER_BLOCKS = new Set(['types', 'map', 'geo', 'split_clients', 'charset_map']);

// nginx reads a config through a 4096-byte buffer (NGX_CONF_BUFFER); a token or comment that
// fills it before the file ends is refused: "too long parameter".
const CONF_BUFFER = 4096;

type TokenKind = 'word' | '"' | "'" | 'comment';

/** nginx's "too long parameter" for a token from `start` to `end` that fills its read buffer, else null. */
function tooLongToken(source: SourceFile, start: number, end: number, kind: TokenKind): NginxSyntaxProblem | null {
  if ((end - start) * 4 < CONF_BUFFER) return null;
  const text = source.text;
  const bytes = new TextEncoder().encode(text.slice(start, end)).length;
  // The buffer only overflows if the file goes on past the token's 4096th byte.
  if (bytes < CONF_BUFFER || (bytes === CONF_BUFFER && end >= text.length)) return null;
  const quote = kind === '"' || kind === "'" ? kind : null;
  // nginx prints the first 10 bytes of an unquoted token ("too long parameter \"%*s...\" started").
  const head = quote ? '' : new TextDecoder().decode(new TextEncoder().encode(text.slice(start, start + 10)).subarray(0, 10));
  return { kind: 'syntax', span: span(source, start, start + 1), error: 'too-long-parameter', quote, head };
}

/**
 * The first token of `from`..`to` too long for nginx's buffer, found by reading the tokens as
 * ngx_conf_read_token does (quotes and `#` only where a token starts, `\` escapes), without parsing.
 */
function firstTooLongToken(source: SourceFile, from: number, to: number): NginxSyntaxProblem | null {
  const text = source.text;
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  const ends = (c: number) => isSpace(c) || c === 0x3b || c === 0x7b || c === 0x7d;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (ends(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    let found: NginxSyntaxProblem | null;
    if (c === 0x23) {
      const nl = text.indexOf('\n', i);
      j = nl < 0 || nl > to ? to : nl;
      found = tooLongToken(source, i, j, 'comment');
    } else if (c === 0x22 || c === 0x27) {
      while (j < to && text.charCodeAt(j) !== c) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      found = tooLongToken(source, i + 1, Math.min(j, to), c === 0x22 ? '"' : "'");
      j++;
    } else {
      while (j < to && !ends(text.charCodeAt(j))) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      found = tooLongToken(source, i, Math.min(j, to), 'word');
    }
    if (found) return found;
    i = j;
  }
  return null;
}

/** Where a block's lines sit relative to a handler block (HANDLER_BLOCKS). */
const enum Under {
  Nothing,
  /** The lines of a handler block: a `{` among them is an error. */
  HandlerBlock,
  /** Deeper: nginx stopped at the first `{`, so nothing here is judged again. */
  Deeper,
}

/**
 * One walk over the parsed tree: what nginx refuses that the grammar accepts (`{` in a handler
 * block, tokens too long for its buffer), and the file's directive names and include lines
 * (NginxFile.names, includes), which the later phases would otherwise walk the tree again for.
 */
function checkAfterParse(file: NginxFile, source: SourceFile) {
  const names = new Set<string>();
  const includes: NginxDirective[] = [];
  const includeContexts: NginxContext[] = [];
  const text = source.text;
  const longTokensPossible = text.length >= CONF_BUFFER / 4;
  const check = (start: number, end: number, kind: TokenKind) => {
    const tooLong = tooLongToken(source, start, end, kind);
    if (tooLong) file.problems.push(tooLong);
  };
  const word = (w: NginxWord) => {
    // nginx counts a quoted token from after its opening quote.
    if ((w.end - w.start) * 4 >= CONF_BUFFER) check(w.quote ? w.start + 1 : w.start, w.end, w.quote ?? 'word');
  };
  // Indexed loops: this visits every directive of the file (see bench/README.md on for-of).
  const walk = (ds: NginxDirective[], under: Under, context: NginxContext) => {
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i];
      names.add(d.name);
      if (d.name === 'include') {
        includes.push(d);
        includeContexts.push(context);
      }
      if (under === Under.HandlerBlock && d.block && d.blockStart !== undefined) {
        file.problems.push({ kind: 'syntax', span: span(source, d.blockStart, d.blockStart + 1), error: 'unexpected', token: '{' });
      }
      // Only a statement whose words span a quarter of the buffer can hold a token that long.
      if (longTokensPossible && ((d.blockStart ?? d.end) - d.start) * 4 >= CONF_BUFFER) {
        word(d.nameWord);
        for (let k = 0; k < d.args.length; k++) word(d.args[k]);
      }
      if (d.block) walk(d.block, under !== Under.Nothing ? Under.Deeper : HANDLER_BLOCKS.has(d.name) ? Under.HandlerBlock : Under.Nothing, placementInside(d.name, context));
    }
  };
  walk(file.directives, Under.Nothing, file.context);
  if (longTokensPossible) for (const c of file.comments) check(c.start, c.end, 'comment');
  file.names = names;
  file.includes = includes;
  file.includeContexts = includeContexts;
  file.includeContextsFor = file.context;
}

/**
 * Where the file's top level sits: `events`/`http`/`stream`/main-only directives make it a main
 * config; `server`/`upstream`/`map` an http-level fragment; `location` a server-level fragment.
 */
export function inferContext(directives: NginxDirective[]): NginxContext {
  const names = new Set(directives.map((d) => d.name));
  if (names.has('http') || names.has('events') || names.has('stream') || names.has('worker_processes') || names.has('user') || names.has('pid')) return 'main';
  if (names.has('server') || names.has('upstream') || names.has('map') || names.has('geo') || names.has('split_clients') || names.has('log_format')) return 'http';
  if (names.has('location') || names.has('listen') || names.has('server_name')) return 'server';
  return 'unknown';
}
