// Addresses as nginx reads them: where a pass target or an upstream server connects
// (ngx_parse_url, src/core/ngx_inet.c) and what a `listen` binds (ngx_http_core_listen).
import type { NginxDirective } from './ast.js';
import { holdsTemplateSyntax } from './templated.js';

export type Address = { type: 'unix'; path: string } | { type: 'tcp'; host: string; port: number | null };

/** nginx's ngx_parse_url for a pass target or upstream server, without a scheme. */
export function parseAddress(text: string, defaultPort: number | null): Address | null {
  if (text.startsWith('unix:')) {
    const path = text.slice(5);
    return path ? { type: 'unix', path } : null;
  }
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return null;
    const host = text.slice(1, close);
    const rest = text.slice(close + 1);
    const port = rest.startsWith(':') ? Number.parseInt(rest.slice(1), 10) : defaultPort;
    return { type: 'tcp', host, port: Number.isNaN(port as number) ? null : port };
  }
  const colon = text.lastIndexOf(':');
  if (colon === -1) return { type: 'tcp', host: text, port: defaultPort };
  const port = Number.parseInt(text.slice(colon + 1), 10);
  return { type: 'tcp', host: text.slice(0, colon), port: Number.isNaN(port) ? null : port };
}

/** What nginx's ngx_parse_url makes of an address: where it connects, or the error nginx -t gives. */
export type UrlReading = { address: Address; error: null } | { address: null; error: UrlError };

/** ngx_parse_url's errors (src/core/ngx_inet.c), printed by nginx as `<error> in upstream "<url>"`. */
export type UrlError = 'invalid host' | 'invalid port' | 'no host' | 'no path in the unix domain socket' | 'too long path in the unix domain socket' | 'invalid IPv6 address';

/** sizeof(struct sockaddr_un.sun_path) on Linux: the path and its NUL must fit. */
const SUN_PATH_SIZE = 108;

/**
 * nginx's ngx_parse_url, step for step, for an address with no variables: `unix:` (any case) and a
 * path, `[ipv6]` with an optional port, or a host with an optional port. `uriPart` is proxy_pass's
 * (a `/` or `?` starts its URI, and a unix path ends at its next `:`); every other caller (the
 * other pass directives, upstream `server`) refuses a `/` or `?` as "invalid host". Ports are
 * 1-65535 in decimal digits only (ngx_atoi). Host names are not resolved.
 */
export function readUrl(text: string, uriPart: boolean, defaultPort: number | null): UrlReading {
  const fail = (error: UrlError): UrlReading => ({ address: null, error });
  if (text.length >= 5 && text.slice(0, 5).toLowerCase() === 'unix:') {
    let path = text.slice(5);
    if (uriPart) {
      const colon = path.indexOf(':');
      if (colon !== -1) path = path.slice(0, colon);
    }
    if (path.length === 0) return fail('no path in the unix domain socket');
    if (utf8Length(path) + 1 > SUN_PATH_SIZE) return fail('too long path in the unix domain socket');
    return { address: { type: 'unix', path }, error: null };
  }
  if (text.startsWith('[')) {
    const close = text.indexOf(']', 1);
    if (close === -1) return fail('invalid host');
    let last = text.length;
    const uri = text.indexOf('/', close + 1);
    if (uri !== -1) {
      if (!uriPart) return fail('invalid host');
      last = uri;
    }
    let port = defaultPort;
    if (close + 1 < last) {
      if (text[close + 1] !== ':') return fail('invalid host');
      const n = atoi(text.slice(close + 2, last));
      if (n < 1 || n > 65535) return fail('invalid port');
      port = n;
    }
    const host = text.slice(1, close);
    if (host.length === 0) return fail('no host');
    // ngx_inet6_addr takes hex digits, `:` and a dotted IPv4 tail only.
    if (!/^[0-9A-Fa-f:.]+$/.test(host)) return fail('invalid IPv6 address');
    return { address: { type: 'tcp', host, port }, error: null };
  }
  let last = text.length;
  let colon = text.indexOf(':');
  let uri = text.indexOf('/');
  const args = text.indexOf('?');
  if (args !== -1 && (uri === -1 || args < uri)) uri = args;
  if (uri !== -1) {
    if (!uriPart) return fail('invalid host');
    last = uri;
    if (uri < colon) colon = -1;
  }
  let port = defaultPort;
  if (colon !== -1) {
    const n = atoi(text.slice(colon + 1, last));
    if (n < 1 || n > 65535) return fail('invalid port');
    port = n;
    last = colon;
  }
  if (last === 0) return fail('no host');
  return { address: { type: 'tcp', host: text.slice(0, last), port }, error: null };
}

