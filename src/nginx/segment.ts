// Splits a region of an nginx config into its statements without parsing them, so a large file
// can be handed to the Ohm grammar one statement at a time (memory stays bounded by the largest
// statement, not the file) and so nesting depth is known before any recursive parse starts.
// One pass reads the whole region: the statements inside its blocks are split as they are read
// and kept with them (Segment.body), one level deep; deeper bodies are split when they are parsed
// (most large configs are a few repeated shapes, whose blocks the shape cache builds whole).
//
// It follows the same lexical rules as grammars/nginx.ohm (ngx_conf_read_token): quotes open a
// string only where a token starts, `#` starts a comment only where a token starts, `\` escapes
// the next character, `${` does not open a block, and `*_by_lua_block` bodies are Lua. The test
// "segmented parse equals whole parse" keeps the two in step.

export interface Segment {
  /** First character of the statement (its first token, or the stray `;`, `{` or `}`). */
  start: number;
  /** Just past the statement's `;` or closing `}`, or where it was cut short. */
  end: number;
  /** The `{` that opens the statement's block, when it has one at its own level; else -1. */
  openBrace: number;
  /** The `}` that closes that block, if any; else -1. */
  closeBrace: number;
  /** A `*_by_lua_block` statement: its body is raw Lua and is never split. */
  lua: boolean;
  /** Cut short by the `}` of the enclosing block at `end` (nginx: unexpected "}"). */
  cutByClose: boolean;
  /** For a block: whether a `*_by_lua_block` statement is inside it, at any depth. */
  containsLua: boolean;
  /**
   * For a block (not Lua) of the region itself: the statements of its body, read in the same
   * pass; null for other statements and for the blocks inside those bodies.
   */
  body: RegionScan | null;
}

export interface RegionScan {
  segments: Segment[];
  /** Offset of the `}` that closes the region (bodies only), or -1 when the text ran out. */
  close: number;
  /** Offset of the first `{` past the depth limit, or -1. */
  tooDeepAt: number;
}

const SPACE = 1;
/** How many levels a scan keeps the statements of: the region, and the bodies of its blocks. */
const RECORDED_LEVELS = 2;
/** The statements of a level not kept (never added to). */
const UNRECORDED: Segment[] = [];

/** What is being read at one level of nesting: the region itself, or the body of one of its blocks. */
interface Level {
  /** Whether this level's statements are kept (the region and the bodies of its blocks). */
  recorded: boolean;
  segments: Segment[];
  /** Whether a Lua block was read at this level or inside one of its blocks. */
  containsLua: boolean;
  /** Start of the statement being read at this level, or -1. */
  segStart: number;
  /** Its `{`, once read, or -1. */
  openBrace: number;
}

/**
 * Scans statements from `from` until the end of text or, when `isBody`, the `}` that closes the
 * region; the bodies of its blocks are split on the way. Stops when nesting passes `depthLimit`
 * (reported through tooDeepAt).
 */
