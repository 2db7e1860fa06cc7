// Whether the nginx version a run is told (settings.nginxVersion) has a fix that nginx shipped
// in several branches at once: a stable 1.30.x and a mainline 1.31.x release.

/**
 * true when `version` is at or past the fix of its branch (or of a newer branch), false when
 * before it, null when the run is not told a version. `fixes`: the first fixed release of each
 * branch, e.g. ['1.30.1', '1.31.0'].
 */
export function nginxHasFix(version: string | undefined, fixes: readonly string[]): boolean | null {
  if (version === undefined) return null;
  const parse = (v: string) => v.split('.').map((n) => Number(n));
  const [major, minor, patch = 0] = parse(version);
  const parsed = fixes.map(parse);
  const newest = Math.max(...parsed.map((f) => f[1]));
  if (major > 1 || minor > newest) return true;
  const branch = parsed.find((f) => f[1] === minor);
  return branch !== undefined && patch >= branch[2];
}
