// TEMPORARY, removed once every rule reads through src/query: the names rules imported from
// here before the query layer, answered by the run's NginxAnalysis.
import type { NginxDirective } from './ast.js';
import type { DirectiveContext } from './context.js';
import { NginxAnalysis } from './analysis.js';
import type { DirectiveList, JudgedItem, ScopedDirective } from './directive-list.js';
import type { Verdict } from './directive-table.js';
import { buildModel, type NginxModel, type Scope } from './model.js';
import { isTemplated, TemplateFacts } from './templated.js';
import type { NginxConfig, Project } from '../project.js';

export * from './directive-table.js';
export type { DirectiveContext } from './context.js';
export type { ScopedDirective, JudgedItem, DirectiveList } from './directive-list.js';
export type { ListenAddress } from './address.js';
export type { ListenFlags } from './analysis.js';
export { isTemplated };
export { httpBlockComplete, pastSyntaxError } from './syntax-reach.js';

const analyses = new WeakMap<Project, NginxAnalysis>();
const byConfig = new WeakMap<NginxConfig, NginxAnalysis>();

export function registerAnalysis(project: Project, analysis: NginxAnalysis): void {
  analyses.set(project, analysis);
  for (const c of project.nginx) byConfig.set(c, analysis);
}

function analysisOf(project: Project): NginxAnalysis {
  let a = analyses.get(project);
  if (!a) {
    a = new NginxAnalysis(project);
    registerAnalysis(project, a);
  }
  return a;
}

const loneModels = new WeakMap<NginxConfig, NginxModel>();

export function nginxModel(config: NginxConfig): NginxModel {
  const a = byConfig.get(config);
  if (a) return a.model(config);
  let m = loneModels.get(config);
  if (!m) {
    const t = new TemplateFacts();
    m = buildModel(config, (d) => t.templated(d));
    loneModels.set(config, m);
  }
  return m;
}

function analysisOfConfig(config: NginxConfig): NginxAnalysis {
  const a = byConfig.get(config);
  if (a) return a;
  return analysisOf({ cwd: '/', nginx: [config], uwsgi: [], settings: {} as Project['settings'], readFailures: [] });
}

export function contextOf(scope: Scope): DirectiveContext | null {
  return scope.context;
}
export function inTemplatedFile(d: NginxDirective): boolean {
  return new TemplateFacts().inTemplatedFile(d);
}
export function anyTemplated(lines: readonly NginxDirective[]): boolean {
  const t = new TemplateFacts();
  for (const d of lines) if (t.templated(d) || t.inTemplatedFile(d)) return true;
  return false;
}
export function scopedDirectives(project: Project): DirectiveList {
  return analysisOf(project).lists().scoped;
}
export function untemplatedDirectives(project: Project): DirectiveList {
  return analysisOf(project).lists().judged;
}
export function scopedByVerdict(project: Project, kind: Exclude<Verdict['kind'], 'ok'>): readonly JudgedItem[] {
  const { run } = analysisOf(project).lists();
  const places = run.refusedPlaces.get(kind) ?? [];
  return places.map((place) => ({ item: run.itemAt(place), verdict: run.verdicts[place] }));
}
export function listenFlags(project: Project) {
  return analysisOf(project).listenFlags();
}
export function listenAddress(d: NginxDirective) {
  return new NginxAnalysis({ cwd: '/', nginx: [], uwsgi: [], settings: {} as Project['settings'], readFailures: [] }).listen(d);
}
export function judgedServers(config: NginxConfig): readonly Scope[] {
  return analysisOfConfig(config).judgedServers(config);
}
export function hasUnseenInclude(scope: Scope, config: NginxConfig): boolean {
  return analysisOfConfig(config).unseenIncludes(config).aroundOrAt(scope);
}
export function hasUnseenIncludeWithin(scope: Scope, config: NginxConfig): boolean {
  return analysisOfConfig(config).unseenIncludes(config).within(scope);
}
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


export function configFacts(config: NginxConfig) {
  return nginxModel(config).facts;
}
export function blocksNamed(root: Scope, name: string): readonly Scope[] {
  for (const a of [...[]]) void a;
  const out: Scope[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (s.directive?.name === name) out.push(s);
    for (let i = s.children.length - 1; i >= 0; i--) stack.push(s.children[i]);
  }
  return out;
}
