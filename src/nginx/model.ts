// The resolved view of an nginx config that rules read: blocks as nested scopes with includes
// inlined, directive inheritance as nginx applies it, upstreams, and every pass target.
//
// Inheritance (ngx_http_*_merge_loc_conf): an inner level inherits a directive from the outer
// level only when it sets none of it itself. For the array directives (uwsgi_param,
// proxy_set_header, add_header, ...) that means all-or-nothing per level: one `uwsgi_param` in a
// location, or an `include uwsgi_params`, drops every outer one (ngx_http_uwsgi_merge_loc_conf:
// a level whose array is unset takes the outer level's array whole).
import type { NginxDirective, NginxFile } from './ast.js';
import { contextOfPlacement, innerContext, type DirectiveContext } from './context.js';
import { judge } from './directive-table.js';
import { configFacts, type ConfigFacts } from './include-facts.js';
import type { NginxConfig } from '../project.js';
import { readPassAddress, readUrl, type Address, type PassModule, type PassScheme } from './address.js';

export type { Address };

export type ScopeKind = 'main' | 'events' | 'http' | 'server' | 'location' | 'if' | 'limit_except' | 'upstream' | 'stream' | 'other';

export interface Scope {
  kind: ScopeKind;
  /** The block directive that opens this scope; null for the file's top level. */
  directive: NginxDirective | null;
  parent: Scope | null;
  /**
   * Directives at this level, `include` replaced by what it includes (recursively). A level
   * without inlined includes holds its block's own array, and a level without blocks shares one
   * frozen list of children: read them, never change them.
   */
  readonly directives: readonly NginxDirective[];
  readonly children: readonly Scope[];
  /**
   * The context nginx reads this level's lines in, or null when it is not known: a fragment
   * whose place is not known, the inside of a block nginx does not read as directives (map,
   * types, a Lua block) or of a block the directive table does not know (a third-party module's).
   */
  context: DirectiveContext | null;
  /**
   * The level's directives by name, for a level of more than SCAN_LEVEL_LINES lines (built with
   * the level); a shorter level is searched line by line. Read it through atLevel().
   */
  byName: ReadonlyMap<string, readonly NginxDirective[]> | null;
  /**
   * Every directive name the config's files hold, shared by all its scopes: a name not in it is
   * at no level, and directivesNamed() answers without building the level's index (most names
   * the rules ask about, `ssl_certificate` or `resolver`, are in no file of a typical config).
   */
  namesInConfig: ReadonlySet<string>;
}


export type { PassModule } from './address.js';

export interface UpstreamServer {
  directive: NginxDirective;
  address: Address | null;
  /** nginx -t's error for the address (`invalid host in upstream "..."`), when ngx_parse_url refuses it. */
  invalid: string | null;
  backup: boolean;
  down: boolean;
}

export interface Upstream {
  name: string;
  directive: NginxDirective;
  servers: UpstreamServer[];
}

export interface PassTarget {
  directive: NginxDirective;
  module: PassModule;
  /** The scheme written or implied: http/https for proxy_pass, uwsgi/suwsgi for uwsgi_pass. */
  scheme: PassScheme;
  /** Where nginx connects; null when it is computed at request time or not known. */
  address: Address | null;
  /** The upstream block the target names, if any. */
  upstream: Upstream | null;
  /** Why the address is not known (variables, templates, an address nginx refuses), when it is not. */
  unknown: string | null;
  /**
   * nginx -t's error for the target, when the pass directive's handler refuses it: `invalid URL
   * prefix` (proxy_pass without http:// or https://), or ngx_parse_url's `<error> in upstream
   * "<address>"`. Null for a target nginx accepts or cannot judge before run time.
   */
  invalid: string | null;
  /**
   * proxy_pass's URI part as nginx splits it off (`/api/` of `http://app/api/`, `?x=1`, `/x` of
   * `http://unix:/run/a.sock:/x`); empty when there is none; null when not known (variables,
   * templates) or for the other pass directives, which have none.
   */
  uri: string | null;
  /** The location (or if) scope the directive sits in. */
  scope: Scope;
  /** The enclosing server scope. */
  server: Scope | null;
}

export interface NginxModel {
  config: NginxConfig;
  root: Scope;
  /** Every scope, parents first, in the order of the text. */
  scopes: readonly Scope[];
  /** The block scopes by the name of the directive that opens them. */
  blocks: ReadonlyMap<string, readonly Scope[]>;
  /** What the config's files hold: directive names, whether an include went unread. */
  facts: ConfigFacts;
  upstreams: Map<string, Upstream>;
  passTargets: PassTarget[];
  /** `user` in a main config, if the run linted one. */
  workerUser: NginxDirective | null;
}

const PASS_DIRECTIVES = new Map<string, PassModule>([
  ['uwsgi_pass', 'uwsgi'],
  ['proxy_pass', 'proxy'],
  ['fastcgi_pass', 'fastcgi'],
  ['scgi_pass', 'scgi'],
  ['grpc_pass', 'grpc'],
]);

