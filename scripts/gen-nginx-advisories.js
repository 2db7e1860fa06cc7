// Writes src/nginx/advisories-data.json: nginx's security advisories with the versions each
// affects and what a config must use to be exposed. The versions, titles, severities and advisory
// links come from nginx's own list (xml/en/security_advisories.xml of the nginx.org repository,
// the source of https://nginx.org/en/security_advisories.html); the exposure of each CVE is ours,
// read from the advisory and the fix's changes.xml entry, in EXPOSURE below.
//
//   node scripts/gen-nginx-advisories.js <nginx.org git dir>
//
// A CVE the list gains without an EXPOSURE entry stops the script: decide what it needs first.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGE = 'https://nginx.org/en/security_advisories.html';

/** What a config must use for each CVE to reach it (the key names a check of nginx/known-vulnerability). */
const EXPOSURE = {
  '2026-42533': 'map_regex', // changes 1.31.3: map with regex matching, its variable in a string expression after a capture
  '2026-60005': 'slice_or_background_update', // changes 1.31.3: unnamed captures with "slice" or background cache update
  '2026-56434': 'ssi', // changes 1.31.3: ngx_http_ssi_filter_module on a proxied response
  '2026-42530': 'http3',
  '2026-42055': 'http2_backend_invalid_headers', // changes 1.31.2: HTTP/2 or gRPC backend, "ignore_invalid_headers off;", large large_client_header_buffers
  '2026-48142': 'charset_map', // changes 1.31.2: decoding from UTF-8 via "charset_map"
  '2026-9256': 'rewrite_overlapping_captures', // nginx commit ca4f92a27: rewrite ^/((.*))$ .../$1$2 redirect
  '2026-42926': 'http2_backend_set_body', // changes 1.31.0: "proxy_set_body" with an HTTP/2 backend
  '2026-42945': 'rewrite_args_then_captures', // nginx commit 2046b45aa: rewrite with arguments, then captures in set/if
  '2026-42946': 'scgi_uwsgi',
  '2026-42934': 'charset_map',
  '2026-40460': 'http3',
  '2026-40701': 'ssl_ocsp', // changes 1.31.0: DNS response processing "if the ssl_ocsp directive was used"
  '2026-27654': 'dav_copy_move', // changes 1.29.7: COPY or MOVE in a location with "alias"
  '2026-27784': 'mp4',
  '2026-32647': 'mp4',
  '2026-27651': 'mail_cram_md5_apop',
  '2026-28753': 'mail_auth_http',
  '2026-28755': 'stream_ssl_ocsp',
  '2026-1642': 'ssl_backend', // changes 1.29.5: "plain text data in the response from an SSL backend"
  '2025-53859': 'mail_smtp_none', // changes 1.29.1: the "none" authentication method of ngx_mail_smtp_module
  '2025-23419': 'ssl_verify_client', // changes 1.27.4: session reuse across virtual servers bypasses client certificate verification
  '2024-7347': 'mp4',
  '2024-32760': 'http3',
  '2024-31079': 'http3',
  '2024-35200': 'http3',
  '2024-34161': 'http3',
  '2024-24989': 'http3',
  '2024-24990': 'http3',
  '2022-41741': 'mp4',
  '2022-41742': 'mp4',
  '2021-23017': 'resolver',
  '2019-9511': 'http2',
  '2019-9513': 'http2',
  '2019-9516': 'http2',
  '2018-16843': 'http2',
  '2018-16844': 'http2',
  '2018-16845': 'mp4',
  '2017-7529': 'http', // the range filter: every HTTP server
  '2016-4450': 'http', // writing a client request body to a file: every HTTP server
  '2016-0742': 'resolver',
  '2016-0746': 'resolver',
  '2016-0747': 'resolver',
  '2014-3616': 'ssl_session_shared', // a shared session cache or ticket key across virtual servers
  '2014-3556': 'mail_starttls',
  '2014-0133': 'spdy',
  '2014-0088': 'spdy',
  '2013-4547': 'http', // request line parsing
  '2013-2070': 'proxy_backend', // chunked responses of a proxied backend
  '2013-2028': 'http', // chunked request bodies
  '2012-2089': 'mp4',
  '2012-1180': 'proxy_backend', // responses of proxied and FastCGI backends
  '2011-4315': 'resolver',
  '2009-3555': 'ssl', // TLS renegotiation
  '2009-3898': 'dav_copy_move', // ".." in the Destination of COPY and MOVE (ngx_http_dav_module)
  '2009-2629': 'http',
  '2009-3896': 'http',
};

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]] = m[2].replace(/\s+/g, ' ').trim();
  return out;
}

const VERSION = /^\d+\.\d+\.\d+$/;

/** "1.25.0-1.25.5, 1.26.0" -> [["1.25.0", "1.25.5"], ["1.26.0", "1.26.0"]]. */
function ranges(text, cve) {
  return text.split(/,\s*/).map((part) => {
    const [from, to = from] = part.split('-');
    if (!VERSION.test(from) || !VERSION.test(to)) throw new Error(`CVE-${cve}: vulnerable "${text}" is not a list of versions and ranges`);
    return [from, to];
  });
}

/** "1.27.0+, 1.26.1+" -> ["1.27.0", "1.26.1"]. */
function fixed(text, cve) {
  return text.split(/,\s*/).map((part) => {
    if (!part.endsWith('+') || !VERSION.test(part.slice(0, -1))) throw new Error(`CVE-${cve}: not vulnerable "${text}" is not a list of "x.y.z+"`);
    return part.slice(0, -1);
  });
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/gen-nginx-advisories.js <nginx.org git dir>');
  process.exit(2);
}
const commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const xml = execFileSync('git', ['-C', dir, 'show', 'HEAD:xml/en/security_advisories.xml'], { encoding: 'utf8' });
const advisories = [];
const skipped = [];
for (const m of xml.matchAll(/<item\b([^>]*?)\/?>/gs)) {
  const a = attributes(m[1]);
  if (!a.cve) continue;
  // nginx/Windows only, or no fixed release ("all" / "none"): no config of a Linux deployment is judged by them.
  if (a.vulnerable.startsWith('nginx/Windows') || a.good === 'none') {
    skipped.push(`CVE-${a.cve}`);
    continue;
  }
  const exposure = EXPOSURE[a.cve];
  if (!exposure) throw new Error(`CVE-${a.cve} ("${a.name}") has no EXPOSURE entry: say what a config must use to be exposed`);
  advisories.push({
    cve: `CVE-${a.cve}`,
    title: a.name,
    severity: a.severity,
    vulnerable: ranges(a.vulnerable, a.cve),
    fixed: fixed(a.good, a.cve),
    exposure,
    advisory: a.advisory || PAGE,
  });
}
const unused = Object.keys(EXPOSURE).filter((cve) => !advisories.some((a) => a.cve === `CVE-${cve}`));
if (unused.length) throw new Error(`EXPOSURE names CVEs nginx's list does not have: ${unused.join(', ')}`);
const out = {
  source: PAGE,
  sourceFile: `https://github.com/nginx/nginx.org/blob/${commit}/xml/en/security_advisories.xml`,
  skipped,
  advisories,
};
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'nginx', 'advisories-data.json');
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${advisories.length} advisories (skipped ${skipped.join(', ')}) -> ${file}`);