export function scanRegion(text: string, from: number, isBody: boolean, depthLimit: number): RegionScan {
  const n = text.length;
  let i = from;
  // levels[0] is the region; levels[k] the body of the block being read at depth k.
  const levels: Level[] = [{ recorded: true, segments: [], containsLua: false, segStart: -1, openBrace: -1 }];
  let level = levels[0];
  // The statement being read (at the innermost level): its first token, and how many tokens so far.
  let stmtStart = -1;
  let stmtFirstEnd = -1;
  let stmtTokens = 0;
  const token = (start: number, end: number) => {
    if (stmtTokens === 0) {
      stmtStart = start;
      stmtFirstEnd = end;
    }
    stmtTokens++;
  };
  const begin = (at: number) => {
    if (level.segStart < 0) level.segStart = at;
  };
  const emit = (end: number, closeBrace: number, lua: boolean, body: RegionScan | null, containsLua = false, cutByClose = false) => {
    if (level.recorded) level.segments.push({ start: level.segStart, end, openBrace: level.openBrace, closeBrace, lua, cutByClose, containsLua, body });
    level.segStart = -1;
    level.openBrace = -1;
  };
  /** Ends the body being read (at its `}`, or at the end of the text) and the block statement it belongs to. */
  const closeLevel = (close: number) => {
    if (level.segStart >= 0) {
      // A statement cut short by the `}` of its block (a missing `;`), or by the end of the text.
      emit(close >= 0 ? close : n, -1, false, null, false, close >= 0);
    }
    const inner = level;
    const body: RegionScan | null = inner.recorded ? { segments: inner.segments, close, tooDeepAt: -1 } : null;
    levels.pop();
    level = levels[levels.length - 1];
    if (inner.containsLua) level.containsLua = true;
    emit(close >= 0 ? close + 1 : n, close, false, body, inner.containsLua);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // A blank or a line end (tested inline: this runs for every character of the file, and the CLI's
    // TurboFan does not inline, src/turbofan-short-run.ts).
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) {
      i += SPACE;
      continue;
    }
    if (c === 0x23 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
      continue;
    }
    if (c === 0x3b /* ; */) {
      begin(i);
      stmtTokens = 0;
      i++;
      emit(i, -1, false, null);
      continue;
    }
    if (level.segStart < 0 && (c === 0x7b || c === 0x24 || c === 0x40)) {
      // A template hole alone on its line is a statement of its own (the grammar's holeLine).
      const hole = holeLineEnd(text, i);
      if (hole > 0) {
        begin(i);
        stmtTokens = 0;
        i = hole;
        emit(i, -1, false, null);
        continue;
      }
    }
    if (c === 0x7b /* { */) {
      const tpl = templateEnd(text, i);
      if (tpl > 0 && text.charCodeAt(i + 1) !== 0x7b) {
        i = tpl; // `{% tag %}` or `{# comment #}` between tokens
        continue;
      }
      if (tpl > 0) {
        begin(i);
        const start = i;
        i = skipToken(text, i);
        token(start, i);
        continue;
      }
      begin(i);
      const isLua = stmtTokens > 0 && isLuaName(text, stmtStart, stmtFirstEnd);
      stmtTokens = 0;
      level.openBrace = i;
      if (isLua) {
        // A `*_by_lua_block` body is Lua, at any depth: skip it whole.
        const end = skipLuaBody(text, i + 1);
        level.containsLua = true;
        if (end < n) emit(end + 1, end, true, null, true);
        else emit(n, -1, true, null, true);
        i = end + 1;
        continue;
      }
      if (levels.length > depthLimit) return { segments: levels[0].segments, close: -1, tooDeepAt: i };
      const recorded = levels.length < RECORDED_LEVELS;
      level = { recorded, segments: recorded ? [] : UNRECORDED, containsLua: false, segStart: -1, openBrace: -1 };
      levels.push(level);
      i++;
      continue;
    }
    if (c === 0x7d /* } */) {
      stmtTokens = 0;
      if (levels.length > 1) {
        closeLevel(i);
        i++;
        continue;
      }
      if (level.segStart >= 0) {
        // A statement cut short by the `}` of its enclosing block (a missing `;`).
        emit(i, -1, false, null, false, true);
      }
      if (isBody) return { segments: level.segments, close: i, tooDeepAt: -1 };
      begin(i);
      emit(i + 1, -1, false, null);
      i++;
      continue;
    }
    // A token: a quoted string or a word.
    begin(i);
    const start = i;
    i = skipToken(text, i);
    token(start, i);
  }
  while (levels.length > 1) closeLevel(-1);
  if (level.segStart >= 0) emit(n, -1, false, null);
  return { segments: level.segments, close: -1, tooDeepAt: -1 };
}

/** Skips one token starting at `i` (not whitespace, not `;{}#` at token start). */
function skipToken(text: string, i: number): number {
  const n = text.length;
  const q = text.charCodeAt(i);
  if (q === 0x22 || q === 0x27) {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) i += 2;
      else if (c === q) return i + 1;
      else i++;
    }
    return n;
  }
  // Word: `#`, `}` and quotes are ordinary characters after its first one. A blank, a line end
  // or `;` ends it, and `{` unless it opens a template (tested inline: this runs for every
  // character of every word, and the CLI's TurboFan does not inline, src/turbofan-short-run.ts).
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x3b) break;
    if (c === 0x5c) {
      i += 2;
    } else if (c === 0x7b) {
      const tpl = templateEnd(text, i);
      if (tpl < 0) break;
      i = tpl;
    } else if (c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b) {
      i += 2;
    } else {
      i++;
    }
  }
  return Math.min(i, n);
}

