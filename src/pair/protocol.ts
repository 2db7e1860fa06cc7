// What each side speaks on the wire and the line of the other side that fits it. The table of
// fitting pairs: uwsgi_pass for `socket` (uWSGI core/socket.c, the uwsgi protocol by default),
// proxy_pass for `http-socket` and the `http` router (plugins/http/http.c), fastcgi_pass for
// `fastcgi-socket`, scgi_pass for `scgi-socket`; test/e2e/pairs.test.ts runs the mismatches.
import type { Address, PassTarget } from '../nginx/model.js';
import type { SocketBinding, SocketProtocol } from '../uwsgi/sockets.js';
import { describeAddress, normalisePath } from './address.js';

/** What the pass directive speaks on the wire. */
export function spokenProtocol(target: PassTarget): string {
  switch (target.module) {
    case 'uwsgi':
      return target.scheme === 'suwsgi' ? 'uwsgi over TLS' : 'the uwsgi protocol';
    case 'proxy':
      return target.scheme === 'https' ? 'HTTPS' : 'HTTP';
    case 'fastcgi':
      return 'FastCGI';
    case 'scgi':
      return 'SCGI';
    default:
      return 'gRPC';
  }
}

/** Does the pass directive speak the binding's protocol? null: cannot tell (raw, shared). */
export function protocolFits(target: PassTarget, protocol: SocketProtocol): boolean | null {
  if (protocol === 'raw' || protocol === 'shared') return null;
  switch (target.module) {
    case 'uwsgi':
      return target.scheme === 'suwsgi' ? protocol === 'suwsgi' : protocol === 'uwsgi' || protocol === 'puwsgi';
    case 'proxy':
      return target.scheme === 'https' ? protocol === 'https' || protocol === 'https-router' : protocol === 'http' || protocol === 'http-router';
    case 'fastcgi':
      return protocol === 'fastcgi';
    case 'scgi':
      return protocol === 'scgi';
    default:
      return false;
  }
}

/** Where nginx should connect for a binding, in nginx's spelling. */
export function nginxAddress(binding: SocketBinding): string | null {
  const a = binding.address;
  if (!a) return null;
  if (binding.unixScheme) return `unix:${binding.option.value?.replace(/^unix:\/*/i, '/') ?? ''}`;
  if (a.type === 'unix') return `unix:${a.path}`;
  if (binding.allInterfaces) return `127.0.0.1:${a.port ?? '?'}`;
  return describeAddress(a);
}

/** The nginx line that speaks a binding's protocol. */
export function fittingPass(binding: SocketBinding): string | null {
  const addr = nginxAddress(binding);
  if (!addr) return null;
  const httpAddr = addr.startsWith('unix:') ? `${addr}:` : addr;
  switch (binding.protocol) {
    case 'uwsgi':
    case 'puwsgi':
      return `uwsgi_pass ${addr};`;
    case 'suwsgi':
      return `uwsgi_pass suwsgi://${addr};`;
    case 'http':
    case 'http-router':
      return `proxy_pass http://${httpAddr};`;
    case 'https':
    case 'https-router':
      return `proxy_pass https://${httpAddr};`;
    case 'fastcgi':
      return `fastcgi_pass ${addr};`;
    case 'scgi':
      return `scgi_pass ${addr};`;
    default:
      return null;
  }
}

/** The uWSGI line that serves what a pass directive speaks, at an address. */
export function fittingSocket(target: PassTarget, value: string): string {
  switch (target.module) {
    case 'uwsgi':
      return target.scheme === 'suwsgi' ? `suwsgi-socket = ${value},cert.pem,key.pem` : `socket = ${value}`;
    case 'proxy':
      return target.scheme === 'https' ? `https-socket = ${value},cert.pem,key.pem` : `http-socket = ${value}`;
    case 'fastcgi':
      return `fastcgi-socket = ${value}`;
    case 'scgi':
      return `scgi-socket = ${value}`;
    default:
      return `socket = ${value}`;
  }
}

/** uWSGI's spelling of an nginx address (`unix:/x` -> `/x`). */
export function uwsgiValue(address: Address): string {
  if (address.type === 'unix') return normalisePath(address.path);
  return describeAddress(address);
}
