// The sockets of a run by the address a connection names, so that pairing a site's thousands of
// pass targets with thousands of sockets looks each target up instead of comparing it with every
// socket. The index only narrows: `accepts()` still decides every pair, so a lookup returns what
// filtering all the sockets with `accepts()` returns, in the same order.
import type { Address } from '../nginx/model.js';
import type { UwsgiConfig } from '../uwsgi/ast.js';
import type { SocketBinding } from '../uwsgi/sockets.js';
import { accepts, isIpLiteral, isLoopback, normalisePath } from './address.js';
import { posix } from '../posix-path.js';

/** A socket binding with the uWSGI config that binds it. */
export interface BoundSocket {
  config: UwsgiConfig;
  binding: SocketBinding;
}

/** The TCP sockets bound to one port. */
interface PortBucket {
  /** Every one, in run order. */
  all: number[];
  /** Bound to every interface or to a name (not an IP): a connection to any host may reach them. */
  open: number[];
  /** Bound to an IP, by the IP in lower case. */
  byHost: Map<string, number[]>;
  /** Bound to a loopback address or name. */
  loopback: number[];
}

/** A lookup that finds nothing: shared, never added to. */
const NOTHING: BoundSocket[] = Object.freeze([]) as unknown as BoundSocket[];

export class SocketIndex {
  /** Anchored unix sockets by their normalised path. */
  private readonly unixPaths = new Map<string, number[]>();
  /** Abstract sockets by the name as written (compared byte for byte). */
  private readonly abstract = new Map<string, number[]>();
  /** Unix sockets whose directory is not known (relative without chdir, `%d` of an unplaced ini): by file name. */
  private readonly unplaced = new Map<string, number[]>();
  private readonly ports = new Map<number, PortBucket>();
  /**
   * The answers so far by address (without `allowed`): a large config passes to few addresses
   * from many locations (5,000 targets and 100 sockets in the benchmark's pair). Answers are
   * shared, as NOTHING is: callers only read them.
   */
  private readonly answers = new Map<string, BoundSocket[]>();

  constructor(readonly bindings: readonly BoundSocket[]) {
    for (let i = 0; i < bindings.length; i++) {
      const binding = bindings[i].binding;
      const bound = binding.address;
      if (!bound) continue;
      if (bound.type === 'unix') {
        if (binding.abstract) add(this.abstract, bound.path, i);
        else if (binding.unanchored || binding.locationUnknown) {
          // accepts() takes the path as written or any path ending in /<normalised path>: either way the last segment agrees.
          const written = lastSegment(bound.path);
          const normalised = lastSegment(posix.normalize(bound.path));
          add(this.unplaced, written, i);
          if (normalised !== written) add(this.unplaced, normalised, i);
        } else add(this.unixPaths, normalisePath(bound.path), i);
        continue;
      }
      if (bound.port === null) continue;
      let bucket = this.ports.get(bound.port);
      if (!bucket) this.ports.set(bound.port, (bucket = { all: [], open: [], byHost: new Map(), loopback: [] }));
      bucket.all.push(i);
      const host = bound.host.toLowerCase();
      if (binding.allInterfaces || !isIpLiteral(host)) bucket.open.push(i);
      else add(bucket.byHost, host, i);
      if (isLoopback(host)) bucket.loopback.push(i);
    }
  }

  /**
   * The bindings that accept a connection to `address`, in run order: those `accepts()` finds
   * among all the bindings. With `allowed`, only the bindings it marks (by position) are looked at.
   */
  matches(address: Address, allowed?: Uint8Array | null): BoundSocket[] {
    if (allowed) return this.find(address, allowed);
    const key = address.type === 'unix' ? `u\0${address.path}` : `t\0${address.host}\0${address.port}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = this.find(address, null);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private find(address: Address, allowed: Uint8Array | null): BoundSocket[] {
    const lists: (readonly number[] | undefined)[] = [];
    if (address.type === 'unix') {
      const target = normalisePath(address.path);
      lists.push(this.unixPaths.get(target), this.abstract.get(address.path), this.unplaced.get(lastSegment(target)));
    } else {
      if (address.port === null) return NOTHING;
      const bucket = this.ports.get(address.port);
      if (!bucket) return NOTHING;
      const host = address.host.toLowerCase();
      // A name (not an IP) may be any host: every socket on the port may take it.
      if (!isIpLiteral(host)) lists.push(bucket.all);
      else {
        lists.push(bucket.open, bucket.byHost.get(host));
        if (isLoopback(host)) lists.push(bucket.loopback);
      }
    }
    const positions: number[] = [];
    for (const list of lists) if (list) for (let k = 0; k < list.length; k++) positions.push(list[k]);
    if (positions.length === 0) return NOTHING;
    if (lists.length > 1) positions.sort((x, y) => x - y);
    const out: BoundSocket[] = [];
    let previous = -1;
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k];
      if (i === previous) continue;
      previous = i;
      if (allowed && allowed[i] === 0) continue;
      const bound = this.bindings[i];
      if (accepts(bound.binding, address)) out.push(bound);
    }
    return out.length === 0 ? NOTHING : out;
  }
}

function add<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
