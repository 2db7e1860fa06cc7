// What a uWSGI config listens on: every socket option, the protocol it speaks, and where it binds.
// Facts (uWSGI 2.0 core/socket.c uwsgi_bind_sockets, plugins/http/http.c; e2e:
// test/e2e/pairs.test.ts):
// - a value with a `:` anywhere is TCP (host before the last `:`), else a UNIX path; `@name` is
//   an abstract socket; `=N` refers to shared-socket N; `unix:/x` is TCP host "unix" (a mistake);
// - a relative UNIX path is relative to `chdir` (chdir happens before binding), else to the
//   directory uWSGI was started from;
// - `socket`/`uwsgi-socket` speak the uwsgi protocol unless `protocol`/`socket-protocol` says
//   otherwise (plain `socket` entries only); `http-socket` serves HTTP from the workers; `http`
//   starts a separate HTTP router process.
import { posix } from '../posix-path.js';
import type { Address } from '../nginx/model.js';
import type { UwsgiConfig, UwsgiOption } from './ast.js';
import { loadedPlugins, optionInfo, providedBy, uwsgiBuild } from './options.js';
import { applies, inForce } from './settings.js';
import { own } from '../own.js';

export type SocketProtocol =
  | 'uwsgi'
  | 'suwsgi'
  | 'puwsgi'
  | 'http'
  | 'https'
  | 'fastcgi'
  | 'scgi'
  | 'raw'
  | 'http-router'
  | 'https-router'
  | 'shared';

export interface SocketBinding {
  option: UwsgiOption;
  protocol: SocketProtocol;
  /** Where it listens; null when the value is not known statically. */
  address: Address | null;
  /** For UNIX sockets: the path as written was relative. */
  relative: boolean;
  /** Relative path with neither chdir nor a known launch directory: address is a guess. */
  unanchored: boolean;
  /** What a relative UNIX path was taken from: an absolute `chdir`, or the launch directory (a relative `chdir` joined to it); null otherwise. */
  anchor: 'chdir' | 'launch-dir' | null;
  abstract: boolean;
  /** TCP bound to every interface (`:3031`, `0.0.0.0:3031`, `[::]:3031`), also when only the host is known. */
  allInterfaces: boolean;
  /** The TCP host, also when the port is not known statically (`0.0.0.0:$(PORT)`, `:${PORT}`); null otherwise. */
  host: string | null;
  /** Built from `%d` of an ini whose production location is not known: `address.path` is the part after it. */
  locationUnknown?: boolean;
  /** `unix:` written on the uWSGI side: uWSGI binds TCP host "unix", not a UNIX socket. */
  unixScheme: boolean;
  /** The option belongs to a plugin this modular uWSGI does not load: it is silently ignored. */
  missingPlugin: string | null;
}

/** Option name -> protocol spoken on it. */
const SOCKET_OPTIONS: Record<string, SocketProtocol> = {
  socket: 'uwsgi',
  'uwsgi-socket': 'uwsgi',
  'suwsgi-socket': 'suwsgi',
  'ssl-socket': 'suwsgi',
  'puwsgi-socket': 'puwsgi',
  'http-socket': 'http',
  'http11-socket': 'http',
  'https-socket': 'https',
  'fastcgi-socket': 'fastcgi',
  'fastcgi-nph-socket': 'fastcgi',
  'scgi-socket': 'scgi',
  'scgi-nph-socket': 'scgi',
  'raw-socket': 'raw',
  'shared-socket': 'shared',
  http: 'http-router',
  https: 'https-router',
};

const PROTOCOL_NAMES: Record<string, SocketProtocol> = {
  uwsgi: 'uwsgi',
  http: 'http',
  http11: 'http',
  fastcgi: 'fastcgi',
  scgi: 'scgi',
  raw: 'raw',
  suwsgi: 'suwsgi',
  puwsgi: 'puwsgi',
  https: 'https',
};

export function isSocketOption(key: string): boolean {
  return Object.hasOwn(SOCKET_OPTIONS, key);
}

