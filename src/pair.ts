// Which nginx pass target meets which uWSGI socket binding. Every pass target of every nginx
// config in the run (directly, or through the servers of an upstream) is looked up among the
// bindings of every uWSGI config, both sides normalised the way the servers read them
// (src/pair/address.ts): `unix:` + any number of slashes on the nginx side, `//` in paths,
// relative uWSGI paths against chdir, loopback names, and wildcard binds.
// pairing() computes; the run's query (src/query/pair.ts) keeps the result for the rules.
import type { NginxConfig, Project } from './project.js';
import { buildModel, type Address, type PassTarget, type UpstreamServer } from './nginx/model.js';
import { isTemplated } from './nginx/templated.js';
import type { UwsgiConfig } from './uwsgi/ast.js';
import { socketBindings, type SocketBinding } from './uwsgi/sockets.js';
import { SocketIndex, type BoundSocket } from './pair/socket-index.js';

export { accepts, describeAddress, isLoopback, normalisePath } from './pair/address.js';
export { SocketIndex, type BoundSocket } from './pair/socket-index.js';

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

/** The matches of an endpoint no binding may accept, and the unknown servers of a target with none: shared, never added to. */
const NO_MATCHES: BoundSocket[] = Object.freeze([]) as unknown as BoundSocket[];
const NO_SERVERS: UpstreamServer[] = Object.freeze([]) as unknown as UpstreamServer[];

/**
 * Where the pairing reads the two sides: the run's query hands its own (so that the rules and the
 * pairing see the same PassTarget and SocketBinding objects, each worked out once).
 */
export interface PairSources {
  passTargets(config: NginxConfig): readonly PassTarget[];
  sockets(config: UwsgiConfig): readonly SocketBinding[];
}

/** The two sides read afresh, for code that has a project and no query. */
export function plainSources(project: Project): PairSources {
  return {
    passTargets: (config) => buildModel(config, isTemplated).passTargets,
    sockets: (config) => socketBindings(config, { launchDir: config.launch?.launchDir ?? project.settings.uwsgiLaunchDir, build: project.settings.uwsgiBuild }),
  };
}

/** Every pass target of the run with the bindings each of its endpoints reaches (computed on each call). */
export function pairing(project: Project, sources: PairSources = plainSources(project)): Pairing {
  const bindings: BoundSocket[] = [];
  for (const config of project.uwsgi) {
    for (const binding of sources.sockets(config)) bindings.push({ config, binding });
  }
  const index = new SocketIndex(bindings);
  const used = new Set<SocketBinding>();
  const targets: TargetPairing[] = [];
  for (const config of project.nginx) {
    // The sockets a config may pair with are the same for all its pass directives.
    const allowed = allowedBindings(project, config.root.source.path, bindings);
    // A run without uWSGI configs (an nginx site alone, thousands of targets): no lookup.
    const none = allowed ? !allowed.includes(1) : bindings.length === 0;
    const endpoint = (address: Address, server: UpstreamServer | null): Endpoint => {
      const matches = none ? NO_MATCHES : index.matches(address, allowed);
      for (let i = 0; i < matches.length; i++) used.add(matches[i].binding);
      return { address, server, matches };
    };
    const passTargets = sources.passTargets(config);
    for (let t = 0; t < passTargets.length; t++) {
      const target = passTargets[t];
      const endpoints: Endpoint[] = [];
      let unknownServers = NO_SERVERS;
      if (target.upstream) {
        for (const server of target.upstream.servers) {
          if (server.address) endpoints.push(endpoint(server.address, server));
          // An address nginx refuses is nginx/invalid-upstream-address's, not unknown.
          else if (server.invalid !== null) continue;
          else if (unknownServers === NO_SERVERS) unknownServers = [server];
          else unknownServers.push(server);
        }
      } else if (target.address) {
        endpoints.push(endpoint(target.address, null));
      }
      targets.push({ target, endpoints, unknownServers });
    }
  }
  return { targets, bindings, used };
}

/**
 * With explicit `pairs` configured, an nginx config only meets the uWSGI configs paired with it:
 * a mark per binding, by position. null: every binding.
 */
function allowedBindings(project: Project, nginxPath: string, bindings: readonly BoundSocket[]): Uint8Array | null {
  const pairs = project.settings.pairs;
  if (pairs.length === 0) return null;
  const mine = pairs.filter((p) => p.nginx === nginxPath);
  if (mine.length === 0) return null;
  const allowed = new Uint8Array(bindings.length);
  for (let i = 0; i < bindings.length; i++) if (mine.some((p) => p.uwsgi === bindings[i].config.file.source.path)) allowed[i] = 1;
  return allowed;
}
