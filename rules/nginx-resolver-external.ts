// nginx/resolver-external: a `resolver` address on the public internet (8.8.8.8, 1.1.1.1, ...).
// nginx's stub resolver (src/core/ngx_resolver.c) asks over plain UDP, checks no DNSSEC, opens
// one UDP socket per name server and keeps it (ngx_udp_connect once, `rec->udp == NULL`), so the
// source port stays fixed and only the 16-bit query id (`ident = ngx_random()`) guards against a
// forged answer. On a path across the internet an attacker who wins that race poisons the name
// nginx proxies to. The nginx docs for `resolver`: "To prevent DNS spoofing, it is recommended
// configuring DNS servers in a properly secured trusted local network." Loopback, private
// (RFC 1918, RFC 4193), link-local, shared (RFC 6598, Tailscale's 100.100.100.100) and
// documentation addresses are not public; a host name is not judged (where it points is unknown).
import { wordSpan, type NginxWord } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** The IPv4 address `text` as four numbers, or null. */
function ipv4(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function publicIpv4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false; // this network, private, loopback, multicast and reserved
  if (a === 169 && b === 254) return false; // link-local
  if (a === 172 && b >= 16 && b <= 31) return false; // private
  if (a === 192 && b === 168) return false; // private
  if (a === 100 && b >= 64 && b <= 127) return false; // shared address space (RFC 6598): carrier and VPN resolvers
  if ((a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false; // documentation
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  return true;
}

/** The 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail read), or null. */
function ipv6Groups(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  let body = text;
  let tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4(dotted[2]);
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    body = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const zeros = 8 - head.length - rest.length - tail.length;
  if (halves.length === 1 ? zeros !== 0 : zeros < 0) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? zeros : 0).fill(0), ...rest, ...tail];
  return groups.every((g) => Number.isInteger(g)) ? groups : null;
}

function publicIpv6(g: number[]): boolean {
  if (g.slice(0, 7).every((x) => x === 0)) return false; // :: and ::1
  if ((g[0] & 0xfe00) === 0xfc00) return false; // unique local (RFC 4193)
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return false; // link-local, old site-local
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false; // documentation
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return publicIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]); // IPv4-mapped
  return true;
}

/** The address of a resolver argument (`8.8.8.8`, `8.8.8.8:53`, `[2001:db8::1]:53`, `::1`) if it is an IP on the public internet. */
function publicAddress(arg: string): string | null {
  let host = arg;
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']') < 0 ? host.length : host.indexOf(']'));
  else if ((host.match(/:/g) ?? []).length === 1) host = host.slice(0, host.indexOf(':'));
  const v4 = ipv4(host);
  if (v4) return publicIpv4(v4) ? host : null;
  const v6 = ipv6Groups(host);
  if (v6) return publicIpv6(v6) ? host : null;
  return null;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/resolver-external',
    description: '`resolver` names a public DNS server: its answers cross the internet unauthenticated and can be forged',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 5.9,
    fixable: false,
    precision: 'high',
    gixy: ['resolver_external'],
  },
  check(context) {
    for (const { directive: d } of context.query.nginx.directives('resolver')) {
      for (const arg of d.args as readonly NginxWord[]) {
        if (arg.value.includes('=') || arg.value.includes('$')) continue;
        const address = publicAddress(arg.value);
        if (address === null) continue;
        const message = `resolver ${arg.value} is a public DNS server: nginx asks it over plain UDP from one fixed port, without DNSSEC, so anyone who can send forged packets toward nginx and guess the 16-bit query id can point the names it resolves (proxy_pass, ssl_stapling) at their own server; use a resolver on this host or network (127.0.0.53 for systemd-resolved, 127.0.0.11 in Docker) that forwards upstream`;
        context.report({ span: wordSpan(d, arg), message });
      }
    }
  },
};
