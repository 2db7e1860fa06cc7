// Each endpoint's verdict: a socket of the run listens there (matched), a socket is close enough
// to be the intended one (a near miss), none is close (another backend), or the run cannot know
// (its uWSGI sockets are not all known), or no uWSGI config of the run may serve it.
import { displayPath } from '../display.js';
import { editDistance } from '../suggest.js';
import type { Address, PassTarget } from '../nginx/model.js';
import type { Endpoint, Pairing, TargetPairing } from '../pair.js';
import type { Project } from '../project.js';
import type { UwsgiConfig } from '../uwsgi/ast.js';
import type { SocketBinding } from '../uwsgi/sockets.js';
import { isLoopback, normalisePath } from './address.js';
import { NearestSockets, unixPathOf } from './nearest.js';
import { protocolFits } from './protocol.js';
import type { BoundSocket } from './socket-index.js';

export type EndpointVerdict =
  /** A binding listens there. */
  | { kind: 'matched' }
  /** No binding listens there, and one is close enough to be the intended one (or the pass is uwsgi_pass). */
  | { kind: 'miss'; nearest: BoundSocket | null; near: boolean }
  /** No binding listens there and none is close: another backend. */
  | { kind: 'foreign' }
  /** The run's sockets are not all known (templates, command-line sockets, unloaded includes). */
  | { kind: 'unknown'; why: string }
  /** No uWSGI config in the run may serve it. */
  | { kind: 'no-uwsgi' };

export interface JudgedEndpoint {
  pairing: TargetPairing;
  endpoint: Endpoint;
  verdict: EndpointVerdict;
}

/** The uWSGI side a pass target may pair with: the same for every target of one nginx file. */
interface Side {
  candidates: BoundSocket[];
  configs: UwsgiConfig[];
  /** Why the sockets of `configs` are not all known; null when they are; undefined until asked. */
  unknown?: string | null;
  /** The nearest-socket search over `candidates`, built at the first miss. */
  nearest?: NearestSockets;
}

/**
 * The path of the linted nginx config whose files hold each file of the run (the first such
 * config), by file path.
 */
export function nginxRootPaths(project: Project): Map<string, string> {
  const roots = new Map<string, string>();
  for (const config of project.nginx) {
    for (const file of config.files) if (!roots.has(file.source.path)) roots.set(file.source.path, config.root.source.path);
  }
  return roots;
}

/** Every known endpoint of every pass target of `p`, with its verdict (computed on each call). */
export function judgeEndpoints(project: Project, p: Pairing, roots: ReadonlyMap<string, string> = nginxRootPaths(project)): JudgedEndpoint[] {
  const out: JudgedEndpoint[] = [];
  const byConfig = bindingsByConfig(p.bindings);
  const known = new Map<UwsgiConfig, boolean>();
  const socketsKnownOf = (config: UwsgiConfig): boolean => {
    let k = known.get(config);
    if (k === undefined) known.set(config, (k = socketsKnown(config, byConfig.get(config) ?? [])));
    return k;
  };
  // The uWSGI side a target may pair with depends only on the file the target is in: worked out
  // once per file, not once per pass directive (a large site has thousands in one file).
  const sides = new Map<string, Side>();
  for (const tp of p.targets) {
    const nginxPath = tp.target.directive.source.path;
    let side = sides.get(nginxPath);
    if (!side) {
      const configPath = roots.get(nginxPath) ?? nginxPath;
      const candidates = p.bindings.filter((b) => allowedConfig(project, configPath, b.config));
      const allConfigs = project.uwsgi.filter((c) => allowedConfig(project, configPath, c));
      side = { candidates, configs: allConfigs.length > 0 ? allConfigs : [...new Set(candidates.map((b) => b.config))] };
      sides.set(nginxPath, side);
    }
    for (const endpoint of tp.endpoints) {
      out.push({ pairing: tp, endpoint, verdict: verdict(tp.target, endpoint, side, socketsKnownOf, project.cwd) });
    }
  }
  return out;
}

function allowedConfig(project: Project, nginxPath: string, config: UwsgiConfig): boolean {
  const mine = project.settings.pairs.filter((pr) => pr.nginx === nginxPath);
  return mine.length === 0 || mine.some((pr) => pr.uwsgi === config.file.source.path);
}

function bindingsByConfig(bindings: readonly BoundSocket[]): Map<UwsgiConfig, BoundSocket[]> {
  const byConfig = new Map<UwsgiConfig, BoundSocket[]>();
  for (const b of bindings) {
    const mine = byConfig.get(b.config);
    if (mine) mine.push(b);
    else byConfig.set(b.config, [b]);
  }
  return byConfig;
}

/** Whether the uWSGI config's sockets (`mine`) are all known: every include loaded, no unknown logic around sockets. */
function socketsKnown(config: UwsgiConfig, mine: readonly BoundSocket[]): boolean {
  if (config.includes.some((i) => i.status !== 'loaded')) return false;
  // No socket in the ini: they come from the command line (docker CMD, systemd ExecStart).
  if (mine.length === 0) return false;
  return mine.every((b) => (b.binding.address !== null || b.binding.option.value?.startsWith('=')) && b.binding.option.logic?.taken !== null);
}