/** Bytes of the text in UTF-8 (sun_path holds bytes). */
function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** nginx's ngx_atoi: decimal digits only, -1 for anything else (an empty text, a sign, a space). */
function atoi(text: string): number {
  if (!/^\d+$/.test(text)) return -1;
  // Past the port range either way; a long run of digits must not become a float.
  return text.length > 6 ? 1e6 : Number(text);
}

/** The module of a pass directive: uwsgi_pass, proxy_pass, fastcgi_pass, scgi_pass, grpc_pass. */
export type PassModule = 'uwsgi' | 'proxy' | 'fastcgi' | 'scgi' | 'grpc';

/** The scheme a pass target speaks, written or implied; null where none is (fastcgi, scgi, a refused proxy_pass). */
export type PassScheme = 'http' | 'https' | 'uwsgi' | 'suwsgi' | 'grpc' | 'grpcs' | null;

/** The prefixes each pass directive strips before ngx_parse_url (each module's `*_pass` handler), with their default ports. */
const PASS_PREFIXES: Record<PassModule, readonly { prefix: string; scheme: NonNullable<PassScheme>; port: number | null }[]> = {
  proxy: [
    { prefix: 'http://', scheme: 'http', port: 80 },
    { prefix: 'https://', scheme: 'https', port: 443 },
  ],
  uwsgi: [
    { prefix: 'uwsgi://', scheme: 'uwsgi', port: null },
    { prefix: 'suwsgi://', scheme: 'suwsgi', port: null },
  ],
  grpc: [
    { prefix: 'grpc://', scheme: 'grpc', port: null },
    { prefix: 'grpcs://', scheme: 'grpcs', port: null },
  ],
  fastcgi: [],
  scgi: [],
};

/** The scheme a pass directive speaks when its target names none. */
const IMPLIED_SCHEME: Record<PassModule, PassScheme> = { proxy: null, uwsgi: 'uwsgi', grpc: 'grpc', fastcgi: null, scgi: null };

/** A pass directive's target as its handler reads it. */
export type PassAddress =
  | { kind: 'variables'; scheme: PassScheme }
  | { kind: 'invalid'; scheme: PassScheme; invalid: string }
  | { kind: 'address'; scheme: PassScheme; address: Address; uri: string | null; explicitPort: boolean };

/**
 * A pass directive's target as its handler reads it (ngx_http_uwsgi_pass, ngx_http_proxy_pass,
 * ...): with variables it is read per request; else the module's prefix is stripped (proxy_pass
 * refuses a target without one: `invalid URL prefix`) and the rest goes to ngx_parse_url, whose
 * error nginx prints as `<error> in upstream "<rest>"`. `uri` is proxy_pass's URI part (after the
 * host, or after a unix path's closing `:`), null for the other modules; `explicitPort` whether a
 * port was written (a name with one never means an upstream block).
 */
