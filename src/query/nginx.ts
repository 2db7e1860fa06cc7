// What a rule asks of the nginx configs of a run. Every list it hands out is already filtered the
// way a verdict needs: lines past a syntax error are never in it, lines a template fills in (and
// lines of a file with template tags) are left out unless a rule asks for them, and a line that
// several includes reach is handed out once per place it stands (`lines()` gives each line once).
import type { NginxDirective, NginxFile } from '../nginx/ast.js';
import {
  anyTemplated,
  contextOf,
  hasUnseenInclude,
  hasUnseenIncludeWithin,
  httpBlockComplete,
  inTemplatedFile,
  isTemplated,
  judgedServers,
  listenAddress,
  listenFlags,
  scopedByVerdict,
  scopedDirectives,
  untemplatedDirectives,
  type DirectiveContext,
  type DirectiveList,
  type JudgedItem,
  type ListenAddress,
  type ListenFlags,
  type ScopedDirective,
  type Verdict,
} from '../nginx/directives.js';
import { locationName, type LocationName } from '../nginx/location.js';
import { blocksNamed, directivesNamed, effective, enclosing, forEachScope, nginxModel, type PassTarget, type Scope, type ScopeKind, type Upstream } from '../nginx/model.js';
import type { NginxConfig, Project } from '../project.js';

export interface DirectiveQuery {
  /** Only the directives one linted config reaches (its root file and what it includes). */
  config?: NginxConfig;
  /**
   * Also the lines a template fills in and the lines of files with template tags. Only the rules
   * about syntax and names want them: a value that is not known yet is never the cause of a finding.
   */
  templated?: boolean;
}

export class NginxQuery {
  private readonly perConfig = new Map<NginxConfig, DirectiveList>();

  constructor(private readonly project: Project) {}

  /** The linted nginx configs: each a root file with the files its includes brought in. */
  get configs(): readonly NginxConfig[] {
    return this.project.nginx;
  }

  private list(options: DirectiveQuery = {}): DirectiveList {
    const all = options.templated ? scopedDirectives(this.project) : untemplatedDirectives(this.project);
    const config = options.config;
    if (!config || this.project.nginx.length === 1) return all;
    if (options.templated) return all.forConfig(config);
    let mine = this.perConfig.get(config);
    if (!mine) {
      mine = all.forConfig(config);
      this.perConfig.set(config, mine);
    }
    return mine;
  }

  /**
   * The directives named `names` where nginx reads them, with their block, context and nginx's
   * verdict, in the order of the run (each block's lines together, blocks in text order).
   */
  directives(names: string | Iterable<string>, options?: DirectiveQuery): readonly ScopedDirective[] {
    const list = this.list(options);
    if (typeof names === 'string') return list.named(names);
    const buckets = this.directivesEach(names, options);
    if (buckets.length === 0) return [];
    if (buckets.length === 1) return buckets[0];
    return mergeInListOrder(buckets);
  }

  /**
   * directives(), one name at a time: for a rule that judges each line on its own, where the
   * order across names does not matter (findings are sorted by position in the end).
   */
  directivesEach(names: Iterable<string>, options?: DirectiveQuery): readonly (readonly ScopedDirective[])[] {
    const list = this.list(options);
    const buckets: (readonly ScopedDirective[])[] = [];
    for (const name of new Set(names)) {
      const bucket = list.named(name);
      if (bucket.length > 0) buckets.push(bucket);
    }
    return buckets;
  }

  /** The distinct lines named `name`, each once however many includes reach it. */
  lines(name: string, options?: DirectiveQuery): readonly NginxDirective[] {
    return this.list(options).lines(name);
  }

  /** Whether a directive named `name` is read anywhere (without making its items). */
  has(name: string, options?: DirectiveQuery): boolean {
    return this.list(options).has(name);
  }

  /** The directive names read anywhere. */
  names(options?: DirectiveQuery): string[] {
    return this.list(options).names();
  }

  /** The directives that stand in `context`, in run order. */
  inContext(context: DirectiveContext, options?: DirectiveQuery): readonly ScopedDirective[] {
    return this.list(options).inContext(context);
  }

  /** The directives nginx refuses for `kind` (unknown, not allowed here, argument count, ...), templated lines included. */
  refused(kind: Exclude<Verdict['kind'], 'ok'>): readonly JudgedItem[] {
    return scopedByVerdict(this.project, kind);
  }

