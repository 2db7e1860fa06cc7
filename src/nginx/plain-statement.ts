// Reads the commonest pieces of an nginx config without a grammar match: a statement of bare
// words and quoted strings ended by its `;` (or a block's head, ended by its `{`), and a gap of
// blanks and `#` comments. The parser asks here when the shape cache has not seen a piece's shape
// (src/nginx/parse.ts); for anything else it matches grammars/nginx.ohm, the parser of record.
//
// What is read here is what the grammar gives for such a piece, by its rules:
// - `directive = token (gap token)* gap terminator`, its gaps here only blanks and line ends
//   (" ", "\t", "\n", "\r"); a `#`, `{` or `}` where a token starts, a `{` inside a bare word
//   (but in `${`), or a template mark where the grammar reads one (`{{ }}`, `{% %}`, `{# #}`,
//   all with a `{`) sends the piece to the grammar.
// - a bare word (`word`) runs to the next blank, line end or the terminator; `\` takes the next
//   character with it (`escaped`); `${` is one unit; quotes, `#`, `}` and everything else are
//   ordinary inside it.
// - a quoted string (`doubleQuoted`, `singleQuoted`) opens with a quote where a token starts and
//   runs to the same quote, `\` taking the next character; after it comes a blank, a line end,
//   the terminator or a `)` that starts the next word (anything else is nginx's `unexpected`
//   error: the grammar reports it).
// - a piece whose first character is `$`, `@` or `{` may be a template hole line (`holeLine`),
//   and one whose first character is `;` is a stray terminator: both go to the grammar.
// - words are made as the grammar's semantics make them (cleanWord: the value unescaped, quotes
//   removed), and a directive's `templated` from its words as written (wordsTemplated).
// test/nginx-plain-statement.test.ts parses generated pieces over every kind of character both
// ways, and test/nginx-shape-cache-equivalence.test.ts whole files.
import type { SourceFile } from '../source.js';
import { newDirective, type NginxComment, type NginxDirective, type NginxWord } from './ast.js';
import { wordsTemplated } from './templated.js';
import { cleanWord } from './unescape.js';

const SEMICOLON = 0x3b;
const OPEN_BRACE = 0x7b;

/** A blank or a line end: what the grammar's gap reads between tokens (no comment, no template here). */
function isGapChar(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/**
 * The directive of `text[start, end)` when the piece is a plain statement ended by `;` at end - 1
 * (`terminator` ';') or a block's head ended by `{` there (`terminator` '{'); null when the
 * grammar must read it. A head's directive ends just past its `{`, as the grammar's blockHeader.
 */
export function readPlainStatement(source: SourceFile, start: number, end: number, terminator: ';' | '{'): NginxDirective | null {
  const text = source.text;
  const last = end - 1;
  if (last <= start || text.charCodeAt(last) !== (terminator === ';' ? SEMICOLON : OPEN_BRACE)) return null;
  const first = text.charCodeAt(start);
  if (first === 0x24 /* $ */ || first === 0x40 /* @ */ || first === OPEN_BRACE || first === SEMICOLON) return null;
  const words: NginxWord[] = [];
  let i = start;
  while (i < last) {
    const c = text.charCodeAt(i);
    if (isGapChar(c)) {
      i++;
      continue;
    }
    // Where a token starts: a comment, a block or a stray `}` is the grammar's.
    if (c === 0x23 /* # */ || c === OPEN_BRACE || c === 0x7d /* } */ || c === SEMICOLON) return null;
    const tokenStart = i;
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      i++;
      while (i < last) {
        const q = text.charCodeAt(i);
        if (q === 0x5c /* \ */) i += 2;
        else if (q === c) break;
        else i++;
      }
      // Unclosed before the terminator (or its `\` took the terminator): the grammar's.
      if (i >= last) return null;
      i++;
      // After the closing quote nginx wants a blank, a line end, the terminator or `)`, which
      // starts the next word at once (`if ($a ~ "b") {`); anything else is an error it reports.
      if (i < last && !isGapChar(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x29 /* ) */) return null;
      words.push(cleanWord(text, tokenStart, i, c === 0x22 ? '"' : "'"));
      continue;
    }
    while (i < last) {
      const w = text.charCodeAt(i);
      if (isGapChar(w)) break;
      if (w === 0x5c /* \ */) {
        // An escape takes the next character, whatever it is; not the terminator.
        if (i + 1 >= last) return null;
        i += 2;
      } else if (w === 0x24 /* $ */ && text.charCodeAt(i + 1) === OPEN_BRACE) {
        if (i + 1 >= last) return null;
        i += 2;
      } else if (w === OPEN_BRACE || w === SEMICOLON) {
        // A `{` ends the word (a block or a template) and a `;` the statement: not at this place.
        return null;
      } else {
        i++;
      }
    }
    words.push(cleanWord(text, tokenStart, i, null));
  }
  if (words.length === 0) return null;
  const nameWord = words[0];
  const args = words.slice(1);
  return newDirective(nameWord, args, nameWord.start, end, source, wordsTemplated(nameWord.raw, args));
}

/**
 * The comments of the gap `text[start, end)` between statements when it holds only blanks, line
 * ends and `#` comments (a `{` outside a comment may open a template tag: null, the grammar's).
 * A comment runs to its line's end; a `\r` just before it is not part of it.
 */
export function readPlainGap(text: string, start: number, end: number): NginxComment[] | null {
  const comments: NginxComment[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isGapChar(c)) {
      i++;
      continue;
    }
    if (c !== 0x23 /* # */) return null;
    // Whatever the line holds past the `#` is the comment's (lineChar): a `{` there opens nothing.
    // Searched within the gap only (never past it, whatever the rest of the file holds).
    let lineEnd = i + 1;
    while (lineEnd < end && text.charCodeAt(lineEnd) !== 0x0a) lineEnd++;
    const commentEnd = lineEnd > i + 1 && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    comments.push({ text: text.slice(i + 1, commentEnd), start: i, end: commentEnd });
    i = lineEnd;
  }
  return comments;
}
