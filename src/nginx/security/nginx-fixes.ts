// Whether the nginx version a run is told (settings.nginxVersion) has a fix that nginx shipped
// in several branches at once: a stable 1.30.x and a mainline 1.31.x release.
import { compareVersions, parseNginxVersion } from './advisories.js';

/**
 * true when `version` is at or past the fix of its branch (or of a newer branch), false when
 * before it, null when the run is not told a version. `fixes`: the first fixed release of each
 * branch, e.g. ['1.30.1', '1.31.0'].
 */
export function nginxHasFix(version: string | undefined, fixes: readonly string[]): boolean | null {
  if (version === undefined) return null;
  const v = parseNginxVersion(version);
  if (!v) return null;
  const parsed = fixes.map((f) => parseNginxVersion(f)!);
  const newest = parsed.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  // A branch newer than every fixed one has the fix; a branch with a fix has it from that release on.
  if (v[0] > newest[0] || (v[0] === newest[0] && v[1] > newest[1])) return true;
  const branch = parsed.find((f) => f[0] === v[0] && f[1] === v[1]);
  return branch !== undefined && compareVersions(v, branch) >= 0;
}
