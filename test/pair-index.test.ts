// The socket index (src/pair/socket-index.ts) pairs a pass target with the sockets that accept
// it by looking the address up; the plain way compares the address with every socket through
// accepts(). They must agree, binding for binding and in the same order, on any input: seeded
// random addresses and bindings (unix paths with extra slashes, relative and unplaced paths,
// abstract names, loopback names, wildcard binds, ports near each other), then whole generated
// runs through pairing() and the run's query.
import { describe, expect, test } from 'vitest';
import type { Address } from '../src/nginx/model.js';
import { projectFromTexts, type LintTextInput } from '../src/lint.js';
import type { PassTarget } from '../src/nginx/model.js';
import { accepts, pairing, SocketIndex, type BoundSocket, type Pairing } from '../src/pair.js';
import { unlikeness } from '../src/pair/verdict.js';
import { COMPARISON_BUDGET, NearestSockets } from '../src/pair/nearest.js';
import { Query } from '../src/query/index.js';
import type { UwsgiConfig } from '../src/uwsgi/ast.js';
import type { SocketBinding, SocketProtocol } from '../src/uwsgi/sockets.js';

/** mulberry32: a small seeded generator, so that a failure names the seed that shows it. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { pick, chance, int };
}
type Random = ReturnType<typeof random>;

const SEGMENTS = ['run', 'tmp', 'srv', 'app', 'uwsgi', 'sock', '.', '..', 'App'];
const FILES = ['app.sock', 'b.sock', 'uwsgi.sock', 'socket', 'app.sock/'];
const HOSTS = ['', '*', '0.0.0.0', '::', '127.0.0.1', '127.0.0.2', '127.1.2.3', 'localhost', 'LocalHost', '::1', 'ip6-localhost', '10.0.0.5', '10.0.0.6', 'app', 'App', 'db', 'cafe', 'fe80::1', 'unix'];
const PORTS = [3030, 3031, 3032, 3131, 8000, null];

/** A unix path as either side may write it: leading slashes or none, doubled slashes, dot segments, a trailing slash. */
function unixPath(r: Random): string {
  const lead = r.pick(['', '/', '/', '/', '//', '///']);
  const parts: string[] = [];
  for (let i = r.int(0, 3); i > 0; i--) parts.push(r.pick(SEGMENTS));
  parts.push(r.pick(FILES));
  // A dot segment last: the file name the kernel sees is another segment's.
  if (r.chance(0.1)) parts.push(r.pick(['.', '..']));
  return lead + parts.join(r.chance(0.2) ? '//' : '/');
}

function syntheticBinding(r: Random): SocketBinding {
  const base = { relative: false, unanchored: false, abstract: false, allInterfaces: false, host: null as string | null, unixScheme: false, missingPlugin: null };
  const kind = r.int(0, 9);
  if (kind === 0) return { ...base, address: null } as unknown as SocketBinding;
  if (kind === 1) return { ...base, abstract: true, address: { type: 'unix', path: '@' + r.pick(FILES) } } as unknown as SocketBinding;
  if (kind <= 4) {
    const unplaced = r.chance(0.4);
    const locationUnknown = !unplaced && r.chance(0.3);
    return { ...base, unanchored: unplaced, relative: unplaced, ...(locationUnknown ? { locationUnknown } : {}), address: { type: 'unix', path: unixPath(r) } } as unknown as SocketBinding;
  }
  const host = r.pick(HOSTS);
  const allInterfaces = host === '' || host === '*' || host === '0.0.0.0' || host === '::' || r.chance(0.05);
  return { ...base, host, allInterfaces, address: { type: 'tcp', host, port: r.pick(PORTS) } } as unknown as SocketBinding;
}

function syntheticAddress(r: Random): Address {
  if (r.chance(0.1)) return { type: 'unix', path: '@' + r.pick(FILES) };
  if (r.chance(0.45)) return { type: 'unix', path: unixPath(r) };
  return { type: 'tcp', host: r.pick(HOSTS.filter((h) => h !== '')), port: r.pick(PORTS) };
}

