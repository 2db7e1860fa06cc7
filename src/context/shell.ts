// Just enough POSIX shell to read a command line out of a Dockerfile, a unit file or a script:
// words with quotes removed and `$VAR` expanded, split into simple commands at `&&`, `||`, `;`,
// `|`, `&` and newlines. Each character of a word keeps the offset it came from, so an option
// found on a command line points at its place in the file. Nothing is ever executed: a `$(...)`
// or an unset variable becomes UNKNOWN.
import { UNKNOWN } from '../uwsgi/ast.js';
import { own } from '../own.js';

export interface Word {
  /** The word as the command receives it. */
  text: string;
  /** Source offset of each character of `text` (for UNKNOWN: where the expansion was written). */
  offsets: number[];
  /** Offsets of the word as written, quotes included. */
  start: number;
  end: number;
}

/** A text to tokenize and the source offset of each of its characters. */
export interface MappedText {
  text: string;
  offsets: number[];
}

export type Environment = Readonly<Record<string, string | undefined>>;

export function mapped(text: string, start: number): MappedText {
  return { text, offsets: Array.from({ length: text.length }, (_, i) => start + i) };
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n'];

/**
 * Splits shell text into simple commands of words. `env` supplies variables; a name it lacks
 * (or any `$(...)` / backquote) expands to UNKNOWN, unless `env` is null: then `$VAR` is kept
 * literally (exec-form arguments, systemd's own `$VAR` rules are handled by the caller).
 */
export function shellCommands(input: MappedText, env: Environment | null): Word[][] {
  const { text, offsets } = input;
  const at = (i: number) => (i < offsets.length ? offsets[i] : (offsets[offsets.length - 1] ?? -1) + 1);
  const commands: Word[][] = [];
  let words: Word[] = [];
  let i = 0;
  const flushCommand = () => {
    if (words.length > 0) commands.push(words);
    words = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      flushCommand();
      i += op.length;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '{' || c === '}') {
      // Subshells and groups: their contents are commands of their own.
      flushCommand();
      i++;
      continue;
    }
    const word: Word = { text: '', offsets: [], start: at(i), end: at(i) };
    const push = (s: string, offset: number) => {
      for (const ch of s) {
        word.text += ch;
        word.offsets.push(offset);
      }
    };
    while (i < text.length) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')') break;
      if (ch === '\\') {
        if (text[i + 1] === '\n') {
          i += 2;
          continue;
        }
        if (i + 1 < text.length) push(text[i + 1], at(i + 1));
        i += 2;
        continue;
      }
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        const stop = close < 0 ? text.length : close;
        for (let k = i + 1; k < stop; k++) push(text[k], at(k));
        i = stop + 1;
        continue;
      }
      if (ch === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          const d = text[i];
          if (d === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) {
            if (text[i + 1] !== '\n') push(text[i + 1], at(i + 1));
            i += 2;
          } else if (d === '$' || d === '`') {
            i = expand(text, i, env, at, push);
          } else {
            push(d, at(i));
            i++;
          }
        }
        i++;
        continue;
      }
      if (ch === '$' || ch === '`') {
        i = expand(text, i, env, at, push);
        continue;
      }
      push(ch, at(i));
      i++;
    }
    word.end = at(i - 1) + 1;
    words.push(word);
  }
  flushCommand();
  return commands;
}

/** Expands `$NAME`, `${NAME}`, `${NAME:-default}`, `$(...)`, backquotes at `i`; returns the next index. */
function expand(text: string, i: number, env: Environment | null, at: (i: number) => number, push: (s: string, offset: number) => void): number {
  const start = i;
  if (text[i] === '`') {
    const close = text.indexOf('`', i + 1);
    push(UNKNOWN, at(start));
    return close < 0 ? text.length : close + 1;
  }
  const next = text[i + 1];
  if (next === '(') {
    let depth = 0;
    let k = i + 1;
    for (; k < text.length; k++) {
      if (text[k] === '(') depth++;
      else if (text[k] === ')' && --depth === 0) break;
    }
    push(UNKNOWN, at(start));
    return k + 1;
  }
  let name: string;
  let fallback: { colon: boolean; value: string } | null = null;
  let end: number;
  if (next === '{') {
    const close = text.indexOf('}', i + 2);
    if (close < 0) {
      push('$', at(start));
      return i + 1;
    }
    const inner = text.slice(i + 2, close);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-(.*))?$/s.exec(inner);
    name = m ? m[1] : inner;
    if (m && m[3] !== undefined) fallback = { colon: m[2] === ':', value: m[3] };
    end = close + 1;
  } else {
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(text.slice(i + 1));
    if (!m) {
      push('$', at(start));
      return i + 1;
    }
    name = m[0];
    end = i + 1 + name.length;
  }
  if (env === null) {
    for (let k = start; k < end; k++) push(text[k], at(k));
    return end;
  }
  const value = own(env, name);
  if (value !== undefined && !(fallback?.colon && value === '')) {
    push(value, at(start));
  } else if (fallback) {
    push(fallback.value, at(start));
  } else {
    push(UNKNOWN, at(start));
  }
  return end;
}

/** Span offsets of part of a word: [from, to) in its text. */
export function wordRange(word: Word, from = 0, to = word.text.length): [number, number] {
  if (word.text.length === 0 || from >= to) return [word.start, word.end];
  const start = word.offsets[from];
  const end = word.offsets[to - 1] + 1;
  return start <= end ? [start, end] : [word.start, word.end];
}

/** The characters of a word as mapped text, for `sh -c "..."`. */
export function wordAsText(word: Word): MappedText {
  return { text: word.text, offsets: word.offsets };
}
