// What nginx knows about each directive, and how it judges one where it stands: the command
// tables of the nginx source (src/nginx/directives-data.json, written by
// scripts/gen-nginx-directives.js from nginx 1.22.1, the version Debian 12 ships), read the way
// ngx_conf_handler() (src/core/ngx_conf_file.c) reads them:
//   for every module that has the name: found; skip it unless its type fits the block (core,
//   event, http, stream, mail; the conf module's `include` fits all) and its context flags
//   include this block; then a `{` where none belongs -> `directive "x" is not terminated by ";"`,
//   none where one belongs -> `directive "x" has no opening "{"`; then the argument count ->
//   `invalid number of arguments in "x" directive`. No module fitting: `"x" directive is not
//   allowed here` when some module has the name, else `unknown directive "x"`.
// The table covers every module of the nginx source, also those a given binary lacks (Debian's
// nginx-light has no stream, mail, geoip, perl, xslt, image_filter): a name of any nginx module
// is known. Which modules nginx-light has is recorded in `builds`, probed with its `nginx -t`.
import data from './directives-data.json' with { type: 'json' };
import type { NginxDirective } from './ast.js';
import { blocksNamed, configFacts, isUnreadInclude, nginxModel, type Scope } from './model.js';
import { GLOB_CHARS } from './resolve.js';
import { isTemplated, TEMPLATED } from './templated.js';
import type { NginxConfig, Project } from '../project.js';
import type { SourceFile } from '../source.js';

// Asked of directives by many rules, which import them from here.
export { isTemplated, TEMPLATED };

/** A block nginx reads directives in, named after the context flags (NGX_HTTP_LIF_CONF -> if-in-location). */
export type DirectiveContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if-in-server'
  | 'if-in-location'
  | 'limit_except'
  | 'upstream'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream'
  | 'mail'
  | 'mail-server';

export interface DirectiveSpec {
  name: string;
  /** The ngx_module_t that defines it, e.g. ngx_http_uwsgi_module. */
  module: string;
  moduleType: string;
  /** Contexts from the flags; `any` for `include` (NGX_ANY_CONF). */
  contexts: string[];
  /** `0`, `1,2` (exact counts), `1+`, `2+`, `flag` (one of on/off), `any`. */
  args: string;
  block: boolean;
  /** The C handler (ngx_conf_set_flag_slot, ...). */
  handler: string;
  /** The handler answers "is duplicate" to a second one at the same level (always, or for some arguments). */
  duplicate?: true | 'some-arguments';
  /** A block read by its own handler (map, types, geo, ...): its lines are not directives. */
  customBlock?: boolean;
}

interface RawDirective {
  name: string;
  module: string;
  contexts: string[];
  args: string;
  block: boolean;
  handler: string;
  duplicate?: boolean | string;
  customBlock?: boolean;
}

const moduleTypes = new Map<string, string>(data.modules.map((m) => [m.name, m.type]));

function spec(raw: RawDirective): DirectiveSpec {
  const moduleType = moduleTypes.get(raw.module) ?? 'NGX_HTTP_MODULE';
  const s: DirectiveSpec = { name: raw.name, module: raw.module, moduleType, contexts: raw.contexts, args: raw.args, block: raw.block, handler: raw.handler };
  if (raw.duplicate === true) s.duplicate = true;
  else if (raw.duplicate === 'some-arguments') s.duplicate = 'some-arguments';
  if (raw.customBlock) s.customBlock = true;
  return s;
}

const byName = new Map<string, DirectiveSpec[]>();
for (const raw of data.directives as RawDirective[]) {
  const list = byName.get(raw.name) ?? [];
  list.push(spec(raw));
  byName.set(raw.name, list);
}
const newerByName = new Map<string, DirectiveSpec[]>();
for (const raw of data.newer.directives as RawDirective[]) {
  const list = newerByName.get(raw.name) ?? [];
  list.push(spec(raw));
  newerByName.set(raw.name, list);
}

/** The nginx version the table describes, and where it comes from. */
export const directivesSource = {
  version: data.nginx.version,
  rev: data.nginx.rev,
  commit: data.nginx.commit,
  newerVersion: data.newer.version,
};

/** The modules compiled into Debian 12's nginx-light (probed with its `nginx -t`). */
export const nginxLightModules: ReadonlySet<string> = new Set(Object.values(data.builds ?? {})[0]?.modules ?? []);

export function directiveSpecs(name: string): readonly DirectiveSpec[] {
  return byName.get(name) ?? [];
}

/** Entries of a newer nginx for a name this version does not know (`http2`, `quic_retry`, ...). */
export function newerDirectiveSpecs(name: string): readonly DirectiveSpec[] {
  return newerByName.get(name) ?? [];
}

