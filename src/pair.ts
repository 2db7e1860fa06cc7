// Which nginx pass target meets which uWSGI socket binding. Every pass target of every nginx
// config in the run (directly, or through the servers of an upstream) is compared with every
// binding of every uWSGI config, after normalising both sides the way the servers read them
// (SEMANTICS.md §7-8): `unix:` + any number of slashes on the nginx side, `//` in paths,
// relative uWSGI paths against chdir, loopback names, and wildcard binds.
import { posix } from 'node:path';
import type { Project } from './project.js';
import { nginxModel } from './nginx/directives.js';
import { type Address, type PassTarget, type UpstreamServer } from './nginx/model.js';
import type { UwsgiConfig } from './uwsgi/ast.js';
import { socketBindings, type SocketBinding } from './uwsgi/sockets.js';

export interface BoundSocket {
  config: UwsgiConfig;
  binding: SocketBinding;
}

export interface Endpoint {
  /** Where nginx connects: the target itself, or one server of its upstream. */
  address: Address;
  server: UpstreamServer | null;
  /** Bindings that accept this connection. */
  matches: BoundSocket[];
}

export interface TargetPairing {
  target: PassTarget;
  /** Known endpoints; empty when the target is computed at request time or not parsable. */
  endpoints: Endpoint[];
  /** Upstream servers whose address is not known (variables, templates). */
  unknownServers: UpstreamServer[];
}

export interface Pairing {
  targets: TargetPairing[];
  bindings: BoundSocket[];
  /** Bindings some known endpoint connects to. */
  used: Set<SocketBinding>;
}

const cache = new WeakMap<Project, Pairing>();

/** The matches of an endpoint no binding accepts, and the unknown servers of a target with none: shared, never added to. */
const NO_MATCHES: BoundSocket[] = Object.freeze([]) as unknown as BoundSocket[];
const NO_SERVERS: UpstreamServer[] = Object.freeze([]) as unknown as UpstreamServer[];

export function pairing(project: Project): Pairing {
  const known = cache.get(project);
  if (known) return known;
  const bindings: BoundSocket[] = [];
  for (const config of project.uwsgi) {
    for (const binding of socketBindings(config, { launchDir: config.launch?.launchDir ?? project.settings.uwsgiLaunchDir, build: project.settings.uwsgiBuild })) bindings.push({ config, binding });
  }
  const used = new Set<SocketBinding>();
  const targets: TargetPairing[] = [];
  for (const config of project.nginx) {
    // The sockets a config may pair with are the same for all its pass directives.
    const candidates = bindings.filter((b) => pairAllowed(project, config.root.source.path, b.config));
    const endpoint = (address: Address, server: UpstreamServer | null): Endpoint => {
      // A run without uWSGI configs (an nginx site alone, thousands of targets): no search.
      const matches = candidates.length === 0 ? NO_MATCHES : candidates.filter((b) => accepts(b.binding, address));
      for (let i = 0; i < matches.length; i++) used.add(matches[i].binding);
      return { address, server, matches };
    };
    const passTargets = nginxModel(config).passTargets;
    for (let t = 0; t < passTargets.length; t++) {
      const target = passTargets[t];
      const endpoints: Endpoint[] = [];
      let unknownServers = NO_SERVERS;
      if (target.upstream) {
        for (const server of target.upstream.servers) {
          if (server.address) endpoints.push(endpoint(server.address, server));
          else if (unknownServers === NO_SERVERS) unknownServers = [server];
          else unknownServers.push(server);
        }
      } else if (target.address) {
        endpoints.push(endpoint(target.address, null));
      }
      targets.push({ target, endpoints, unknownServers });
    }
  }
  const result = { targets, bindings, used };
  cache.set(project, result);
  return result;
}

/** With explicit `pairs` configured, an nginx config only meets the uWSGI configs paired with it. */
function pairAllowed(project: Project, nginxPath: string, uwsgi: UwsgiConfig): boolean {
  const pairs = project.settings.pairs;
  if (pairs.length === 0) return true;
  const mine = pairs.filter((p) => p.nginx === nginxPath);
  if (mine.length === 0) return true;
  return mine.some((p) => p.uwsgi === uwsgi.file.source.path);
}

/** nginx's path for `unix:` targets (everything after `unix:`), as the kernel resolves it. */
export function normalisePath(path: string): string {
  return posix.normalize(path.replace(/^\/+/, '/'));
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', 'ip6-localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\./.test(host);
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)$/i;

/** Does a connection to `address` reach `binding`? Unknown parts never produce a mismatch. */
export function accepts(binding: SocketBinding, address: Address): boolean {
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

export function describeAddress(address: Address): string {
  if (address.type === 'unix') return `unix:${address.path}`;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${address.port ?? '?'}`;
}