/** A config that runs an instance (it binds something), not a fragment meant to be included. */
export function bindsSomething(config: UwsgiConfig): boolean {
  return config.options.some((o) => applies(o) && isSocketOption(o.key));
}

export interface BindingContext {
  /** Directory uWSGI is started from, if known. */
  launchDir?: string;
  /** How uWSGI was built, when configured; otherwise inferred as uwsgi/plugin-not-loaded does (options.ts uwsgiBuild). */
  build?: 'monolithic' | 'modular';
}

export function socketBindings(config: UwsgiConfig, context: BindingContext = {}): SocketBinding[] {
  // `protocol` and `socket-protocol` set one field (core/uwsgi.c: both uwsgi_opt_set_str into uwsgi.protocol): the later line wins.
  const protocolOption = inForce(config, 'protocol').option;
  const socketProtocol = protocolOption?.value ? own(PROTOCOL_NAMES, protocolOption.value.toLowerCase()) : undefined;
  const chdir = inForce(config, 'chdir').option;
  // Relative sockets are anchored at chdir; a relative chdir at the launch directory; an unknown
  // chdir anchors nothing.
  let anchor: Anchor | undefined = context.launchDir ? { dir: context.launchDir, by: 'launch-dir' } : undefined;
  if (chdir) {
    if (chdir.value === null || chdir.locationGuess !== undefined) anchor = undefined;
    else if (chdir.value.startsWith('/')) anchor = { dir: chdir.value, by: 'chdir' };
    else anchor = context.launchDir ? { dir: posix.join(context.launchDir, chdir.value), by: 'launch-dir' } : undefined;
  }
  const plugins = loadedPlugins(config);
  const modular = (context.build ?? uwsgiBuild(config, { uwsgiBuild: undefined })) === 'modular';
  const out: SocketBinding[] = [];
  for (const option of config.options) {
    const base = own(SOCKET_OPTIONS, option.key);
    if (!base || !applies(option)) continue;
    const protocol = option.key === 'socket' && socketProtocol ? socketProtocol : base;
    const b = binding(option, protocol, anchor);
    const info = optionInfo(option.key);
    if (info && modular && !plugins.open && !providedBy(info, plugins.names)) b.missingPlugin = info.plugins[0] ?? null;
    out.push(b);
  }
  return out;
}

interface Anchor {
  dir: string;
  by: 'chdir' | 'launch-dir';
}

function binding(option: UwsgiOption, protocol: SocketProtocol, anchor: Anchor | undefined): SocketBinding {
  const result: SocketBinding = { option, protocol, address: null, relative: false, unanchored: false, anchor: null, abstract: false, allInterfaces: false, host: null, unixScheme: false, missingPlugin: null };
  const firstPart = (v: string) => (protocol === 'https' || protocol === 'https-router' || protocol === 'suwsgi' ? v.split(',')[0] : v).trim();
  let value = option.value;
  if (value === null || option.templated) return withKnownHost(result, firstPart(option.partialValue));
  // `https = addr,cert,key` and `https-socket = addr,cert,key`: the address comes first.
  value = firstPart(value);
  if (!value || value.startsWith('=')) return result;
  // An environment variable the run does not provide: uWSGI keeps `$(VAR)` literally only if the
  // production environment lacks it too, which the linter cannot know. The host may still be known.
  if (/\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(value) && option.rawValue.includes('$(')) return withKnownHost(result, value);
  // An abstract name or host:port first; an absolute path only after the `%d` guess below.
  const named = value.startsWith('@') || value.includes(':') ? namedAddress(value) : null;
  if (named) {
    result.address = named.address;
    result.abstract = named.abstract;
    result.unixScheme = named.unixScheme;
    result.allInterfaces = named.allInterfaces;
    result.host = named.host;
    return result;
  }
  // Built from `%d` of an ini whose production location is not known: only the rest is known.
  if (option.locationGuess !== undefined && value.startsWith(option.locationGuess)) {
    result.locationUnknown = true;
    result.address = { type: 'unix', path: posix.normalize(value.slice(option.locationGuess.length).replace(/^\/+/, '')) };
    return result;
  }
  if (value.startsWith('/')) {
    result.address = { type: 'unix', path: posix.normalize(value) };
    return result;
  }
  result.relative = true;
  if (!anchor) {
    result.unanchored = true;
    result.address = { type: 'unix', path: value };
    return result;
  }
  result.anchor = anchor.by;
  result.address = { type: 'unix', path: posix.normalize(posix.join(anchor.dir, value)) };
  return result;
}

