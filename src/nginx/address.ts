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
