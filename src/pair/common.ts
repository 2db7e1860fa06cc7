// What the pair rules share: which protocol a pass directive speaks, what nginx line fits a
// uWSGI socket, how sure we are of a uWSGI config's sockets, and each endpoint's verdict
// (matched, a near miss with the closest socket, a foreign backend, or not knowable).
import { displayPath } from '../display.js';
import { editDistance } from '../suggest.js';
import type { SourceSpan } from '../diagnostic.js';
import type { NginxDirective, NginxWord } from '../nginx/ast.js';
import { type Address, type PassTarget } from '../nginx/model.js';
import { nginxModel } from '../nginx/directives.js';
import { describeAddress, isLoopback, normalisePath, pairing, type BoundSocket, type Endpoint, type TargetPairing } from '../pair.js';
import type { Project } from '../project.js';
import type { UwsgiConfig, UwsgiOption } from '../uwsgi/ast.js';
import type { SocketBinding, SocketProtocol } from '../uwsgi/sockets.js';

export function wordSpan(directive: NginxDirective, word: NginxWord | undefined): SourceSpan {
  if (!word) return { source: directive.source, start: directive.nameWord.start, end: directive.nameWord.end };
  return { source: directive.source, start: word.start, end: word.end };
}

/** The pass directive's argument: what pair findings blame on the nginx side. */
export function targetSpan(target: PassTarget): SourceSpan {
  return wordSpan(target.directive, target.directive.args[0]);
}

export function optionSpan(option: UwsgiOption): SourceSpan {
  return option.valueSpan.end > option.valueSpan.start ? option.valueSpan : option.keySpan;
}

/** `uwsgi_pass unix:/x` as written, for messages. */
export function passText(target: PassTarget): string {
  return `${target.directive.name} ${target.directive.args.map((a) => a.raw).join(' ')}`;
}

export function bindingText(binding: SocketBinding): string {
  return `${binding.option.key} = ${binding.option.rawValue}`;
}

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

/** Whether the uWSGI config's sockets are all known: every include loaded, no unknown logic around sockets. */
export function socketsKnown(config: UwsgiConfig, bindings: readonly BoundSocket[]): boolean {
  if (config.includes.some((i) => i.status !== 'loaded')) return false;
  const mine = bindings.filter((b) => b.config === config);
  // No socket in the ini: they come from the command line (docker CMD, systemd ExecStart).
  if (mine.length === 0) return false;
  return mine.every((b) => (b.binding.address !== null || b.binding.option.value?.startsWith('=')) && b.binding.option.logic?.taken !== null);
}

/** The value of a single-valued option, with whether it is known: undefined option = not set. */
export function settled(config: UwsgiConfig, key: string): { option: UwsgiOption | undefined; known: boolean } {
  let option: UwsgiOption | undefined;
  let known = config.includes.every((i) => i.status === 'loaded');
  for (const o of config.options) {
    if (o.key !== key || o.placeholderOnly || o.logic?.taken === false) continue;
    if (o.logic?.taken === null) known = false;
    option = o;
  }
  if (option && (option.value === null || (option.rawValue.includes('$(') && option.value.includes('$(')))) known = false;
  return { option, known };
}

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

const judged = new WeakMap<Project, JudgedEndpoint[]>();

/** Every known endpoint of every pass target, with its verdict. */
export function judgeEndpoints(project: Project): JudgedEndpoint[] {
  const known = judged.get(project);
  if (known) return known;
  const p = pairing(project);
  const out: JudgedEndpoint[] = [];
  // The uWSGI side a target may pair with depends only on the file the target is in: worked out
  // once per file, not once per pass directive (a large site has thousands in one file).
  const sides = new Map<string, { candidates: BoundSocket[]; configs: UwsgiConfig[] }>();
  for (const tp of p.targets) {
    const nginxPath = tp.target.directive.source.path;
    let side = sides.get(nginxPath);
    if (!side) {
      const configPath = project.nginx.find((c) => c.files.some((f) => f.source.path === nginxPath))?.root.source.path ?? nginxPath;
      const candidates = p.bindings.filter((b) => allowed(project, configPath, b.config));
      const allConfigs = project.uwsgi.filter((c) => allowedConfig(project, configPath, c));
      side = { candidates, configs: allConfigs.length > 0 ? allConfigs : [...new Set(candidates.map((b) => b.config))] };
      sides.set(nginxPath, side);
    }
    for (const endpoint of tp.endpoints) {
      out.push({ pairing: tp, endpoint, verdict: verdict(tp.target, endpoint, side.candidates, side.configs, p.bindings, project.cwd) });
    }
  }
  judged.set(project, out);
  return out;
}

function allowed(project: Project, nginxPath: string, config: UwsgiConfig): boolean {
  return allowedConfig(project, nginxPath, config);
}

