// The socket nearest to a pass target that reaches none (a miss): what its message names as "the
// closest uWSGI socket" and what decides whether the miss is a typo of that socket. Every
// candidate's path, base name and host are worked out once per run, not once per miss.
//
// The search is exact (the first candidate of the lowest unlikeness(), as closest() in verdict.ts
// defines it) until a run has compared COMPARISON_BUDGET target-socket pairs: a generated site
// whose 5,000 targets all miss its 5,000 sockets took 85 s in edit distances. Past the budget,
// each further miss is compared only with a shortlist drawn from indexes: the sockets one edit
// away (they share a path with one character deleted: a typo, a swapped pair), those with its base
// name or directory, its port, the nearest in path length or port, and the first of each kind.
// A run then costs at most the budget plus a bounded amount per miss.
import { editDistance } from '../suggest.js';
import type { Address, PassTarget } from '../nginx/model.js';
import type { SocketBinding } from '../uwsgi/sockets.js';
import { isLoopback, normalisePath } from './address.js';
import { protocolFits } from './protocol.js';
import type { BoundSocket } from './socket-index.js';

/** Target-socket comparisons a run makes exactly before misses are compared with shortlists. */
export const COMPARISON_BUDGET = 100_000;

/** How many sockets each index contributes to a shortlist. */
const SHORTLIST_EACH = 32;

interface Prepared {
  socket: BoundSocket;
  /** Position among the candidates: the first of equal unlikeness wins. */
  order: number;
  kind: string;
  protocol: SocketBinding['protocol'];
  /** The unix path nginx would have to name, normalised; null for TCP. */
  unixPath: string | null;
  base: string;
  dir: string;
  tcp: { host: string; port: number | null; loopback: boolean; allInterfaces: boolean } | null;
}

export class NearestSockets {
  private readonly prepared: Prepared[] = [];
  private compared = 0;
  // Built when the budget is first exceeded.
  private indexes: { oneDeleted: Map<string, Prepared[]>; byBase: Map<string, Prepared[]>; byDir: Map<string, Prepared[]>; byLength: Prepared[]; byPort: Prepared[]; firstOfKind: Prepared[] } | null = null;

  constructor(candidates: readonly BoundSocket[], private readonly budget = COMPARISON_BUDGET) {
    candidates.forEach((socket, order) => {
      const b = socket.binding;
      if (!b.address) return;
      const unixPath = unixPathOf(b);
      const base = unixPath === null ? '' : unixPath.slice(unixPath.lastIndexOf('/') + 1);
      const dir = unixPath === null ? '' : unixPath.slice(0, unixPath.lastIndexOf('/'));
      const tcp = b.address.type === 'tcp' ? { host: b.address.host.toLowerCase(), port: b.address.port, loopback: isLoopback(b.address.host), allInterfaces: b.allInterfaces } : null;
      this.prepared.push({ socket, order, kind: b.unixScheme ? 'unix' : b.address.type, protocol: b.protocol, unixPath, base, dir, tcp });
    });
  }

  /** Target-socket pairs compared so far. */
  get comparisons(): number {
    return this.compared;
  }

  /** The candidate most like `address` for this target: the first of the lowest unlikeness. */
  closest(target: PassTarget, address: Address): BoundSocket | null {
    const exact = this.compared + this.prepared.length <= this.budget;
    const pool = exact ? this.prepared : this.shortlist(address);
    this.compared += pool.length;
    const targetPath = address.type === 'unix' ? normalisePath(address.path) : '';
    const targetBase = targetPath.slice(targetPath.lastIndexOf('/') + 1);
    const host = address.type === 'tcp' ? address.host.toLowerCase() : '';
    const loopback = address.type === 'tcp' && isLoopback(address.host);
    const fits = new Map<string, boolean>();
    let best: Prepared | null = null;
    let bestScore = Infinity;
    for (const p of pool) {
      let score = p.kind === address.type ? 0 : 10_000;
      let fit = fits.get(p.protocol);
      if (fit === undefined) fits.set(p.protocol, (fit = protocolFits(target, p.protocol) === false));
      if (fit) score += 1000;
      if (score - 5 >= bestScore) continue;
      if (address.type === 'unix') {
        if (p.unixPath === null) score += 999;
        else {
          const bonus = p.base === targetBase ? 5 : 0;
          // Only a distance that beats the best so far needs to be exact.
          score += editDistance(targetPath, p.unixPath, bestScore - score - 1 + bonus) - bonus;
        }
      } else if (p.tcp === null) {
        score += 999;
      } else if (address.port !== null && address.port === p.tcp.port) {
        score += 1;
      } else {
        const sameHost = host === p.tcp.host || (loopback && p.tcp.loopback) || p.tcp.allInterfaces;
        score += sameHost && address.port !== null && p.tcp.port !== null ? 2 + Math.min(Math.abs(address.port - p.tcp.port), 500) : 600;
      }
      if (score < bestScore || (score === bestScore && best !== null && p.order < best.order)) {
        bestScore = score;
        best = p;
      }
    }
    return best?.socket ?? null;
  }

