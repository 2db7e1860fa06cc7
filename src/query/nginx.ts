// What a rule asks of the nginx configs of a run. Every list it hands out is already filtered the
// way a verdict needs: lines past a syntax error are never in it, lines a template fills in (and
// lines of a file with template tags) are left out unless a rule asks for them, and a line that
// several includes reach is handed out once per place it stands (`lines()` gives each line once).
import type { ListenAddress } from '../nginx/address.js';
import { NginxAnalysis, type ListenFlags } from '../nginx/analysis.js';
import type { NginxDirective, NginxFile } from '../nginx/ast.js';
import type { DirectiveContext } from '../nginx/context.js';
import type { BlockLines, DirectiveList, JudgedItem, ScopedDirective } from '../nginx/directive-list.js';
import { judge, type Verdict } from '../nginx/directive-table.js';
import { locationName, type LocationName } from '../nginx/location.js';
import { directivesNamed, effective, enclosing as enclosingScope, forEachScope, type NginxModel, type ScopeKind, type PassTarget, type Scope, type Upstream } from '../nginx/model.js';
import { taintedVariable, type CaptureTest, type Taint } from '../nginx/security/variables.js';
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
  /** One config's part of the run's lists, kept: each list keeps the items it made by name. */
  private readonly perConfig = { judged: new Map<NginxConfig, DirectiveList>(), all: new Map<NginxConfig, DirectiveList>() };
  private readonly analysis: NginxAnalysis;
  private targetsByDirective: Map<NginxDirective, PassTarget> | null = null;

  constructor(private readonly project: Project) {
    this.analysis = new NginxAnalysis(project);
  }

  /** The linted nginx configs: each a root file with the files its includes brought in. */
  get configs(): readonly NginxConfig[] {
    return this.project.nginx;
  }

  private list(options: DirectiveQuery = {}): DirectiveList {
    const lists = this.analysis.lists();
    const all = options.templated ? lists.scoped : lists.judged;
    const config = options.config;
    if (!config || this.project.nginx.length === 1) return all;
    const kept = options.templated ? this.perConfig.all : this.perConfig.judged;
    let mine = kept.get(config);
    if (!mine) {
      mine = all.forConfig(config);
      kept.set(config, mine);
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

  /**
   * The lines with a `$` in an argument (the lines that may read a variable), each once however
   * many places include it, in run order: for a rule about variables, instead of walking every
   * line of the run.
   */
  variableLines(options?: DirectiveQuery): readonly NginxDirective[] {
    return this.list(options).variableLines();
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
    const { run } = this.analysis.lists();
    const places = run.refusedPlaces.get(kind) ?? [];
    return places.map((place) => ({ item: run.itemAt(place), verdict: run.verdictAt(place) }));
  }

  /** The context nginx reads a block's lines in; null when not known (a fragment nobody includes, a map body). */
  contextOf(scope: Scope): DirectiveContext | null {
    return scope.context;
  }

  /** The top level of a config, includes inlined. */
  root(config: NginxConfig): Scope {
    return this.analysis.model(config).root;
  }

  /** Every block of a config opened by a directive named `name`. */
  blocks(config: NginxConfig, name: string): readonly Scope[] {
    return this.analysis.model(config).blocks.get(name) ?? NO_SCOPES;
  }

  /** Visits every block of a config, parents first, in text order. */
  forEachBlock(config: NginxConfig, visit: (scope: Scope) => void): void {
    const scopes = this.analysis.model(config).scopes;
    for (let i = 0; i < scopes.length; i++) visit(scopes[i]);
  }

  /** Visits `scope` and every block inside it, parents first, in text order. */
  forEachBlockIn(scope: Scope, visit: (scope: Scope) => void): void {
    const model = scope.parent === null ? this.analysis.modelOfRoot(scope) : undefined;
    if (model) for (let i = 0; i < model.scopes.length; i++) visit(model.scopes[i]);
    else forEachScope(scope, visit);
  }

  /**
   * The `server` blocks of a config whose TLS and listen set-up can be judged: in an http
   * context, not in a templated file, and with no unread include on the way to them.
   */
  servers(config: NginxConfig): readonly Scope[] {
    return this.analysis.judgedServers(config);
  }

  /** A location's name and modifier as nginx reads them, or the modifier nginx refuses. */
  location(d: NginxDirective): LocationName | { invalidModifier: string } {
    return locationName(d);
  }

  /** Every pass directive (uwsgi_pass, proxy_pass, ...) of a config, or of the run, with where it connects. */
  passTargets(config?: NginxConfig): readonly PassTarget[] {
    if (config) return this.analysis.model(config).passTargets;
    const out: PassTarget[] = [];
    for (const c of this.project.nginx) out.push(...this.analysis.model(c).passTargets);
    return out;
  }

  /** The pass target a pass directive (uwsgi_pass, proxy_pass, ...) makes, if it is one nginx reads. */
  passTargetOf(d: NginxDirective): PassTarget | undefined {
    if (this.targetsByDirective === null) {
      this.targetsByDirective = new Map();
      for (const t of this.passTargets()) if (!this.targetsByDirective.has(t.directive)) this.targetsByDirective.set(t.directive, t);
    }
    return this.targetsByDirective.get(d);
  }

  /** The `upstream` blocks of a config, by lower-case name. */
  upstreams(config: NginxConfig): ReadonlyMap<string, Upstream> {
    return this.analysis.model(config).upstreams;
  }

  /** The `user` line of a main config, if it has one. */
  workerUser(config: NginxConfig): NginxDirective | null {
    return this.analysis.model(config).workerUser;
  }

  /** The directives named `name` in force in `scope`: the nearest level that sets any (nginx's inheritance). */
  effective(scope: Scope, name: string): readonly NginxDirective[] {
    return effective(scope, name);
  }

  /** The directives named `name` at exactly this level, includes inlined. */
  atLevel(scope: Scope, name: string): readonly NginxDirective[] {
    return directivesNamed(scope, name);
  }


  /** The address a `listen` binds, as nginx prints it; null when computed or a host name. */
  listen(d: NginxDirective): ListenAddress | null {
    return this.analysis.listen(d);
  }

  /** Whether any listen of the run has ssl / default_server; null when a syntax error hides some. */
  listenFlags(): ListenFlags | null {
    return this.analysis.listenFlags();
  }

  /** Whether a block or one around it has an include the run could not read: what it sets is not known. */
  unseenInclude(scope: Scope, config: NginxConfig): boolean {
    return this.analysis.unseenIncludes(config).aroundOrAt(scope);
  }

  /** unseenInclude(), or an unread include at any level inside the block. */
  unseenIncludeWithin(scope: Scope, config: NginxConfig): boolean {
    return this.analysis.unseenIncludes(config).within(scope);
  }

  /** Whether a template fills in the line, or it sits in a file with template tags. */
  templated(d: NginxDirective): boolean {
    const templates = this.analysis.templates;
    return templates.templated(d) || templates.inTemplatedFile(d);
  }

  /** Whether a template fills in one of `lines` (or one sits in a templated file). */
  anyTemplated(lines: readonly NginxDirective[]): boolean {
    for (let i = 0; i < lines.length; i++) if (this.templated(lines[i])) return true;
    return false;
  }

  /** Whether nginx reads the whole http block before any syntax error (its end-of-block checks then run). */
  httpBlockComplete(config: NginxConfig): boolean {
    return this.analysis.httpBlockComplete(config);
  }

  /** Builds the models and the run's directive lists now (the first question would otherwise). */
  prepare(): void {
    this.analysis.lists();
  }

  /** The model of a config: its tree, upstreams, pass targets (for the query layer's own modules). */
  model(config: NginxConfig): NginxModel {
    return this.analysis.model(config);
  }


  /**
   * The first variable of `value` (a directive's argument in `scope`) whose content the client
   * controls as `direct` (named variables) or `capture` (regex groups) asks, traced through `set`,
   * `map` and the captures of the regexes around it.
   */
  taintedVariable(scope: Scope, value: string, direct: (name: string) => string | null, capture: CaptureTest): Taint | null {
    let root = scope;
    while (root.parent) root = root.parent;
    const maps = this.analysis.modelOfRoot(root)?.blocks.get('map') ?? NO_SCOPES;
    return taintedVariable(scope, maps, value, direct, capture);
  }

  /**
   * The directives named `names` by the block each stands in, in run order: a block's lines are
   * together in the run's list, so each block comes once, with its lines in text order (a line
   * several includes reach comes once per block it stands in). Made without items.
   */
  byBlock(names: string | readonly string[], options?: DirectiveQuery): readonly BlockDirectives[] {
    return this.list(options).byBlock(distinctNames(names));
  }

  /**
   * byBlock(), only the blocks with two lines or more of `names`: for a rule about lines that
   * repeat in a block, which most blocks do not hold twice (no group is made for them).
   */
  repeatedByBlock(names: string | readonly string[], options?: DirectiveQuery): readonly BlockDirectives[] {
    return this.list(options).byBlock(distinctNames(names), 2);
  }

  /** What nginx says of `d` where it stands, in `scope` (the verdict the items carry). */
  verdict(d: NginxDirective, scope: Scope): Verdict {
    return judge(d.name, scope.context, d.args.length, d.block !== null);
  }

  /**
   * Whether a template fills in the line itself, whatever its file: the rules about what nginx -t
   * refuses judge the other lines of a file with template tags (`templated()` leaves them out).
   */
  filledIn(d: NginxDirective): boolean {
    return this.analysis.templates.templated(d);
  }

  /** Whether the line sits in a file with template tags (`{% if %}`): its lines may not all reach nginx. */
  inTemplatedFile(d: NginxDirective): boolean {
    return this.analysis.templates.inTemplatedFile(d);
  }


  /**
   * Whether a line named `name` is written in any file the config reads, wherever it stands (past
   * a syntax error, templated, in any block): read from what the parser noted of each file, so a
   * rule about a name most configs never write (`ssl_certificate`) stops without walking them.
   */
  mentions(config: NginxConfig, name: string): boolean {
    return this.analysis.model(config).facts.names.has(name);
  }

  /** The files an `include` line brought into a config; none when it matched nothing or was not read. */
  included(config: NginxConfig, include: NginxDirective): readonly NginxFile[] {
    return config.included.get(include) ?? [];
  }

  // gixy parity (operations)
  /**
   * Whether a config is a whole main nginx.conf: its root file is read in the main context and
   * opens `events` or `http` at its top level. A sites-enabled fragment, or a main-level snippet
   * (`modules-enabled/*.conf`), is not: what the main config around it sets is not seen.
   */
  wholeMainConfig(config: NginxConfig): boolean {
    if (config.root.context !== 'main') return false;
    return this.root(config).children.some((c) => c.kind === 'events' || c.kind === 'http');
  }

  /** The nearest block of `kind` around `scope` (itself included): the server of a location. */
  enclosing(scope: Scope, kind: ScopeKind): Scope | null {
    return enclosingScope(scope, kind);
  }
}

/** A block and its lines of some names (byBlock). */
export type BlockDirectives = BlockLines;

/** One name, or several each once. */
function distinctNames(names: string | readonly string[]): readonly string[] {
  return typeof names === 'string' ? [names] : [...new Set(names)];
}

const NO_SCOPES: readonly Scope[] = Object.freeze([]);

/** Buckets each in run order, merged into run order (a sort: a k-way scan costs buckets x items). */
function mergeInListOrder(buckets: readonly (readonly ScopedDirective[])[]): ScopedDirective[] {
  const out: ScopedDirective[] = [];
  for (const bucket of buckets) for (let i = 0; i < bucket.length; i++) out.push(bucket[i]);
  return out.sort((x, y) => x.order - y.order);
}
