// "Did you mean": the closest known name to a misspelt one, by edit distance where a swap of two
// neighbouring letters counts once (optimal string alignment: `vaccum`/`vacuum`, `procesess`).

export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // A common start and end cost nothing: socket paths share `/run/app/` and `.sock`.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (start > 0 || endA < a.length) {
    a = a.slice(start, endA);
    b = b.slice(start, endB);
  }
  // Three rows of the table, reused from call to call: "did you mean" runs over every known name.
  const width = b.length + 1;
  if (rows.length < 3 * width) rows = new Int32Array(6 * width);
  let beforePrev = 0;
  let prev = width;
  let row = 2 * width;
  for (let j = 0; j < width; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[prev + j] + 1, rows[row + j - 1] + 1, rows[prev + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[beforePrev + j - 2] + 1);
      rows[row + j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    const oldest = beforePrev;
    beforePrev = prev;
    prev = row;
    row = oldest;
  }
  return rows[prev + b.length];
}

let rows = new Int32Array(3 * 64);

/** Largest distance still worth suggesting: short names need closer matches. */
export function suggestionLimit(word: string): number {
  return word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
}

/**
 * The candidates closest to `word` within `limit`, best first; ties keep the candidates' order,
 * so callers list preferred names first.
 */
export function closest(word: string, candidates: Iterable<string>, limit = suggestionLimit(word)): string[] {
  const scored: { name: string; distance: number; order: number }[] = [];
  let order = 0;
  for (const name of candidates) {
    const distance = editDistance(word, name, limit);
    if (distance <= limit) scored.push({ name, distance, order });
    order++;
  }
  scored.sort((x, y) => x.distance - y.distance || x.order - y.order);
  return scored.map((s) => s.name);
}

/** The candidate closest in edit distance, if close enough to be a likely typo; or one ending in the name given. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const bySuffix = candidates.filter((c) => c.endsWith('/' + input));
  if (bySuffix.length === 1) return bySuffix[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}