/** For `{{ x }}`, `{% x %}`, `{# x #}` closed on the same line: the offset past it; else -1. */
export function templateEnd(text: string, i: number): number {
  const kind = text.charCodeAt(i + 1);
  const closer = kind === 0x7b ? '}}' : kind === 0x25 ? '%}' : kind === 0x23 ? '#}' : '';
  if (!closer) return -1;
  // Searched to the line's end only: a file of unclosed `{{` must not be read once per `{{`.
  let nl = text.indexOf('\n', i + 2);
  if (nl === -1) nl = text.length;
  const close = text.slice(i + 2, nl).indexOf(closer);
  return close === -1 ? -1 : i + 2 + close + 2;
}

/**
 * For a template hole that starts at `i` and stands alone (`{{ x }}`, `${X}`, `$X`, `@X@`, then
 * only blanks before the line's end, a comment or a `}`): the offset past the hole; else -1.
 */
export function holeLineEnd(text: string, i: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  const nameEnd = (from: number) => {
    let k = from;
    while (k < n && isHoleNameChar(text.charCodeAt(k))) k++;
    return k;
  };
  let end = -1;
  if (c === 0x7b /* { */) {
    if (text.charCodeAt(i + 1) === 0x7b) end = templateEnd(text, i);
  } else if (c === 0x24 /* $ */) {
    if (text.charCodeAt(i + 1) === 0x7b) {
      const k = nameEnd(i + 2);
      if (k > i + 2 && text.charCodeAt(k) === 0x7d) end = k + 1;
    } else {
      const k = nameEnd(i + 1);
      if (k > i + 1) end = k;
    }
  } else if (c === 0x40 /* @ */) {
    const k = nameEnd(i + 1);
    if (k > i + 1 && text.charCodeAt(k) === 0x40) end = k + 1;
  }
  if (end < 0) return -1;
  let k = end;
  while (k < n && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
  const next = text.charCodeAt(k);
  return k === n || next === 0x0a || next === 0x0d || next === 0x23 || next === 0x7d ? end : -1;
}

/** Letters, digits and `.` `_` `-` `/` `:`, as the grammar's holeName. */
function isHoleNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x3a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x5f || c === 0x2d || c === 0x2f;
}

/** The name ends in `_by_lua_block` and is made of letters, digits and `_` (the grammar's luaBlockName). */
function isLuaName(text: string, start: number, end: number): boolean {
  if (!text.startsWith('_by_lua_block', end - 13)) return false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

/** From just after a Lua block's `{`, the offset of its closing `}` (or text length). */
function skipLuaBody(text: string, i: number): number {
  const n = text.length;
  let depth = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      depth++;
      i++;
    } else if (c === 0x7d) {
      if (depth === 0) return i;
      depth--;
      i++;
    } else if (c === 0x22 || c === 0x27) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === c) {
          i++;
          break;
        } else if (d === 0x0a) break;
        else i++;
      }
    } else if (c === 0x5b /* [ */ && longBracketLevel(text, i) >= 0) {
      i = skipLongBracket(text, i);
    } else if (c === 0x2d && text.charCodeAt(i + 1) === 0x2d) {
      if (text.charCodeAt(i + 2) === 0x5b && longBracketLevel(text, i + 2) >= 0) {
        i = skipLongBracket(text, i + 2);
      } else {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? n : nl;
      }
    } else {
      i++;
    }
  }
  return n;
}

// Lua long brackets: `[[ ... ]]`, `[=[ ... ]=]`, ... (strings, and comments after `--`). The
// grammar knows levels 0 to 3; deeper ones are read as ordinary characters by both.
const MAX_LONG_BRACKET_LEVEL = 3;

/** The level of a long bracket opening at `i` (`[` `=`* `[`), or -1. */
export function longBracketLevel(text: string, i: number): number {
  let k = i + 1;
  while (text.charCodeAt(k) === 0x3d) k++;
  const level = k - i - 1;
  return text.charCodeAt(k) === 0x5b && level <= MAX_LONG_BRACKET_LEVEL ? level : -1;
}

function skipLongBracket(text: string, i: number): number {
  const level = longBracketLevel(text, i);
  const close = ']' + '='.repeat(level) + ']';
  const end = text.indexOf(close, i + level + 2);
  return end === -1 ? text.length : end + close.length;
}
