// One string for each distinct short word text: a large config repeats its words (the varied
// benchmark config has 97,500 words and 19,300 distinct texts; every `listen`, `80`, `on`,
// `uwsgi_pass` was its own copy), and every word lives as long as the run. Sharing them is 1.5 MB
// less of that config's peak memory. The table is for the parsing of one run (many files share
// `listen` and `server_name` too) and is emptied when the run's analysis starts, its files read
// (src/nginx/analysis.ts): the rules' phase, where memory peaks, does not hold it.
//
// A direct-mapped table, as a CPU cache is: a text's slot comes from its length and three of its
// characters, and a slot keeps the last text that landed there. A Map found more repeats, for a
// hash of every character of every word (20 ms of the varied config's parse, the table 1 MB);
// this costs a comparison, and two texts that share a slot only share less.

/** Longer texts are mostly distinct (paths, regexes, headers' values): not worth a slot. */
const MAX_LENGTH = 48;
const SLOTS = 1 << 13;

let table: (string | undefined)[] = new Array<string | undefined>(SLOTS);

/** Empties the table (the run has read its files). */
export function forgetSharedWordTexts(): void {
  table = new Array<string | undefined>(SLOTS);
}

/** `text`, or the equal string an earlier word already holds. */
export function sharedWordText(text: string): string {
  const length = text.length;
  if (length > MAX_LENGTH || length === 0) return text;
  const slot = (length * 31 + text.charCodeAt(0) * 7 + text.charCodeAt(length >> 1) * 3 + text.charCodeAt(length - 1) * 131) & (SLOTS - 1);
  const known = table[slot];
  if (known === text) return known;
  table[slot] = text;
  return text;
}
