// The scheme and host part of a pass target's argument, before nginx splits it into an address:
// what the rules about per-request targets (nginx/ssrf, nginx/resolver-missing) look at.

/** The scheme and host part of a pass target: everything before the first `/`, `?` after `://`. */
export function hostPart(value: string): string {
  // Written out (it runs for every pass directive with a variable): a scheme is `name://` with no
  // `/` or `?` before it, so the first `/` or `?` of the value is the first `/` of its `://`.
  const first = slashOrQuery(value, 0);
  const schemeEnd = first > 0 && value.charCodeAt(first - 1) === 0x3a /* : */ && value.startsWith('//', first) ? first + 2 : 0;
  const end = slashOrQuery(value, schemeEnd);
  return end === -1 ? value : value.slice(0, end);
}

/** The offset of the first `/` or `?` of `value` from `from`, or -1. */
function slashOrQuery(value: string, from: number): number {
  // Two native searches beat a loop over the characters.
  const slash = value.indexOf('/', from);
  const query = value.indexOf('?', from);
  return slash === -1 ? query : query === -1 || slash < query ? slash : query;
}