export function readPassAddress(module: PassModule, arg: string): PassAddress {
  const lower = arg.slice(0, 9).toLowerCase();
  const prefix = PASS_PREFIXES[module].find((p) => lower.startsWith(p.prefix));
  const scheme = prefix?.scheme ?? IMPLIED_SCHEME[module];
  // The handlers count variables first: such a target is compiled as a script, not parsed.
  if (arg.includes('$')) {
    const named = /^([a-z]+):\/\//i.exec(arg)?.[1].toLowerCase();
    return { kind: 'variables', scheme: PASS_PREFIXES[module].find((p) => p.scheme === named)?.scheme ?? IMPLIED_SCHEME[module] };
  }
  if (!prefix && module === 'proxy') return { kind: 'invalid', scheme: null, invalid: 'invalid URL prefix' };
  const rest = prefix ? arg.slice(prefix.prefix.length) : arg;
  const read = readUrl(rest, module === 'proxy', prefix?.port ?? null);
  if (read.error !== null) return { kind: 'invalid', scheme, invalid: `${read.error} in upstream "${rest}"` };
  let uri: string | null = null;
  let hostPart = rest;
  if (module === 'proxy') {
    const end = read.address.type === 'unix' ? rest.indexOf(':', 5) : rest.search(/[/?]/);
    uri = end === -1 ? '' : rest.slice(end + (read.address.type === 'unix' ? 1 : 0));
    if (end !== -1) hostPart = rest.slice(0, end);
  }
  const explicitPort = read.address.type === 'tcp' && /:\d+$/.test(hostPart) && !hostPart.endsWith(']');
  return { kind: 'address', scheme, address: read.address, uri, explicitPort };
}

export interface ListenAddress {
  /** The address as nginx prints it: `0.0.0.0:80`, `[::]:443`, `127.0.0.1:8080`, `unix:/run/x.sock`. */
  text: string;
  ssl: boolean;
  defaultServer: boolean;
}

/**
 * The address a `listen` binds (ngx_http_core_listen, ngx_parse_url): a bare port or `*:port`
 * is 0.0.0.0, a missing port is 80. Null when it is computed (templates) or a host name.
 */
export function readListenAddress(d: NginxDirective): ListenAddress | null {
  const first = d.args[0];
  if (!first || holdsTemplateSyntax(first.raw) || first.value.includes('$')) return null;
  const flags = d.args.slice(1).map((a) => a.value);
  const ssl = flags.includes('ssl');
  const defaultServer = flags.includes('default_server') || flags.includes('default');
  const v = first.value;
  let text: string | null = null;
  if (v.startsWith('unix:')) text = v;
  else if (/^\d+$/.test(v)) text = `0.0.0.0:${v}`;
  else {
    // A port must be all digits (ngx_parse_url refuses `80x`); a host that is not an address
    // literal is resolved at start-up, which the linter does not do.
    const a = /^(\[[^\]]*\]|[^:[\]]*)(:\d+)?$/.test(v) ? parseAddress(v, 80) : null;
    if (a?.type === 'tcp' && a.port !== null) {
      if (v.startsWith('[')) {
        const host = /^[0-9a-fA-F:.]+$/.test(a.host) ? compressedIpv6(a.host) : null;
        if (host !== null) text = `[${host}]:${a.port}`;
      } else {
        const host = a.host === '*' ? '0.0.0.0' : a.host === 'localhost' ? '127.0.0.1' : a.host;
        if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) text = `${host}:${a.port}`;
      }
    }
  }
  return text === null ? null : { text, ssl, defaultServer };
}

/**
 * An IPv6 address as nginx prints it (ngx_inet6_ntop, RFC 5952): lower case, leading zeros
 * dropped, the longest run of two or more zero groups as `::`. `[::0]` and `[0:0::0]` bind the
 * same socket as `[::]`. Null when it is not an address (nginx refuses the listen).
 */
export function compressedIpv6(text: string): string | null {
  const lower = text.toLowerCase();
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) is kept as written: nginx prints it so too.
  if (lower.includes('.')) return lower;
  const halves = lower.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const words = groups.map((g) => Number.parseInt(g, 16).toString(16));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  if (bestStart < 0) return words.join(':');
  return `${words.slice(0, bestStart).join(':')}::${words.slice(bestStart + bestLength).join(':')}`;
}