export function knownDirectiveNames(): Iterable<string> {
  return byName.keys();
}

const MODULE_TYPE: Record<DirectiveContext, string> = {
  main: 'NGX_CORE_MODULE',
  events: 'NGX_EVENT_MODULE',
  http: 'NGX_HTTP_MODULE',
  server: 'NGX_HTTP_MODULE',
  location: 'NGX_HTTP_MODULE',
  'if-in-server': 'NGX_HTTP_MODULE',
  'if-in-location': 'NGX_HTTP_MODULE',
  limit_except: 'NGX_HTTP_MODULE',
  upstream: 'NGX_HTTP_MODULE',
  stream: 'NGX_STREAM_MODULE',
  'stream-server': 'NGX_STREAM_MODULE',
  'stream-upstream': 'NGX_STREAM_MODULE',
  mail: 'NGX_MAIL_MODULE',
  'mail-server': 'NGX_MAIL_MODULE',
};

/** The module type whose directives a context reads (NGX_HTTP_MODULE for server, ...). */
export function moduleTypeOf(context: DirectiveContext): string {
  return MODULE_TYPE[context];
}

/** Whether `spec` is one nginx would use in `context` (ngx_conf_handler's type and context tests). */
export function fitsContext(s: DirectiveSpec, context: DirectiveContext): boolean {
  if (s.moduleType === 'NGX_CONF_MODULE') return true;
  if (s.moduleType !== MODULE_TYPE[context]) return false;
  return s.contexts.includes(context);
}

/** Whether nginx accepts `argc` arguments for `spec` (ngx_conf_handler's argument tests). */
export function argsFit(s: DirectiveSpec, argc: number): boolean {
  switch (s.args) {
    case 'any':
      return true;
    case 'flag':
      return argc === 1;
    case '1+':
      return argc >= 1;
    case '2+':
      return argc >= 2;
    default:
      return argumentCounts(s.args).includes(argc);
  }
}

const countsByArgs = new Map<string, number[]>();

/** `1,2` as [1, 2], parsed once per distinct entry: argsFit runs for every directive. */
function argumentCounts(args: string): number[] {
  let counts = countsByArgs.get(args);
  if (!counts) {
    counts = args.split(',').map(Number);
    countsByArgs.set(args, counts);
  }
  return counts;
}

/** How many arguments `spec` takes, in words: `1`, `1 or 2`, `1 or more`, `on or off`, `none`. */
export function describeArgs(s: DirectiveSpec): string {
  switch (s.args) {
    case 'any':
      return 'any number';
    case 'flag':
      return '1 (on or off)';
    case '1+':
      return '1 or more';
    case '2+':
      return '2 or more';
    case '0':
      return 'none';
    default: {
      const counts = s.args.split(',');
      return counts.length === 1 ? counts[0] : `${counts.slice(0, -1).join(', ')} or ${counts[counts.length - 1]}`;
    }
  }
}

export type Verdict =
  | { kind: 'ok'; spec: DirectiveSpec | null }
  | { kind: 'unknown' }
  | { kind: 'not-allowed'; specs: readonly DirectiveSpec[] }
  | { kind: 'not-terminated'; spec: DirectiveSpec }
  | { kind: 'no-opening'; spec: DirectiveSpec }
  | { kind: 'args'; spec: DirectiveSpec };

/**
 * What nginx says about `name` with `argc` arguments, with or without a block, in `context`.
 * With no known context (a snippet nobody includes) only what holds in every context is said.
 */
export function judge(name: string, context: DirectiveContext | null, argc: number, hasBlock: boolean): Verdict {
  // The same question as the last one: the lines of an included file (`uwsgi_param` fifteen
  // times for each of thousands of `include uwsgi_params`) come one after another.
  if (lastVerdict !== null && lastName === name && lastContext === context && lastArgc === argc && lastHasBlock === hasBlock) return lastVerdict;
  // Few distinct questions, asked for every directive by several rules: answered once each.
  if (argc >= 4096) return judgeOnce(name, context, argc, hasBlock);
  let byName = verdicts.get(name);
  if (!byName) {
    if (verdicts.size >= 10000) verdicts.clear();
    byName = new Map();
    verdicts.set(name, byName);
  }
  const key = (contextId(context) * 4096 + argc) * 2 + (hasBlock ? 1 : 0);
  let verdict = byName.get(key);
  if (!verdict) {
    verdict = judgeOnce(name, context, argc, hasBlock);
    byName.set(key, verdict);
  }
  lastName = name;
  lastContext = context;
  lastArgc = argc;
  lastHasBlock = hasBlock;
  lastVerdict = verdict;
  return verdict;
}