function allowedConfig(project: Project, nginxPath: string, config: UwsgiConfig): boolean {
  const mine = project.settings.pairs.filter((pr) => pr.nginx === nginxPath);
  return mine.length === 0 || mine.some((pr) => pr.uwsgi === config.file.source.path);
}

/** The verdict of every endpoint of a run without a uWSGI config (thousands in a large site): one object. */
const NO_UWSGI: EndpointVerdict = Object.freeze({ kind: 'no-uwsgi' });

function verdict(target: PassTarget, endpoint: Endpoint, candidates: BoundSocket[], configs: UwsgiConfig[], all: readonly BoundSocket[], cwd: string): EndpointVerdict {
  if (endpoint.matches.length > 0) return { kind: 'matched' };
  if (configs.length === 0) return NO_UWSGI;
  if (endpoint.address.type === 'tcp' && endpoint.address.port === null) return { kind: 'unknown', why: 'no port' };
  const unknownConfig = configs.find((c) => !socketsKnown(c, all));
  const nearest = closest(target, endpoint.address, candidates);
  // A proxy_pass/fastcgi_pass near a socket of another protocol is another backend, not a typo.
  const near = nearest !== null && isNear(endpoint.address, nearest.binding) && (target.module === 'uwsgi' || protocolFits(target, nearest.binding.protocol) !== false);
  if (unknownConfig) {
    // A near miss of a known socket is still a miss only if that socket is the intended one; with
    // unknown sockets elsewhere we cannot be sure.
    const file = displayPath(unknownConfig.file.source.path, cwd);
    const why = unknownConfig.includes.some((i) => i.status !== 'loaded')
      ? `${file} includes a file that was not read`
      : candidates.some((b) => b.config === unknownConfig)
        ? `a socket of ${file} is not known statically`
        : `${file} names no socket (it is given on the command line, then)`;
    return { kind: 'unknown', why };
  }
  if (target.module === 'uwsgi' || near) return { kind: 'miss', nearest, near };
  return { kind: 'foreign' };
}

/** The binding most like an address: same kind first, protocol fitting first, then by distance. */
export function closest(target: PassTarget, address: Address, candidates: readonly BoundSocket[]): BoundSocket | null {
  let best: BoundSocket | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const b = c.binding;
    if (!b.address) continue;
    const kind = b.unixScheme ? 'unix' : b.address.type;
    let score = kind === address.type ? 0 : 10_000;
    if (protocolFits(target, b.protocol) === false) score += 1000;
    score += distance(address, b);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

function unixPathOf(b: SocketBinding): string | null {
  if (b.unixScheme) return b.option.value ? normalisePath(b.option.value.replace(/^unix:/i, '')) : null;
  return b.address?.type === 'unix' ? (b.abstract ? b.address.path : normalisePath(b.address.path)) : null;
}

function distance(address: Address, b: SocketBinding): number {
  if (address.type === 'unix') {
    const path = unixPathOf(b);
    if (path === null) return 999;
    const target = normalisePath(address.path);
    const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
    return editDistance(target, path) - (base(target) === base(path) ? 5 : 0);
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

/**
 * The user nginx's workers run as, for a pass directive: the `user` of the linted main config
 * that holds it, else the configured `nginxUser`, else Debian's www-data (then `assumed`).
 */
export function workerUser(project: Project, target?: PassTarget): { user: string; group: string; directive: NginxDirective | null; assumed: boolean; image?: SourceSpan } {
  for (const config of project.nginx) {
    if (target && !config.files.some((f) => f.source === target.directive.source)) continue;
    const d = nginxModel(config).workerUser;
    if (d?.args[0]) return { user: d.args[0].value, group: d.args[1]?.value ?? d.args[0].value, directive: d, assumed: false };
  }
  // An image of the run that runs nginx (compose `image: nginx`) says who its workers are.
  const image = project.nginxImageUser;
  if (image && !project.settings.nginxUserConfigured) return { user: image.user, group: image.user, directive: null, assumed: false, image: image.span };
  const user = project.settings.nginxUser;
  return { user, group: user, directive: null, assumed: !project.settings.nginxUserConfigured };
}

/**
 * A `user root` of a linted main nginx config that does not hold `target`: when nothing says who
 * the target's own workers are, that config may be the one that loads its file on the box (an
 * image COPYs both into /etc/nginx), and root workers open any socket.
 */
export function rootWorkersElsewhere(project: Project, target: PassTarget): NginxDirective | null {
  for (const config of project.nginx) {
    if (config.files.some((f) => f.source === target.directive.source)) continue;
    const d = nginxModel(config).workerUser;
    if (d?.args[0]?.value === 'root') return d;
  }
  return null;
}

/** Bindings a pass target is meant for: what it reaches, else the near miss it was meant for. */
export function intendedBindings(j: JudgedEndpoint): BoundSocket[] {
  if (j.verdict.kind === 'matched') return j.endpoint.matches;
  if (j.verdict.kind === 'miss' && j.verdict.near && j.verdict.nearest) return [j.verdict.nearest];
  return [];
}