/** What a socket value names by itself, wherever uWSGI starts. */
export interface NamedAddress {
  address: Address;
  /** An abstract unix socket (`@name`): no file. */
  abstract: boolean;
  /** Written `unix:...`: uWSGI reads it as host `unix`, not as a path. */
  unixScheme: boolean;
  /** Bound on every interface (`:8000`, `0.0.0.0:8000`, `*:8000`, `[::]:8000`). */
  allInterfaces: boolean;
  /** The host part of a TCP value, as written. */
  host: string | null;
}

/**
 * The address a socket value names without a directory to anchor it (core/socket.c): `@name` is an
 * abstract socket, a value with a `:` is host:port (IPv6 in brackets; `unix:/x` too, as host
 * `unix`), an absolute path is a unix socket. Null for a relative path or an empty value.
 */
export function namedAddress(value: string): NamedAddress | null {
  if (value.startsWith('@')) return { address: { type: 'unix', path: value }, abstract: true, unixScheme: false, allInterfaces: false, host: null };
  if (value.includes(':')) {
    const unixScheme = /^unix:/i.test(value);
    if (value.startsWith('[')) {
      const close = value.indexOf(']');
      const host = value.slice(1, close);
      const port = Number.parseInt(value.slice(close + 2), 10);
      return { address: { type: 'tcp', host, port: Number.isNaN(port) ? null : port }, abstract: false, unixScheme, allInterfaces: host === '::' || host === '', host };
    }
    const colon = value.lastIndexOf(':');
    const host = value.slice(0, colon);
    const port = Number.parseInt(value.slice(colon + 1), 10);
    return { address: { type: 'tcp', host, port: Number.isNaN(port) ? null : port }, abstract: false, unixScheme, allInterfaces: host === '' || host === '0.0.0.0' || host === '*', host };
  }
  if (value.startsWith('/')) return { address: { type: 'unix', path: posix.normalize(value) }, abstract: false, unixScheme: false, allInterfaces: false, host: null };
  return null;
}

// Holes a value may hold where the port goes: uWSGI `$(VAR)`, `%(name)`, `@(file)`, envsubst
// `${VAR}`/`$VAR`, Jinja/Go `{{ }}`/`{% %}`, ERB `<% %>`, autoconf `@VAR@`, and unknown parts.
const HOLE = /\$\([^)]*\)|%\([^)]*\)|@\([^)]*\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|<%[\s\S]*?%>|@[A-Za-z_][A-Za-z0-9_]*@|\uFFFC/g;

/** `text` with every hole replaced by as many UNKNOWN marks, so offsets stay those of the text. */
export function maskHoles(text: string): string {
  return text.replace(HOLE, (m) => '\uFFFC'.repeat(m.length));
}

/**
 * A TCP bind whose port is not known (`0.0.0.0:$(PORT)`, `:${PORT}`, `127.0.0.1:{{ port }}`) still
 * has a known host when nothing before its last `:` is a hole (core/socket.c binds the host part).
 */
function withKnownHost(result: SocketBinding, text: string): SocketBinding {
  const masked = maskHoles(text);
  let host: string;
  if (masked.startsWith('[')) {
    const close = masked.indexOf(']');
    if (close < 0 || masked[close + 1] !== ':') return result;
    host = masked.slice(1, close);
    result.allInterfaces = host === '::' || host === '';
  } else {
    const colon = masked.lastIndexOf(':');
    if (colon < 0) return result;
    host = masked.slice(0, colon);
    if (host.includes('/') || /^unix$/i.test(host)) return result;
    result.allInterfaces = host === '' || host === '0.0.0.0' || host === '*';
  }
  if (host.includes('\uFFFC')) {
    result.allInterfaces = false;
    return result;
  }
  result.host = host;
  return result;
}