/** The last question judge() answered (in variables, not an object made per question). */
let lastName = '';
let lastContext: DirectiveContext | null = null;
let lastArgc = 0;
let lastHasBlock = false;
let lastVerdict: Verdict | null = null;

/** Verdicts by directive name, then by context, argument count and block. */
const verdicts = new Map<string, Map<number, Verdict>>();
const CONTEXT_IDS: Record<DirectiveContext, number> = {
  main: 1,
  events: 2,
  http: 3,
  server: 4,
  location: 5,
  'if-in-server': 6,
  'if-in-location': 7,
  limit_except: 8,
  upstream: 9,
  stream: 10,
  'stream-server': 11,
  'stream-upstream': 12,
  mail: 13,
  'mail-server': 14,
};

function contextId(context: DirectiveContext | null): number {
  return context === null ? 0 : CONTEXT_IDS[context];
}

function judgeOnce(name: string, context: DirectiveContext | null, argc: number, hasBlock: boolean): Verdict {
  const specs = directiveSpecs(name);
  if (specs.length === 0) return { kind: 'unknown' };
  const one = (s: DirectiveSpec): Verdict => {
    if (!s.block && hasBlock) return { kind: 'not-terminated', spec: s };
    if (s.block && !hasBlock) return { kind: 'no-opening', spec: s };
    if (!argsFit(s, argc)) return { kind: 'args', spec: s };
    return { kind: 'ok', spec: s };
  };
  if (context === null) {
    const verdicts = specs.map(one);
    if (verdicts.every((v) => v.kind === verdicts[0].kind)) return verdicts[0];
    return { kind: 'ok', spec: null };
  }
  const fitting = specs.find((s) => fitsContext(s, context));
  if (!fitting) return { kind: 'not-allowed', specs };
  return one(fitting);
}

/** The contexts a name is allowed in, for messages (`location, if in location`). */
export function allowedContexts(specs: readonly DirectiveSpec[]): string[] {
  const out: string[] = [];
  for (const s of specs) for (const c of s.contexts) if (!out.includes(c)) out.push(c);
  return out.map((c) => c.replace(/-/g, ' '));
}

/**
 * The context nginx reads a scope's directives in, or null when it is not known: a fragment
 * whose place is not known, the inside of a block nginx does not read as directives (map,
 * types, a Lua block) or of a block this table does not know (a third-party module's).
 */
export function contextOf(scope: Scope): DirectiveContext | null {
  const known = scope.memo.context;
  if (known !== undefined) return known;
  let result: DirectiveContext | null = null;
  if (scope.parent === null || scope.directive === null) {
    result = scope.kind === 'main' || scope.kind === 'http' || scope.kind === 'server' || scope.kind === 'location' ? scope.kind : null;
  } else {
    const outer = contextOf(scope.parent);
    const d = scope.directive;
    if (outer !== null) {
      const verdict = judge(d.name, outer, d.args.length, true);
      if (verdict.kind === 'ok' && verdict.spec && !verdict.spec.customBlock) result = blockContext(d.name, outer);
    }
  }
  scope.memo.context = result;
  return result;
}

function blockContext(name: string, outer: DirectiveContext): DirectiveContext | null {
  switch (name) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'stream':
      return 'stream';
    case 'mail':
      return 'mail';
    case 'server':
      return outer === 'http' ? 'server' : outer === 'stream' ? 'stream-server' : outer === 'mail' ? 'mail-server' : null;
    case 'location':
      return 'location';
    case 'if':
      return outer === 'server' ? 'if-in-server' : outer === 'location' ? 'if-in-location' : null;
    case 'limit_except':
      return 'limit_except';
    case 'upstream':
      return outer === 'http' ? 'upstream' : outer === 'stream' ? 'stream-upstream' : null;
    default:
      return null;
  }
}