/**
 * The config's tree with includes inlined, its upstreams and pass targets. `templated` says
 * whether a template fills in a directive (TemplateFacts.templated): such a target's address is
 * not known. Built once per config by the run's analysis.
 */
export function buildModel(config: NginxConfig, templated: (d: NginxDirective) => boolean): NginxModel {
  const facts = configFacts(config);
  const build: TreeBuild = { active: new Set([config.root]), namesInConfig: facts.names, scopes: [], passes: [], upstreams: [], included: config.included };
  const root = buildScope(config.root.directives, contextKind(config.root), null, null, build, false, contextOfPlacement(config.root.context));
  // Upstreams and pass directives were met while the tree was built; the targets are read once
  // every upstream is known (an upstream may come after the location that names it).
  const upstreams = new Map<string, Upstream>();
  for (const s of build.upstreams) {
    const name = s.directive!.args[0].value.toLowerCase();
    upstreams.set(name, {
      name,
      directive: s.directive!,
      servers: s.directives.filter((d) => d.name === 'server').map((d) => upstreamServer(d, templated)),
    });
  }
  // In the order of their scopes (parents first), then of the lines of each: a stable sort.
  const passes = build.passes.sort((a, b) => a.order - b.order);
  const passTargets = passes.map(({ d, module, scope }) => passTarget(d, module, scope, upstreams, templated));
  const workerUser = root.kind === 'main' ? (root.directives.find((d) => d.name === 'user') ?? null) : null;
  const blocks = new Map<string, Scope[]>();
  for (const s of build.scopes) {
    if (!s.directive) continue;
    const list = blocks.get(s.directive.name);
    if (list) list.push(s);
    else blocks.set(s.directive.name, [s]);
  }
  return { config, root, scopes: build.scopes, blocks, facts, upstreams, passTargets, workerUser };
}

function contextKind(file: NginxFile): ScopeKind {
  switch (file.context) {
    case 'main':
      return 'main';
    case 'http':
      return 'http';
    case 'server':
      return 'server';
    case 'location':
      return 'location';
    default:
      return 'other';
  }
}

/** What building a config's tree collects on the way. */
interface TreeBuild {
  /** The files being inlined on the current path (an include cycle is not followed). */
  active: Set<NginxFile>;
  namesInConfig: ReadonlySet<string>;
  /** Every scope, in the order made: parents first, in the order of the text. */
  scopes: Scope[];
  /** Pass directives (not in upstream or stream blocks), with the place of their scope in `scopes`. */
  passes: { d: NginxDirective; module: PassModule; scope: Scope; order: number }[];
  /** `upstream` blocks outside stream, in the order made. */
  upstreams: Scope[];
  /** What each include line brought in, as the config resolved it. */
  included: NginxConfig['included'];
}

function buildScope(directives: NginxDirective[], kind: ScopeKind, directive: NginxDirective | null, parent: Scope | null, build: TreeBuild, inStream: boolean, context: DirectiveContext | null): Scope {
  // A level with no include line that brought files in holds exactly its block's lines: the
  // block's array is the level's, not a copy (most of a large config's 15,000 levels). A level
  // with no block inside shares one empty list of children.
  let inlines = false;
  for (let i = 0; i < directives.length && !inlines; i++) inlines = directives[i].name === 'include' && build.included.get(directives[i]) !== undefined;
  // Filled in here, read-only for everyone else.
  const lines: NginxDirective[] = inlines ? [] : directives;
  let children: Scope[] = NO_CHILDREN;
  const scope: Scope = { kind, directive, parent, directives: lines, children, context, byName: null, namesInConfig: build.namesInConfig };
  const order = build.scopes.length;
  build.scopes.push(scope);
  inStream ||= kind === 'stream';
  if (kind === 'upstream' && directive && directive.args[0] && parent?.kind !== 'stream') build.upstreams.push(scope);
  const takesPasses = kind !== 'upstream' && !inStream;
  const add = (list: NginxDirective[]) => {
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      const included = inlines && d.name === 'include' ? build.included.get(d) : undefined;
      if (included !== undefined) {
        for (const f of included) {
          if (build.active.has(f)) continue; // a cycle, reported by the resolver
          build.active.add(f);
          add(f.directives);
          build.active.delete(f);
        }
        continue;
      }
      if (inlines) lines.push(d);
      if (d.block) {
        if (children === NO_CHILDREN) {
          children = [];
          (scope as { children: readonly Scope[] }).children = children;
        }
        children.push(buildScope(d.block, blockKind(d.name, kind), d, scope, build, inStream, blockContext(d, context)));
      } else if (takesPasses) {
        const module = PASS_DIRECTIVES.get(d.name);
        if (module) build.passes.push({ d, module, scope, order });
      }
    }
  };
  add(directives);
  if (lines.length > SCAN_LEVEL_LINES) scope.byName = indexByName(lines);
  return scope;
}

/** What nginx reads a block's lines as: known only where it accepts the block directive itself. */
function blockContext(d: NginxDirective, outer: DirectiveContext | null): DirectiveContext | null {
  if (outer === null || d.rawBody) return null;
  const verdict = judge(d.name, outer, d.args.length, true);
  return verdict.kind === 'ok' && verdict.spec && !verdict.spec.customBlock ? innerContext(d.name, outer) : null;
}

