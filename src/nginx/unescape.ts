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
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1];
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i++;
        continue;
      }
      if (next === 't' || next === 'r' || next === 'n') {
        out += next === 't' ? '\t' : next === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}