/** Whether the file a directive sits in uses template control tags (`{% if %}`): its lines may not all reach nginx. */
export function inTemplatedFile(d: NginxDirective): boolean {
  // Once per file, kept on the file: rules ask for every directive, and rescanning the text each
  // time is quadratic.
  const source = d.source;
  if (source.templateTags === undefined) source.templateTags = /\{%|<%/.test(source.text);
  return source.templateTags;
}

/**
 * Whether a template fills in one of `lines`, or one of them sits in a file with template tags:
 * the rules that compare lines (a certificate and its key, two server names) do not judge them.
 */
export function anyTemplated(lines: readonly NginxDirective[]): boolean {
  // An indexed loop: rules ask it of the lines of every server of the run.
  for (let i = 0; i < lines.length; i++) if (isTemplated(lines[i]) || inTemplatedFile(lines[i])) return true;
  return false;
}

export interface ScopedDirective {
  directive: NginxDirective;
  scope: Scope;
  context: DirectiveContext | null;
  /** The linted config whose tree the directive was reached through. */
  config: NginxConfig;
  /** What nginx says of the directive where it stands (judge()). */
  verdict: Verdict;
  /** Its place in the run's list (scopedDirectives): every list of items keeps this order. */
  order: number;
}

/**
 * Whether nginx never runs a directive's handler because of a syntax error: its `;` is missing
 * (cut short by a `}`), or its `;` or `{` comes after the file's first syntax error (nginx stops
 * there; the parser's reading beyond it is a recovery guess).
 */
export function pastSyntaxError(project: Project): (d: NginxDirective) => boolean {
  const firstError = firstSyntaxErrors(project);
  // A statement cut short (no `;`) is itself a syntax error of its file: with none in the run,
  // nothing is past one, and no directive needs looking at.
  if (firstError.size === 0) return NOTHING_PAST;
  return (d) => {
    const end = d.blockStart ?? d.end - 1;
    if (d.block === null && d.rawBody === undefined && d.source.text.charCodeAt(end) !== 0x3b /* ; */) return true;
    return end >= (firstError.get(d.source) ?? Infinity);
  };
}

/** pastSyntaxError's answer for a run without syntax errors: a caller may skip asking it. */
const NOTHING_PAST = (): boolean => false;

function firstSyntaxErrors(project: Project): Map<SourceFile, number> {
  const firstError = new Map<SourceFile, number>();
  for (const config of project.nginx) {
    for (const file of config.files) {
      for (const problem of file.problems) {
        if (problem.kind !== 'syntax') continue;
        firstError.set(file.source, Math.min(firstError.get(file.source) ?? Infinity, problem.span.start));
      }
    }
  }
  return firstError;
}

/**
 * Whether nginx reads a config's whole `http` block before any syntax error: only then does it
 * run the checks it makes at the block's end (ports of upstreams, TLS, duplicate locations,
 * server names). A fragment is the inside of `http`, so any syntax error in it stops them.
 */
export function httpBlockComplete(config: NginxConfig): boolean {
  const errors = config.files.flatMap((f) => f.problems.filter((x) => x.kind === 'syntax').map((x) => ({ file: f, start: x.span.start })));
  if (errors.length === 0) return true;
  if (config.root.context !== 'main') return false;
  const http = config.root.directives.find((d) => d.name === 'http' && d.block !== null);
  if (!http) return false;
  return errors.every((e) => e.file === config.root && e.start >= http.end);
}

/**
 * The run's directives as the rules read them, made in one pass over the model: every directive
 * with its scope, in list order (each block's lines together, blocks in the order of the text),
 * what nginx says of each (judge()), and whether the security rules judge it (not templated, not
 * in a templated file). Kept as columns, not as an object per directive: a large config reaches
 * 90,000 directives through its includes (half of them the lines of uwsgi_params in 3,000
 * locations) and the rules ask about a few names each; an item (ScopedDirective) is made when a
 * rule asks for its name, once per run.
 */
class RunColumns {
  readonly directives: NginxDirective[] = [];
  readonly scopes: Scope[] = [];
  readonly verdicts: Verdict[] = [];
  /** Whether the item at each place is judged; null while every item so far is (most runs have no template). */
  judged: boolean[] | null = null;
  /** Each linted config with the place after its last item (the configs' items come one config after another). */
  readonly configEnds: { config: NginxConfig; end: number }[] = [];
  /** The places of each directive name, in list order. */
  readonly placesByName = new Map<string, number[]>();
  /** The places of the directives nginx refuses, by what it says (judge()). */
  readonly refusedPlaces = new Map<Exclude<Verdict['kind'], 'ok'>, number[]>();
  /** The items made so far, all places of one name at a time. */
  private readonly itemsByName = new Map<string, ScopedDirective[]>();

  get size(): number {
    return this.directives.length;
  }

  isJudged(place: number): boolean {
    return this.judged === null || this.judged[place];
  }

  /** Every item of `name`, in list order (made on the first call). */
  itemsNamed(name: string): readonly ScopedDirective[] {
    let items = this.itemsByName.get(name);
    if (!items) {
      const places = this.placesByName.get(name) ?? [];
      // map(): an array of the exact size, kept for the run.
      items = places.map((place) => this.makeItem(place));
      this.itemsByName.set(name, items);
    }
    return items;
  }

  /** The item at `place`, the same object itemsNamed() gives. */
  itemAt(place: number): ScopedDirective {
    const name = this.directives[place].name;
    const places = this.placesByName.get(name)!;
    return this.itemsNamed(name)[lowerBound(places, place)];
  }

  private makeItem(place: number): ScopedDirective {
    const scope = this.scopes[place];
    return { directive: this.directives[place], scope, context: contextOf(scope), config: this.configAt(place), verdict: this.verdicts[place], order: place };
  }

  private configAt(place: number): NginxConfig {
    const ends = this.configEnds;
    for (let i = 0; i < ends.length; i++) if (place < ends[i].end) return ends[i].config;
    return ends[ends.length - 1].config;
  }
}

/** The first index of the sorted `list` whose value is at least `value`. */
function lowerBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * One of the run's lists of directives with their scopes (scopedDirectives, untemplatedDirectives,
 * or the part of one that one config reached), read by name: named(), namedEach(), namesIn().
 * Each list keeps the run's order.
 */