function indexByName(directives: readonly NginxDirective[]): Map<string, NginxDirective[]> {
  const index = new Map<string, NginxDirective[]>();
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i];
    const list = index.get(d.name);
    if (list) list.push(d);
    else index.set(d.name, [d]);
  }
  return index;
}

/** The children of every level without a block inside (never added to: a level gets its own list first). */
const NO_CHILDREN: Scope[] = Object.freeze([]) as unknown as Scope[];

function blockKind(name: string, outer: ScopeKind): ScopeKind {
  switch (name) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'stream':
      return 'stream';
    case 'server':
      return outer === 'upstream' ? 'other' : 'server';
    case 'location':
      return 'location';
    case 'if':
      return 'if';
    case 'limit_except':
      return 'limit_except';
    case 'upstream':
      return 'upstream';
    default:
      return 'other';
  }
}

/** Visits `scope` and every scope inside it, parents first, in the order of the text. */
export function forEachScope(scope: Scope, visit: (s: Scope) => void): void {
  const stack = [scope];
  while (stack.length > 0) {
    const s = stack.pop()!;
    visit(s);
    for (let i = s.children.length - 1; i >= 0; i--) stack.push(s.children[i]);
  }
}

export function enclosing(scope: Scope, kind: ScopeKind): Scope | null {
  for (let p: Scope | null = scope; p; p = p.parent) if (p.kind === kind) return p;
  return null;
}

/**
 * The directives named `name` that apply in `scope`: those of the nearest level (this one or
 * an outer one) that sets any. For a single-valued directive the last of them is the one in force.
 */
export function effective(scope: Scope, name: string): readonly NginxDirective[] {
  if (!scope.namesInConfig.has(name)) return NONE;
  for (let s: Scope | null = scope; s; s = s.parent) {
    const here = atLevel(s, name);
    if (here.length > 0) return here;
  }
  return NONE;
}

const NONE: readonly NginxDirective[] = Object.freeze([]);

/** The directives named `name` at exactly this level (includes inlined). */
export function directivesNamed(scope: Scope, name: string): readonly NginxDirective[] {
  if (!scope.namesInConfig.has(name)) return NONE;
  return atLevel(scope, name);
}

/**
 * A level with at most this many lines is searched line by line: cheaper than building and
 * keeping an index by name for each of thousands of servers and locations (a large config's
 * 15,000 indexes were 4 MB the garbage collector copied around).
 */
const SCAN_LEVEL_LINES = 24;

function atLevel(scope: Scope, name: string): readonly NginxDirective[] {
  if (scope.byName !== null) return scope.byName.get(name) ?? NONE;
  const directives = scope.directives;
  let found: NginxDirective[] | null = null;
  for (let i = 0; i < directives.length; i++) {
    if (directives[i].name !== name) continue;
    if (found === null) found = [directives[i]];
    else found.push(directives[i]);
  }
  return found ?? NONE;
}

function passTarget(d: NginxDirective, module: PassModule, scope: Scope, upstreams: Map<string, Upstream>, templated: (d: NginxDirective) => boolean): PassTarget {
  const server = enclosing(scope, 'server');
  // Every target is made by this one function, with every field: no object spread (slow in
  // code that runs once per pass directive).
  let uri: string | null = null;
  let invalid: string | null = null;
  const target = (scheme: PassTarget['scheme'], address: Address | null, upstream: Upstream | null, unknown: string | null): PassTarget => ({ directive: d, module, scheme, address, upstream, unknown, invalid, uri, scope, server });
  const arg = d.args[0]?.value;
  if (arg === undefined) return target(null, null, null, 'no target');
  if (templated(d)) return target(null, null, null, 'filled in by a template');
  const read = readPassAddress(module, arg);
  if (read.kind === 'variables') return target(read.scheme, null, null, 'computed per request from variables');
  if (read.kind === 'invalid') {
    invalid = read.invalid;
    return target(read.scheme, null, null, `nginx refuses it: ${read.invalid}`);
  }
  uri = read.uri;
  const address = read.address;
  if (address.type === 'tcp' && !read.explicitPort) {
    const upstream = upstreams.get(address.host.toLowerCase());
    if (upstream) return target(read.scheme, null, upstream, null);
    // nginx -t: no port in upstream "name" (the directive check reports it).
    if (module !== 'proxy' && module !== 'grpc') return target(read.scheme, { type: 'tcp', host: address.host, port: null }, null, null);
  }
  return target(read.scheme, address, null, null);
}

function upstreamServer(d: NginxDirective, templated: (d: NginxDirective) => boolean): UpstreamServer {
  const arg = d.args[0]?.value ?? '';
  const flags = d.args.slice(1).map((a) => a.value);
  const read = arg === '' || templated(d) || arg.includes('$') ? null : readUrl(arg, false, 80);
  return {
    directive: d,
    address: read?.address ?? null,
    invalid: read?.error ? `${read.error} in upstream "${arg}"` : null,
    backup: flags.includes('backup'),
    down: flags.includes('down'),
  };
}