describe('the socket index finds what comparing with every socket finds', () => {
  test('seeded random bindings and addresses, with and without a pairs restriction', () => {
    const config = {} as UwsgiConfig;
    const kinds = { unix: 0, unplaced: 0, abstract: 0, wildcard: 0, loopbackName: 0, byName: 0, miss: 0 };
    const differences: string[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const bindings: BoundSocket[] = [];
      for (let i = r.int(0, 40); i > 0; i--) bindings.push({ config, binding: syntheticBinding(r) });
      const index = new SocketIndex(bindings);
      const allowed = r.chance(0.3) ? Uint8Array.from(bindings, () => (r.chance(0.6) ? 1 : 0)) : null;
      for (let k = 0; k < 100; k++) {
        const address = syntheticAddress(r);
        const expected = bindings.filter((b, i) => (!allowed || allowed[i] === 1) && accepts(b.binding, address));
        const found = index.matches(address, allowed);
        // Positions, so that a failure reads as "binding 3 of seed 12", not as two object dumps.
        const got = found.map((b) => bindings.indexOf(b)).join(',');
        const want = expected.map((b) => bindings.indexOf(b)).join(',');
        if (got !== want) differences.push(`seed ${seed}, ${JSON.stringify(address)}: index [${got}], all pairs [${want}]`);
        if (expected.length === 0) kinds.miss++;
        for (const b of expected) {
          if (b.binding.abstract) kinds.abstract++;
          else if (b.binding.unanchored || b.binding.locationUnknown) kinds.unplaced++;
          else if (b.binding.address?.type === 'unix') kinds.unix++;
          else if (b.binding.allInterfaces) kinds.wildcard++;
          else if (address.type === 'tcp' && address.host.toLowerCase() !== b.binding.address?.host.toLowerCase()) {
            if (/^(localhost|ip6-localhost|::1|127\.)/i.test(address.host)) kinds.loopbackName++;
            else kinds.byName++;
          }
        }
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // The inputs reach every way a socket may accept a connection, and misses too.
    for (const [kind, count] of Object.entries(kinds)) expect(count, kind).toBeGreaterThan(10);
  });
});

/** A generated run: nginx sites with pass targets and upstreams, uWSGI inis with sockets. */
function generatedRun(seed: number): { inputs: LintTextInput[]; config: Record<string, unknown> } {
  const r = random(seed);
  const port = () => r.pick([3030, 3031, 3032, 3033, 3131]);
  const uwsgiPath = () => r.pick(['/run/uwsgi/app.sock', '/run//uwsgi/app.sock', '/run/uwsgi/./b.sock', 'app.sock', './app.sock', 'run/app.sock', '/tmp/app.sock', '@app']);
  const nginxPath = () => r.pick(['/run/uwsgi/app.sock', '///run/uwsgi/app.sock', '/run//uwsgi//app.sock', '/run/uwsgi/b.sock', '/srv/app/app.sock', '/srv/app/run/app.sock', '/tmp/../tmp/app.sock', 'app.sock', '@app', '/opt/app.sock']);
  const socketLine = () =>
    r.pick([
      () => `socket = ${uwsgiPath()}`,
      () => `http-socket = :${port()}`,
      () => `socket = 0.0.0.0:${port()}`,
      () => `socket = [::]:${port()}`,
      () => `socket = 127.0.0.1:${port()}`,
      () => `socket = localhost:${port()}`,
      () => `socket = 10.0.0.5:${port()}`,
      () => `socket = app:${port()}`,
      () => `fastcgi-socket = ${uwsgiPath()}`,
    ])();
  const target = () =>
    r.pick([
      () => `unix:${nginxPath()}`,
      () => `127.0.0.1:${port()}`,
      () => `localhost:${port()}`,
      () => `[::1]:${port()}`,
      () => `127.0.0.2:${port()}`,
      () => `app:${port()}`,
      () => `10.0.0.6:${port()}`,
      () => `10.0.0.5:${port()}`,
    ])();
  const inputs: LintTextInput[] = [];
  const inis: string[] = [];
  for (let i = r.int(1, 3); i > 0; i--) {
    const lines = ['[uwsgi]', 'module = app'];
    if (r.chance(0.4)) lines.push('chdir = /srv/app');
    for (let k = r.int(1, 5); k > 0; k--) lines.push(socketLine());
    const path = `app${i}.ini`;
    inis.push(path);
    inputs.push({ path, text: lines.join('\n') + '\n' });
  }
  const sites: string[] = [];
  for (let i = r.int(1, 2); i > 0; i--) {
    const out = ['upstream pool {'];
    for (let k = r.int(1, 3); k > 0; k--) out.push(`    server ${target()};`);
    out.push('}', 'server {', '    listen 80;');
    for (let k = r.int(1, 8); k > 0; k--) {
      const pass = r.chance(0.15) ? 'pool' : target();
      out.push(`    location /l${k} {`, '        include uwsgi_params;', `        uwsgi_pass ${pass};`, '    }');
    }
    out.push('}');
    const path = `site${i}.conf`;
    sites.push(path);
    inputs.push({ path, text: out.join('\n') + '\n' });
  }
  const config = r.chance(0.3) ? { pairs: [{ nginx: sites[0], uwsgi: r.pick(inis) }] } : {};
  return { inputs, config };
}

/** Each endpoint's matches as positions in the run's bindings. */
function positions(p: Pairing): number[][] {
  return p.targets.flatMap((t) => t.endpoints.map((e) => e.matches.map((m) => p.bindings.indexOf(m))));
}

describe('pairing() with the index is the all-pairs pairing', () => {
  test('generated runs: same matches, same order, same used sockets, through pairing() and the query', () => {
    let matched = 0;
    let missed = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { inputs, config } = generatedRun(seed);
      const project = projectFromTexts(inputs, { cwd: '/project', config: config as never });
      const p = pairing(project);
      const pairs = project.settings.pairs;
      // The plain way: every endpoint against every socket its nginx config may pair with.
      const rootOf = (t: (typeof p.targets)[number]) => project.nginx.find((c) => c.files.some((f) => f.source === t.target.directive.source))!.root.source.path;
      const mayPair = (nginx: string, b: BoundSocket) => {
        const mine = pairs.filter((pr) => pr.nginx === nginx);
        return mine.length === 0 || mine.some((pr) => pr.uwsgi === b.config.file.source.path);
      };
      const expected = p.targets.flatMap((t) => t.endpoints.map((e) => p.bindings.flatMap((b, i) => (mayPair(rootOf(t), b) && accepts(b.binding, e.address) ? [i] : []))));
      expect(positions(p), `seed ${seed}`).toEqual(expected);
      const used = new Set(expected.flat().map((i) => p.bindings[i].binding));
      expect([...p.used].sort((a, b) => p.bindings.findIndex((x) => x.binding === a) - p.bindings.findIndex((x) => x.binding === b)), `seed ${seed}`).toEqual([...used].sort((a, b) => p.bindings.findIndex((x) => x.binding === a) - p.bindings.findIndex((x) => x.binding === b)));
      // The run's query pairs through its own nginx and uWSGI queries: the same answer, kept for the run ...
      const query = new Query(project);
      const q = query.pair.pairing();
      expect(positions(q), `seed ${seed}`).toEqual(expected);
      expect(query.pair.pairing()).toBe(q);
      // ... over the very targets and sockets the nginx and uWSGI queries hand the rules.
      const sockets = project.uwsgi.flatMap((c) => query.uwsgi.sockets(c));
      expect(q.bindings.every((b, i) => b.binding === sockets[i]) && q.bindings.length === sockets.length).toBe(true);
      const targets = project.nginx.flatMap((c) => query.nginx.passTargets(c));
      expect(q.targets.every((t, i) => t.target === targets[i]) && q.targets.length === targets.length).toBe(true);
      for (const e of expected) if (e.length > 0) matched++;
      else missed++;
    }
    expect(matched).toBeGreaterThan(50);
    expect(missed).toBeGreaterThan(50);
  });
});

describe('the nearest socket of a miss', () => {
  test('NearestSockets stops each edit distance early, and still picks the first socket of the lowest unlikeness()', () => {
    const protocols: SocketProtocol[] = ['uwsgi', 'http', 'http-router', 'fastcgi', 'suwsgi', 'raw'];
    const targets = [
      { module: 'uwsgi', scheme: null },
      { module: 'uwsgi', scheme: 'suwsgi' },
      { module: 'proxy', scheme: 'http' },
      { module: 'fastcgi', scheme: null },
    ] as unknown as PassTarget[];
    const config = {} as UwsgiConfig;
    let differences = 0;
    let shortlistDifferences = 0;
    let picked = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const candidates: BoundSocket[] = [];
      for (let i = r.int(0, 30); i > 0; i--) {
        const binding = { ...syntheticBinding(r), protocol: r.pick(protocols) } as SocketBinding;
        // `socket = unix:/x` binds TCP host "unix"; its path is read from the option's value.
        const unixScheme = r.chance(0.1);
        candidates.push({ config, binding: { ...binding, unixScheme, option: { value: unixScheme ? `unix:${unixPath(r)}` : null } } as unknown as SocketBinding });
      }
      for (let k = 0; k < 50; k++) {
        const target = r.pick(targets);
        const address = syntheticAddress(r);
        let expected: BoundSocket | null = null;
        let best = Infinity;
        for (const c of candidates) {
          const score = unlikeness(target, address, c.binding);
          if (score !== null && score < best) [best, expected] = [score, c];
        }
        if (new NearestSockets(candidates).closest(target, address) !== expected) differences++;
        // Past its budget, the search compares a shortlist: some socket whenever there is one,
        // mostly the same one.
        const listed = new NearestSockets(candidates, 0).closest(target, address);
        if ((listed === null) !== (expected === null)) differences++;
        if (listed !== expected) shortlistDifferences++;
        if (expected) picked++;
      }
    }
    expect(differences).toBe(0);
    expect(picked).toBeGreaterThan(5000);
    expect(shortlistDifferences / picked).toBeLessThan(0.1);
  });

  test('a run of many misses against many sockets compares a bounded number of pairs', () => {
    const config = {} as UwsgiConfig;
    const candidates = Array.from({ length: 5000 }, (_, i) => ({
      config,
      binding: { address: { type: 'unix', path: `/run/app/s${i}.sock` }, protocol: 'uwsgi', unixScheme: false, abstract: false, allInterfaces: false, option: { value: null } },
    })) as unknown as BoundSocket[];
    const search = new NearestSockets(candidates);
    const target = { module: 'uwsgi', scheme: null } as unknown as PassTarget;
    for (let i = 0; i < 5000; i++) {
      const found = search.closest(target, { type: 'unix', path: `/run/app/x${i}.sock` } as Address);
      expect(found).not.toBeNull();
    }
    // 5,000 x 5,000 = 25,000,000 pairs compared one by one; the budget and then shortlists of
    // at most a few dozen each.
    expect(search.comparisons).toBeLessThan(COMPARISON_BUDGET + 5000 * 200);
  });
});