export class DirectiveList {
  private readonly buckets = new Map<string, readonly ScopedDirective[]>();

  /** @internal */
  constructor(
    private readonly run: RunColumns,
    /** Only the items the security rules judge. */
    private readonly judgedOnly: boolean,
    /** The places of the run this list covers. */
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** The list's items named `name`, in list order. */
  named(name: string): readonly ScopedDirective[] {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      const all = this.run.itemsNamed(name);
      bucket = all;
      if (this.from > 0 || this.to < this.run.size) {
        const places = this.run.placesByName.get(name) ?? [];
        bucket = all.slice(lowerBound(places, this.from), lowerBound(places, this.to));
      }
      if (this.judgedOnly && this.run.judged !== null) bucket = bucket.filter((item) => this.run.isJudged(item.order));
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /** Whether the list holds a directive named `name`, without making its items. */
  has(name: string): boolean {
    const places = this.run.placesByName.get(name);
    if (!places) return false;
    for (let i = lowerBound(places, this.from); i < places.length && places[i] < this.to; i++) {
      if (!this.judgedOnly || this.run.isJudged(places[i])) return true;
    }
    return false;
  }

  /** The directive names the list holds. */
  names(): string[] {
    const out: string[] = [];
    for (const name of this.run.placesByName.keys()) if (this.has(name)) out.push(name);
    return out;
  }

  /**
   * The distinct directives named `name` in the list, each once however many includes reach it
   * (for a rule whose verdict on a line does not depend on the block it is included into).
   */
  lines(name: string): readonly NginxDirective[] {
    const places = this.run.placesByName.get(name);
    if (!places) return [];
    const seen = new Set<NginxDirective>();
    const out: NginxDirective[] = [];
    for (let i = lowerBound(places, this.from); i < places.length && places[i] < this.to; i++) {
      const place = places[i];
      if (this.judgedOnly && !this.run.isJudged(place)) continue;
      const d = this.run.directives[place];
      if (seen.has(d)) continue;
      seen.add(d);
      out.push(d);
    }
    return out;
  }

  /** The list's items whose directive stands in `context`, in list order. */
  inContext(context: DirectiveContext): ScopedDirective[] {
    const out: ScopedDirective[] = [];
    const scopes = this.run.scopes;
    const end = Math.min(this.to, this.run.size);
    // One block's lines are together in the list: its context is asked once per block.
    let last: Scope | null = null;
    let matches = false;
    for (let place = this.from; place < end; place++) {
      const scope = scopes[place];
      if (scope !== last) {
        last = scope;
        matches = contextOf(scope) === context;
      }
      if (matches && (!this.judgedOnly || this.run.isJudged(place))) out.push(this.run.itemAt(place));
    }
    return out;
  }

  /** The part of this list that `config` reached (its items are together in the run's list). */
  forConfig(config: NginxConfig): DirectiveList {
    const ends = this.run.configEnds;
    let from = 0;
    for (let i = 0; i < ends.length; i++) {
      if (ends[i].config === config) return new DirectiveList(this.run, this.judgedOnly, Math.max(from, this.from), Math.min(ends[i].end, this.to));
      from = ends[i].end;
    }
    return new DirectiveList(this.run, this.judgedOnly, 0, 0);
  }
}

const runColumnsCache = new WeakMap<Project, { run: RunColumns; scoped: DirectiveList; judged: DirectiveList }>();

function runDirectives(project: Project): { run: RunColumns; scoped: DirectiveList; judged: DirectiveList } {
  // Computed once per run: most rules read these lists.
  let lists = runColumnsCache.get(project);
  if (!lists) {
    const run = collectRunDirectives(project);
    const scoped = new DirectiveList(run, false, 0, run.size);
    lists = { run, scoped, judged: run.judged === null ? scoped : new DirectiveList(run, true, 0, run.size) };
    runColumnsCache.set(project, lists);
  }
  return lists;
}

/** Every directive of every linted nginx config with the scope it sits in, includes inlined (up to syntax errors). */
export function scopedDirectives(project: Project): DirectiveList {
  return runDirectives(project).scoped;
}

/**
 * The run's directives the security rules judge: those of scopedDirectives() that are not
 * templated and not in a templated file (whose lines may not all reach nginx).
 */
export function untemplatedDirectives(project: Project): DirectiveList {
  return runDirectives(project).judged;
}

function collectRunDirectives(project: Project): RunColumns {
  const broken = pastSyntaxError(project);
  // A call per directive of the run otherwise (2 ms of a large one) for the usual answer, no.
  const mayBeBroken = broken !== NOTHING_PAST;
  const run = new RunColumns();
  const { directives: runDirectives, scopes, verdicts, placesByName, refusedPlaces } = run;
  // Consecutive directives mostly come from one file: ask about the file once per change.
  let lastSource: SourceFile | null = null;
  let lastSourceTemplated = false;
  let previousName = '';
  let previousPlaces: number[] | null = null;
  for (const config of project.nginx) {
    const stack: Scope[] = [nginxModel(config).root];
    while (stack.length > 0) {
      const scope = stack.pop()!;
      const context = contextOf(scope);
      const directives = scope.directives;
      for (let i = 0; i < directives.length; i++) {
        const directive = directives[i];
        if (mayBeBroken && broken(directive)) continue;
        const verdict = judge(directive.name, context, directive.args.length, directive.block !== null);
        const place = runDirectives.length;
        runDirectives.push(directive);
        scopes.push(scope);
        verdicts.push(verdict);
        // The name of the line before, more often than not (an included file's fifteen
        // `uwsgi_param` lines): its places without a lookup.
        if (directive.name !== previousName || previousPlaces === null) {
          previousName = directive.name;
          previousPlaces = placesByName.get(previousName) ?? null;
          if (previousPlaces === null) {
            previousPlaces = [];
            placesByName.set(previousName, previousPlaces);
          }
        }
        previousPlaces.push(place);
        if (verdict.kind !== 'ok') {
          const refused = refusedPlaces.get(verdict.kind);
          if (refused) refused.push(place);
          else refusedPlaces.set(verdict.kind, [place]);
        }
        if (directive.source !== lastSource) {
          lastSource = directive.source;
          lastSourceTemplated = inTemplatedFile(directive);
        }
        const isJudged = !lastSourceTemplated && !isTemplated(directive);
        if (run.judged !== null) run.judged.push(isJudged);
        else if (!isJudged) {
          // The first directive left out: every one before it was judged.
          run.judged = new Array<boolean>(place).fill(true);
          run.judged.push(false);
        }
      }
      for (let i = scope.children.length - 1; i >= 0; i--) if (readsDirectives(scope.children[i])) stack.push(scope.children[i]);
    }
    run.configEnds.push({ config, end: runDirectives.length });
  }
  return run;
}

export interface JudgedItem {
  item: ScopedDirective;
  verdict: Verdict;
}

/**
 * The run's directives (scopedDirectives) of which nginx says `kind` (judge()), in list order:
 * the rules about names, contexts and argument counts see only the directives nginx would refuse.
 */
export function scopedByVerdict(project: Project, kind: Exclude<Verdict['kind'], 'ok'>): readonly JudgedItem[] {
  const { run } = runDirectives(project);
  const places = run.refusedPlaces.get(kind) ?? [];
  return places.map((place) => ({ item: run.itemAt(place), verdict: run.verdicts[place] }));
}

/**
 * The items of `list` whose directive has one of `names`, in list order. The list is indexed by
 * name once, so a rule about three directives does not walk every directive of the run.
 */
export function named(list: DirectiveList, names: Iterable<string>): readonly ScopedDirective[] {
  const buckets = namedEach(list, names);
  if (buckets.length === 0) return [];
  if (buckets.length === 1) return buckets[0];
  return mergeInListOrder(buckets);
}

/**
 * The items of `list` with one of `names`, name by name, each name's items in list order: for a
 * rule that judges every item on its own, where the order across names does not matter (the
 * results are sorted by position in the end, and an item of one name never shares a position
 * with one of another), without merging the buckets into list order as named() does.
 */
export function namedEach(list: DirectiveList, names: Iterable<string>): readonly (readonly ScopedDirective[])[] {
  const buckets: (readonly ScopedDirective[])[] = [];
  for (const name of new Set(names)) {
    const bucket = list.named(name);
    if (bucket.length > 0) buckets.push(bucket);
  }
  return buckets;
}

/** The directive names that occur in `list`. */
export function namesIn(list: DirectiveList): Iterable<string> {
  return list.names();
}

/**
 * Several buckets back into list order, which is the order reports are made in: each bucket is
 * in that order already, so this merges them by `order` (a sort of all of them cost a rule about
 * `uwsgi_param` and three other names 15 ms on a large config).
 */
function mergeInListOrder(buckets: readonly (readonly ScopedDirective[])[]): ScopedDirective[] {
  const out: ScopedDirective[] = [];
  const next = new Array<number>(buckets.length).fill(0);
  for (;;) {
    let best = -1;
    let bestPosition = Infinity;
    for (let b = 0; b < buckets.length; b++) {
      const k = next[b];
      if (k < buckets[b].length && buckets[b][k].order < bestPosition) {
        best = b;
        bestPosition = buckets[b][k].order;
      }
    }
    if (best < 0) return out;
    out.push(buckets[best][next[best]++]);
  }
}

/**
 * Items of one of the run's lists (or a named() selection of one) grouped by the scope they sit
 * in, in list order: the run's lists keep each block's directives together.
 */
export function groupedByScope(items: readonly ScopedDirective[]): { scope: Scope; directives: NginxDirective[] }[] {
  const groups: { scope: Scope; directives: NginxDirective[] }[] = [];
  let last: { scope: Scope; directives: NginxDirective[] } | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (last === null || last.scope !== item.scope) {
      last = { scope: item.scope, directives: [] };
      groups.push(last);
    }
    last.directives.push(item.directive);
  }
  return groups;
}

/** Whether nginx reads a block's lines as directives: not for map, types, geo, ..., Lua bodies, or blocks no module defines. */
function readsDirectives(scope: Scope): boolean {
  const d = scope.directive;
  if (!d || d.rawBody) return d === null;
  const specs = directiveSpecs(d.name);
  return specs.length > 0 && !specs.every((s) => s.customBlock);
}

/** Reports once per file and span, however often an included file is reached. */
export function onceEach(): (d: NginxDirective, start: number, message: string) => boolean {
  const seen = new Set<string>();
  return (d, start, message) => {
    const key = `${d.source.path}\0${start}\0${message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

export interface ListenAddress {
  /** The address as nginx prints it: `0.0.0.0:80`, `[::]:443`, `127.0.0.1:8080`, `unix:/run/x.sock`. */
  text: string;
  ssl: boolean;
  defaultServer: boolean;
}

/** What any `listen` of a run says: whether one listens with ssl, whether one is a default server. */
export interface ListenFlags {
  ssl: boolean;
  defaultServer: boolean;
}

const listenFlagsCache = new WeakMap<Project, ListenFlags | null>();

/**
 * Whether any listen of the run has `ssl` or `default_server`, read once from the run's list:
 * the rules about TLS and default servers have nothing to say without one, and most configs
 * have neither (each of those rules read every one of a large config's 5,000 servers to find
 * that out). Null when the run has a syntax error: its list leaves out the lines past it, so it
 * cannot tell.
 */
export function listenFlags(project: Project): ListenFlags | null {
  let flags = listenFlagsCache.get(project);
  if (flags === undefined) {
    flags = null;
    if (pastSyntaxError(project) === NOTHING_PAST) {
      flags = { ssl: false, defaultServer: false };
      const listens = scopedDirectives(project).named('listen');
      for (let i = 0; i < listens.length; i++) {
        const address = listenAddress(listens[i].directive);
        if (address?.ssl) flags.ssl = true;
        if (address?.defaultServer) flags.defaultServer = true;
      }
    }
    listenFlagsCache.set(project, flags);
  }
  return flags;
}

/** The answers for listens of more than one word, by directive. */
const listenAddresses = new WeakMap<NginxDirective, ListenAddress | null>();

/**
 * The address a `listen` binds (ngx_http_core_listen, ngx_parse_url): a bare port or `*:port`
 * is 0.0.0.0, a missing port is 80. Null when it is computed (templates) or a host name.
 */
export function listenAddress(d: NginxDirective): ListenAddress | null {
  // Once per distinct text: thousands of servers say `listen 80;`. The answer depends on the
  // words alone (a word's value follows from its text), and is never changed by a reader. A
  // one-word listen (most of them) is looked up by its word; a longer one once per directive.
  const args = d.args;
  if (args.length === 1) return listenByText(args[0].raw, d);
  let address = listenAddresses.get(d);
  if (address === undefined) {
    address = listenByText(args.map((a) => a.raw).join('\u0000'), d);
    listenAddresses.set(d, address);
  }
  return address;
}

function listenByText(key: string, d: NginxDirective): ListenAddress | null {
  let address = listensByText.get(key);
  if (address === undefined) {
    address = readListenAddress(d);
    if (listensByText.size >= 10000) listensByText.clear();
    listensByText.set(key, address);
  }
  return address;
}

const listensByText = new Map<string, ListenAddress | null>();

function readListenAddress(d: NginxDirective): ListenAddress | null {
  const first = d.args[0];
  if (!first || TEMPLATED.test(first.raw) || first.value.includes('$')) return null;
  const flags = d.args.slice(1).map((a) => a.value);
  const ssl = flags.includes('ssl');
  const defaultServer = flags.includes('default_server') || flags.includes('default');
  const v = first.value;
  let text: string | null = null;
  if (v.startsWith('unix:')) text = v;
  else if (/^\d+$/.test(v)) text = `0.0.0.0:${v}`;
  else if (v.startsWith('[')) {
    const m = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(v);
    if (m) text = `[${m[1].toLowerCase()}]:${m[2] ?? '80'}`;
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(v);
    if (m) {
      const host = m[1] === '*' ? '0.0.0.0' : m[1] === 'localhost' ? '127.0.0.1' : m[1];
      if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) text = `${host}:${m[2] ?? '80'}`;
    }
  }
  return text === null ? null : { text, ssl, defaultServer };
}

/**
 * Whether a scope or one around it has an `include` the run could not read (outside the tree,
 * not mapped): what it holds is not known. The model drops such includes, so the block's own
 * lines (and those of the files it did include) are read again here.
 */
/**
 * The `server` blocks of a config whose TLS and listen set-up can be judged: in a server context,
 * not in a templated file, and with no include the run could not read on the way to them (a
 * certificate or a listen may be in it).
 */
const judgedServerLists = new WeakMap<NginxConfig, readonly Scope[]>();

export function judgedServers(config: NginxConfig): readonly Scope[] {
  // Once per config: the TLS and listen rules all start from it.
  let servers = judgedServerLists.get(config);
  if (!servers) {
    const found: Scope[] = [];
    for (const s of blocksNamed(nginxModel(config).root, 'server')) {
      if (s.kind === 'server' && contextOf(s) === 'server' && s.directive && !inTemplatedFile(s.directive) && !hasUnseenInclude(s, config)) found.push(s);
    }
    servers = found;
    judgedServerLists.set(config, servers);
  }
  return servers;
}

const unseenAtLevel = new WeakMap<Scope, boolean>();

const unseenAround = new WeakMap<Scope, boolean>();

export function hasUnseenInclude(scope: Scope, config: NginxConfig): boolean {
  if (!anyUnseenInclude(config)) return false;
  // Once per scope: rules ask for every directive of a block.
  let unseen = unseenAround.get(scope);
  if (unseen === undefined) {
    unseen = unseenAt(scope, config) || (scope.parent !== null && hasUnseenInclude(scope.parent, config));
    unseenAround.set(scope, unseen);
  }
  return unseen;
}

/** Whether `scope`, a level around it or any level inside it has an include the run could not read. */
export function hasUnseenIncludeWithin(scope: Scope, config: NginxConfig): boolean {
  if (!anyUnseenInclude(config)) return false;
  if (hasUnseenInclude(scope, config)) return true;
  const stack = scope.children.slice();
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (unseenAt(s, config)) return true;
    for (let i = 0; i < s.children.length; i++) stack.push(s.children[i]);
  }
  return false;
}

/** One level's own lines (and the files they include). Once per level: every server asks about the same http block. */
function unseenAt(s: Scope, config: NginxConfig): boolean {
  let unseen = unseenAtLevel.get(s);
  if (unseen === undefined) {
    unseen = unseenIn(s.directive ? (s.directive.block ?? []) : config.root.directives, null, config);
    unseenAtLevel.set(s, unseen);
  }
  return unseen;
}

/** Whether any file of the config has an include the run could not read: most runs have none, and then no level needs asking. */
function anyUnseenInclude(config: NginxConfig): boolean {
  return configFacts(config).hasUnreadInclude;
}

/** `seen`: the include lines already followed, made at the first include (most levels have none). */
function unseenIn(lines: readonly NginxDirective[], seen: Set<NginxDirective> | null, config: NginxConfig): boolean {
  for (let i = 0; i < lines.length; i++) {
    const d = lines[i];
    if (d.name !== 'include') continue;
    if (seen === null) seen = new Set();
    else if (seen.has(d)) continue;
    seen.add(d);
    if (isUnreadInclude(d, config)) return true;
    // The files of a glob are not looked into (as before; configFacts does look, for its fast path).
    const included = config.included.get(d);
    if (included === undefined || GLOB_CHARS.test(d.args[0]?.value ?? '')) continue;
    for (let k = 0; k < included.length; k++) if (unseenIn(included[k].directives, seen, config)) return true;
  }
  return false;
}
