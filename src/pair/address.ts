// Where nginx connects against where uWSGI listens, compared the way the two servers read an
// address: nginx takes everything after `unix:` as the path (ngx_parse_url, src/core/ngx_inet.c),
// so `unix:///run/x` is the file /run/x; uWSGI binds a relative path in its working directory
// after `chdir` (uwsgi.c runs chdir before binding the sockets; both shown by
// test/e2e/pairs.test.ts); a socket bound to loopback accepts connections to loopback only
// (test/e2e/uwsgi-protocol-exposure.test.ts).
import { posix } from '../posix-path.js';
import type { Address } from '../nginx/model.js';
import type { SocketBinding } from '../uwsgi/sockets.js';

/** nginx's path for `unix:` targets (everything after `unix:`), as the kernel resolves it. */
export function normalisePath(path: string): string {
  // Asked for every target and socket a pairing compares (5,000 uwsgi_pass lines name a few
  // hundred paths): each path is normalised once. A pure function of the text, at most 4,096 kept.
  let normal = normalised.get(path);
  if (normal === undefined) {
    normal = posix.normalize(path.replace(/^\/+/, '/'));
    if (normalised.size >= 4096) normalised.clear();
    normalised.set(path, normal);
  }
  return normal;
}

const normalised = new Map<string, string>();

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', 'ip6-localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\./.test(host);
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)$/i;

/** A host written as an address, not a name (what `accepts` may call a sure miss). */
export function isIpLiteral(host: string): boolean {
  return IP.test(host);
}

/** What `accepts` reads of a binding: a socket line's, or a value's alone (uwsgi/sockets.ts namedAddress). */
export type BoundAddress = Pick<SocketBinding, 'address' | 'abstract' | 'allInterfaces'> & { unanchored?: boolean; locationUnknown?: boolean };

/** Does a connection to `address` reach `binding`? Unknown parts never produce a mismatch. */
export function accepts(binding: BoundAddress, address: Address): boolean {
  const bound = binding.address;
  if (!bound) return false;
  if (address.type === 'unix' || bound.type === 'unix') {
    if (address.type !== 'unix' || bound.type !== 'unix') return false;
    if (binding.abstract) return address.path === bound.path;
    const target = normalisePath(address.path);
    if (binding.unanchored || binding.locationUnknown) return target === bound.path || target.endsWith('/' + posix.normalize(bound.path));
    return target === normalisePath(bound.path);
  }
  if (address.port === null || bound.port === null || address.port !== bound.port) return false;
  if (binding.allInterfaces) return true;
  const a = address.host.toLowerCase();
  const b = bound.host.toLowerCase();
  if (a === b) return true;
  if (isLoopback(a) && isLoopback(b)) return true;
  // Names we cannot resolve (a docker service, a host alias): only two different IPs are a sure miss.
  return !(IP.test(a) && IP.test(b));
}

/** An address as nginx writes it (`unix:/x`, `host:port`, `[::1]:port`), for messages. */
export function describeAddress(address: Address): string {
  if (address.type === 'unix') return `unix:${address.path}`;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${address.port ?? '?'}`;
}
