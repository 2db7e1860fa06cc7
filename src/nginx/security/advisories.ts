// nginx's security advisories (src/nginx/advisories-data.json, written by
// scripts/gen-nginx-advisories.js from nginx's own list) and which nginx versions each affects.
// How nginx words the list (Maxim Dounin, nginx mailing list, 2021-12-28): every version of the
// "vulnerable" ranges is affected except those a "not vulnerable" entry `x.y.z+` covers, which
// is x.y.z and the later releases of the x.y branch (the newest such entry is the mainline fix,
// past the ranges anyway).
import data from '../advisories-data.json' with { type: 'json' };

/** What a config must use to reach a CVE (a check of nginx/known-vulnerability each). */
export const advisoryExposures = [
  'http',
  'mp4',
  'http2',
  'http3',
  'spdy',
  'resolver',
  'ssl',
  'ssl_ocsp',
  'stream_ssl_ocsp',
  'ssl_verify_client',
  'ssl_session_shared',
  'ssl_backend',
  'proxy_backend',
  'scgi_uwsgi',
  'charset_map',
  'dav_copy_move',
  'mail_auth_http',
  'mail_cram_md5_apop',
  'mail_smtp_none',
  'mail_starttls',
  'http2_backend_invalid_headers',
  'http2_backend_set_body',
  'rewrite_args_then_captures',
  'rewrite_overlapping_captures',
  'map_regex',
  'slice_or_background_update',
  'ssi',
] as const;

export type AdvisoryExposure = (typeof advisoryExposures)[number];

export interface Advisory {
  /** `CVE-2021-23017`. */
  cve: string;
  /** nginx's title: `1-byte memory overwrite in resolver`. */
  title: string;
  /** nginx's severity: none, low, minor, medium, major. */
  severity: string;
  /** Inclusive ranges of affected versions, as nginx lists them. */
  vulnerable: readonly (readonly [string, string])[];
  /** The first fixed release of each branch that got the fix (`x.y.z+`). */
  fixed: readonly string[];
  exposure: AdvisoryExposure;
  /** nginx's announcement or F5's article; nginx's list when it names none. */
  advisory: string;
}

/** nginx's list as the data file holds it. */
export const advisories: readonly Advisory[] = data.advisories as unknown as Advisory[];

/** Where the list comes from: nginx's page, and the file and commit it was generated from. */
export const advisoriesSource: { page: string; file: string } = { page: data.source, file: data.sourceFile };

/** `1.24.0` as numbers; a version without a patch number (`1.24`) stands for the last release of its branch. */
export function parseNginxVersion(text: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? Infinity : Number(m[3])];
}

/** -1, 0 or 1 as version `a` is older than, the same as or newer than `b` (parseNginxVersion's triples). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Whether nginx `version` has the bug of `advisory`: in a vulnerable range, and not at or past a fix of its branch. */
export function affects(advisory: Advisory, version: string): boolean {
  const v = parseNginxVersion(version);
  if (!v) return false;
  const inRange = advisory.vulnerable.some(([from, to]) => compareVersions(v, parseNginxVersion(from)!) >= 0 && compareVersions(v, parseNginxVersion(to)!) <= 0);
  if (!inRange) return false;
  return !advisory.fixed.some((f) => {
    const fix = parseNginxVersion(f)!;
    return v[0] === fix[0] && v[1] === fix[1] && v[2] >= fix[2];
  });
}
