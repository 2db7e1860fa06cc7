// How nginx reads escapes in a token (ngx_conf_read_token in src/core/ngx_conf_file.c).

import type { NginxWord } from './ast.js';
import { sharedWordText } from './word-strings.js';

/**
 * The word at `text[start, end)` of a piece that parsed clean (its quotes closed), as the
 * grammar would make it: what the shape cache and the stored standard files build words with.
 */
export function cleanWord(text: string, start: number, end: number, quote: NginxWord['quote']): NginxWord {
  const raw = sharedWordText(text.slice(start, end));
  return { value: quote ? unescape(sharedWordText(raw.slice(1, -1))) : unescape(raw), raw, quote, start, end };
}

/** nginx unescapes `\"`, `\'`, `\\`, `\t`, `\r`, `\n` in every token and keeps other `\x` as is. */
export function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  // The text between escapes in slices, joined once: a string built a character at a time is a
  // chain of one object per character, and every word lives as long as the run.
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw[i] !== '\\') continue;
    const next = raw[i + 1];
    const unescaped = next === '"' || next === "'" || next === '\\' ? next : next === 't' ? '\t' : next === 'r' ? '\r' : next === 'n' ? '\n' : null;
    if (unescaped === null) continue;
    parts.push(raw.slice(from, i), unescaped);
    i++;
    from = i + 1;
  }
  parts.push(raw.slice(from));
  return parts.join('');
}