/** The verdict of every endpoint of a run without a uWSGI config (thousands in a large site): one object. */
const NO_UWSGI: EndpointVerdict = Object.freeze({ kind: 'no-uwsgi' });

function verdict(target: PassTarget, endpoint: Endpoint, side: Side, socketsKnownOf: (config: UwsgiConfig) => boolean, cwd: string): EndpointVerdict {
  if (endpoint.matches.length > 0) return { kind: 'matched' };
  const { candidates, configs } = side;
  if (configs.length === 0) return NO_UWSGI;
  if (endpoint.address.type === 'tcp' && endpoint.address.port === null) return { kind: 'unknown', why: 'no port' };
  if (side.unknown === undefined) side.unknown = whyUnknown(configs, candidates, socketsKnownOf, cwd);
  // A near miss of a known socket is still a miss only if that socket is the intended one; with
  // unknown sockets elsewhere we cannot be sure.
  if (side.unknown !== null) return { kind: 'unknown', why: side.unknown };
  const nearest = (side.nearest ??= new NearestSockets(candidates)).closest(target, endpoint.address);
  // A proxy_pass/fastcgi_pass near a socket of another protocol is another backend, not a typo.
  const near = nearest !== null && isNear(endpoint.address, nearest.binding) && (target.module === 'uwsgi' || protocolFits(target, nearest.binding.protocol) !== false);
  if (target.module === 'uwsgi' || near) return { kind: 'miss', nearest, near };
  return { kind: 'foreign' };
}

/** Why the first of `configs` whose sockets are not all known leaves the verdict open; null when all are known. */
function whyUnknown(configs: readonly UwsgiConfig[], candidates: readonly BoundSocket[], socketsKnownOf: (config: UwsgiConfig) => boolean, cwd: string): string | null {
  const unknownConfig = configs.find((c) => !socketsKnownOf(c));
  if (!unknownConfig) return null;
  const file = displayPath(unknownConfig.file.source.path, cwd);
  return unknownConfig.includes.some((i) => i.status !== 'loaded')
    ? `${file} includes a file that was not read`
    : candidates.some((b) => b.config === unknownConfig)
      ? `a socket of ${file} is not known statically`
      : `${file} names no socket (it is given on the command line, then)`;
}

/**
 * How unlike an address a binding is (lower is closer): another kind of socket first, then a
 * protocol the pass does not speak, then the distance of paths or ports. null: no address.
 */
export function unlikeness(target: PassTarget, address: Address, b: SocketBinding): number | null {
  if (!b.address) return null;
  const kind = b.unixScheme ? 'unix' : b.address.type;
  const score = (kind === address.type ? 0 : 10_000) + (protocolFits(target, b.protocol) === false ? 1000 : 0);
  return score + distance(address, address.type === 'unix' ? normalisePath(address.path) : '', b, Infinity);
}

/**
 * How far a binding is from an address (`target`: the address's normalised unix path). Exact when
 * below `below`; otherwise some number at least `below` (the edit distance stops early).
 */
function distance(address: Address, target: string, b: SocketBinding, below: number): number {
  if (address.type === 'unix') {
    const path = unixPathOf(b);
    if (path === null) return 999;
    const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
    const bonus = base(target) === base(path) ? 5 : 0;
    return editDistance(target, path, below - 1 + bonus) - bonus;
  }
  if (b.address?.type !== 'tcp') return 999;
  const samePort = address.port !== null && address.port === b.address.port;
  const sameHost = address.host.toLowerCase() === b.address.host.toLowerCase() || (isLoopback(address.host) && isLoopback(b.address.host)) || b.allInterfaces;
  if (samePort) return 1;
  if (sameHost && address.port !== null && b.address.port !== null) return 2 + Math.min(Math.abs(address.port - b.address.port), 500);
  return 600;
}

/** Close enough that a proxy_pass/fastcgi_pass is taken to mean this socket, not another backend. */
function isNear(address: Address, b: SocketBinding): boolean {
  if (address.type === 'unix') {
    const path = unixPathOf(b);
    if (path === null) return false;
    const target = normalisePath(address.path);
    const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
    const dir = (p: string) => p.slice(0, p.lastIndexOf('/'));
    return base(target) === base(path) || dir(target) === dir(path) || editDistance(target, path) <= Math.max(2, Math.floor(target.length / 5));
  }
  if (b.address?.type !== 'tcp' || address.port === null || b.address.port === null) return false;
  if (address.port === b.address.port) return true;
  const sameHost = address.host.toLowerCase() === b.address.host.toLowerCase() || (isLoopback(address.host) && isLoopback(b.address.host)) || b.allInterfaces;
  return sameHost && (Math.abs(address.port - b.address.port) <= 10 || editDistance(String(address.port), String(b.address.port)) <= 1);
}

/** Bindings a pass target is meant for: what it reaches, else the near miss it was meant for. */
export function intendedBindings(j: JudgedEndpoint): BoundSocket[] {
  if (j.verdict.kind === 'matched') return j.endpoint.matches;
  if (j.verdict.kind === 'miss' && j.verdict.near && j.verdict.nearest) return [j.verdict.nearest];
  return [];
}
