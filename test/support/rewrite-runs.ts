// Same-shape variants of a text for the shape-cache tests: each run of characters a shape folds
// is replaced by another run, so the shapes stay and the words change.

/** `text` with each run of `isRun` characters replaced by 1 to `longest` characters of `alphabet`, at random. */
export function rewriteRuns(text: string, isRun: (c: number) => boolean, alphabet: readonly string[], longest: number, next: (n: number) => number): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (!isRun(text.charCodeAt(i))) {
      out += text[i++];
      continue;
    }
    while (i < text.length && isRun(text.charCodeAt(i))) i++;
    for (let n = 1 + next(longest); n > 0; n--) out += alphabet[next(alphabet.length)];
  }
  return out;
}