  /** The context nginx reads a block's lines in; null when not known (a fragment nobody includes, a map body). */
  contextOf(scope: Scope): DirectiveContext | null {
    return contextOf(scope);
  }

  /** The top level of a config, includes inlined. */
  root(config: NginxConfig): Scope {
    return nginxModel(config).root;
  }

  /** Every block of a config opened by a directive named `name`. */
  blocks(config: NginxConfig, name: string): readonly Scope[] {
    return blocksNamed(nginxModel(config).root, name);
  }

  /** Visits every block of a config, parents first, in text order. */
  forEachBlock(config: NginxConfig, visit: (scope: Scope) => void): void {
    forEachScope(nginxModel(config).root, visit);
  }

  /** Visits `scope` and every block inside it, parents first, in text order. */
  forEachBlockIn(scope: Scope, visit: (scope: Scope) => void): void {
    forEachScope(scope, visit);
  }

  /**
   * The `server` blocks of a config whose TLS and listen set-up can be judged: in an http
   * context, not in a templated file, and with no unread include on the way to them.
   */
  servers(config: NginxConfig): readonly Scope[] {
    return judgedServers(config);
  }

  /** A location's name and modifier as nginx reads them, or the modifier nginx refuses. */
  location(d: NginxDirective): LocationName | { invalidModifier: string } {
    return locationName(d);
  }

  /** Every pass directive (uwsgi_pass, proxy_pass, ...) of a config, or of the run, with where it connects. */
  passTargets(config?: NginxConfig): readonly PassTarget[] {
    if (config) return nginxModel(config).passTargets;
    const out: PassTarget[] = [];
    for (const c of this.project.nginx) out.push(...nginxModel(c).passTargets);
    return out;
  }

  /** The `upstream` blocks of a config, by lower-case name. */
  upstreams(config: NginxConfig): ReadonlyMap<string, Upstream> {
    return nginxModel(config).upstreams;
  }

  /** The `user` line of a main config, if it has one. */
  workerUser(config: NginxConfig): NginxDirective | null {
    return nginxModel(config).workerUser;
  }

  /** The directives named `name` in force in `scope`: the nearest level that sets any (nginx's inheritance). */
  effective(scope: Scope, name: string): readonly NginxDirective[] {
    return effective(scope, name);
  }

  /** The directives named `name` at exactly this level, includes inlined. */
  atLevel(scope: Scope, name: string): readonly NginxDirective[] {
    return directivesNamed(scope, name);
  }

  /** The nearest block of `kind` around `scope` (itself included). */
  enclosing(scope: Scope, kind: ScopeKind): Scope | null {
    return enclosing(scope, kind);
  }

  /** The address a `listen` binds, as nginx prints it; null when computed or a host name. */
  listen(d: NginxDirective): ListenAddress | null {
    return listenAddress(d);
  }

  /** Whether any listen of the run has ssl / default_server; null when a syntax error hides some. */
  listenFlags(): ListenFlags | null {
    return listenFlags(this.project);
  }

  /** Whether a block or one around it has an include the run could not read: what it sets is not known. */
  unseenInclude(scope: Scope, config: NginxConfig): boolean {
    return hasUnseenInclude(scope, config);
  }

  /** unseenInclude(), or an unread include at any level inside the block. */
  unseenIncludeWithin(scope: Scope, config: NginxConfig): boolean {
    return hasUnseenIncludeWithin(scope, config);
  }

  /** Whether a template fills in the line, or it sits in a file with template tags. */
  templated(d: NginxDirective): boolean {
    return isTemplated(d) || inTemplatedFile(d);
  }

  /** Whether a template fills in one of `lines` (or one sits in a templated file). */
  anyTemplated(lines: readonly NginxDirective[]): boolean {
    return anyTemplated(lines);
  }

  /** Whether nginx reads the whole http block before any syntax error (its end-of-block checks then run). */
  httpBlockComplete(config: NginxConfig): boolean {
    return httpBlockComplete(config);
  }

  // Added for the pair rules (pair/missing-params)

  /** The files an `include` line brought into a config; none when it matched nothing or was not read. */
  included(config: NginxConfig, include: NginxDirective): readonly NginxFile[] {
    return config.included.get(include) ?? [];
  }
}

/** Buckets each in run order, merged into run order. */
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