  /** A bounded set of likely candidates for `address`, in candidate order. */
  private shortlist(address: Address): Prepared[] {
    const ix = (this.indexes ??= this.buildIndexes());
    const picked = new Set<Prepared>(ix.firstOfKind);
    const add = (list: readonly Prepared[] | undefined) => list?.slice(0, SHORTLIST_EACH).forEach((p) => picked.add(p));
    if (address.type === 'unix') {
      const path = normalisePath(address.path);
      for (const variant of oneDeleted(path)) add(ix.oneDeleted.get(variant));
      add(ix.byBase.get(path.slice(path.lastIndexOf('/') + 1)));
      add(ix.byDir.get(path.slice(0, path.lastIndexOf('/'))));
      nearestBy(ix.byLength, path.length, (p) => p.unixPath!.length).forEach((p) => picked.add(p));
    } else if (address.port !== null) {
      nearestBy(ix.byPort, address.port, (p) => p.tcp!.port!).forEach((p) => picked.add(p));
    }
    return [...picked].sort((a, b) => a.order - b.order);
  }

  private buildIndexes() {
    const oneDeletedIndex = new Map<string, Prepared[]>();
    const byBase = new Map<string, Prepared[]>();
    const byDir = new Map<string, Prepared[]>();
    const firstOfKind = new Map<string, Prepared>();
    for (const p of this.prepared) {
      if (!firstOfKind.has(`${p.kind} ${p.protocol}`)) firstOfKind.set(`${p.kind} ${p.protocol}`, p);
      if (p.unixPath === null) continue;
      for (const variant of oneDeleted(p.unixPath)) (oneDeletedIndex.get(variant) ?? oneDeletedIndex.set(variant, []).get(variant)!).push(p);
      (byBase.get(p.base) ?? byBase.set(p.base, []).get(p.base)!).push(p);
      (byDir.get(p.dir) ?? byDir.set(p.dir, []).get(p.dir)!).push(p);
    }
    const byLength = this.prepared.filter((p) => p.unixPath !== null).sort((a, b) => a.unixPath!.length - b.unixPath!.length || a.order - b.order);
    const byPort = this.prepared.filter((p) => p.tcp?.port != null).sort((a, b) => a.tcp!.port! - b.tcp!.port! || a.order - b.order);
    return { oneDeleted: oneDeletedIndex, byBase, byDir, byLength, byPort, firstOfKind: [...firstOfKind.values()] };
  }
}

/** The path itself and every path with one character deleted (paths one edit apart share one). */
function oneDeleted(path: string): Set<string> {
  const out = new Set([path]);
  for (let i = 0; i < path.length; i++) out.add(path.slice(0, i) + path.slice(i + 1));
  return out;
}

/** Up to SHORTLIST_EACH entries of a list sorted by `key` whose keys are nearest to `value`. */
function nearestBy(sorted: readonly Prepared[], value: number, key: (p: Prepared) => number): Prepared[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  const out: Prepared[] = [];
  let left = lo - 1;
  let right = lo;
  while (out.length < SHORTLIST_EACH && (left >= 0 || right < sorted.length)) {
    const takeRight = left < 0 || (right < sorted.length && key(sorted[right]) - value <= value - key(sorted[left]));
    out.push(takeRight ? sorted[right++] : sorted[left--]);
  }
  return out;
}

/** The unix path a binding listens on, normalised as nginx's target would be; null for TCP. */
export function unixPathOf(b: SocketBinding): string | null {
  if (b.unixScheme) return b.option.value ? normalisePath(b.option.value.replace(/^unix:/i, '')) : null;
  return b.address?.type === 'unix' ? (b.abstract ? b.address.path : normalisePath(b.address.path)) : null;
}
