// One string for each distinct short word text: a large config repeats its words (the varied
// benchmark config has 97,500 words and 19,300 distinct texts; every `listen`, `80`, `on`,
// `uwsgi_pass` was its own copy), and every word lives as long as the run. Sharing them is 1.5 MB
// less of that config's peak memory, for a hash lookup per word the parser makes. The table is
// for the parsing of one run (many files share `listen` and `server_name` too) and is emptied
// when the run has read its files: the rules' phase, where memory peaks, does not hold it.

/** Longer texts are mostly distinct (paths, regexes, headers' values): not worth a lookup. */
const MAX_LENGTH = 48;
/** The table is emptied when it reaches this size: a run of many files keeps it small. */
const MAX_ENTRIES = 1 << 15;

const table = new Map<string, string>();

/** Empties the table (the run has parsed its files). */
export function forgetSharedWordTexts(): void {
  table.clear();
}

/** `text`, or the equal string an earlier word already holds. */
export function sharedWordText(text: string): string {
  if (text.length > MAX_LENGTH) return text;
  const known = table.get(text);
  if (known !== undefined) return known;
  if (table.size >= MAX_ENTRIES) table.clear();
  table.set(text, text);
  return text;
}
