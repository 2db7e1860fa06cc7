// The run's directives as columns: every directive each linted config reaches (includes
// inlined, lines past a syntax error left out) with its scope, what nginx says of it and whether
// the security rules judge it, indexed by name (filled by src/nginx/collect-run.ts). The query
// layer reads it; rules never see it.
import type { NginxDirective } from './ast.js';
import type { DirectiveContext } from './context.js';
import { judge, type Verdict } from './directive-table.js';
import type { Scope } from './model.js';
import type { NginxConfig } from '../project.js';

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

export interface JudgedItem {
  item: ScopedDirective;
  verdict: Verdict;
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
export class RunColumns {
  readonly directives: NginxDirective[];
  readonly scopes: Scope[];
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

  /** Columns of `size` places, filled by collectRunDirectives (arrays of the exact size: no copies as they grow). */
  constructor(size: number) {
    this.directives = new Array<NginxDirective>(size);
    this.scopes = new Array<Scope>(size);
  }

  /** What nginx says of the directive at `place` (judge() answers each question once). */
  verdictAt(place: number): Verdict {
    const d = this.directives[place];
    return judge(d.name, this.scopes[place].context, d.args.length, d.block !== null);
  }

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
    return { directive: this.directives[place], scope, context: scope.context, config: this.configAt(place), verdict: this.verdictAt(place), order: place };
  }

  /** The config whose items hold `place`: the first whose end is past it (a run may have thousands). */
  private configAt(place: number): NginxConfig {
    const ends = this.configEnds;
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ends[mid].end <= place) low = mid + 1;
      else high = mid;
    }
    return ends[low].config;
  }

  /** Where each config's items start and end in the list. */
  rangeOf(config: NginxConfig): { from: number; to: number } | undefined {
    if (this.ranges === null) {
      this.ranges = new Map();
      let from = 0;
      for (const { config: c, end } of this.configEnds) {
        this.ranges.set(c, { from, to: end });
        from = end;
      }
    }
    return this.ranges.get(config);
  }

  private ranges: Map<NginxConfig, { from: number; to: number }> | null = null;
}

/** What lines() answers for a name no line has (read-only, like every answer). */
const NO_LINES: readonly NginxDirective[] = Object.freeze([]);

/** A block and its lines of some names (DirectiveList.byBlock). */
export interface BlockLines {
  scope: Scope;
  directives: NginxDirective[];
}

/** Sorted lists of places merged into one sorted list (the names of a list never share a place). */
function mergeSorted(lists: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const list of lists) for (let i = 0; i < list.length; i++) out.push(list[i]);
  return out.sort((a, b) => a - b);
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
    // Several rules ask for the same name (uwsgi_param: 75,000 places of a large pair are 15 lines).
    const known = this.linesByName.get(name);
    if (known) return known;
    const places = this.run.placesByName.get(name);
    if (!places) return NO_LINES;
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
    this.linesByName.set(name, out);
    return out;
  }

  private readonly linesByName = new Map<string, readonly NginxDirective[]>();

  private variableLineList: NginxDirective[] | null = null;

  /**
   * The lines with a `$` in some argument (a variable, or a regex's `$`), each once however many
   * places include it, in the order of their first place, found in one pass and without making
   * items: several rules read variables, and a loop of each over every place of a large run ran
   * cold once per rule (75,000 places of uwsgi_params lines in a large config are 15 lines).
   */
  variableLines(): readonly NginxDirective[] {
    if (this.variableLineList) return this.variableLineList;
    const out: NginxDirective[] = [];
    const seen = new Set<NginxDirective>();
    const directives = this.run.directives;
    const end = Math.min(this.to, this.run.size);
    for (let place = this.from; place < end; place++) {
      const d = directives[place];
      const args = d.args;
      let any = false;
      for (let k = 0; k < args.length; k++) {
        if (args[k].value.includes('$')) {
          any = true;
          break;
        }
      }
      // The set is asked only about the lines with a `$` (fewer than half of a run's places).
      if (!any || (this.judgedOnly && !this.run.isJudged(place)) || seen.has(d)) continue;
      seen.add(d);
      out.push(d);
    }
    this.variableLineList = out;
    return out;
  }

  /**
   * The list's lines named one of `names` by the block each stands in, in list order, without
   * making items: a block's lines are together in the list, so each block comes once, with its
   * lines in text order. For the rules that compare the lines of one block (most blocks have one
   * line of a name, and 20,000 `uwsgi_param` places of a large config are 15 lines in each of
   * 1,300 locations). With `atLeast`, only the blocks that hold that many of the lines.
   */
  byBlock(names: readonly string[], atLeast = 1): BlockLines[] {
    const groups: BlockLines[] = [];
    const lists: (readonly number[])[] = [];
    for (const name of names) {
      const places = this.run.placesByName.get(name);
      if (places) lists.push(places);
    }
    const places = lists.length === 1 ? lists[0] : mergeSorted(lists);
    const { directives, scopes } = this.run;
    let i = lowerBound(places, this.from);
    while (i < places.length && places[i] < this.to) {
      // A block's places are consecutive in the list of places: its lines in an array of their number.
      const scope = scopes[places[i]];
      let end = i + 1;
      while (end < places.length && places[end] < this.to && scopes[places[end]] === scope) end++;
      let count = end - i;
      if (this.judgedOnly && this.run.judged !== null) {
        count = 0;
        for (let k = i; k < end; k++) if (this.run.judged[places[k]]) count++;
      }
      if (count >= atLeast && count > 0) {
        const lines = new Array<NginxDirective>(count);
        let n = 0;
        for (let k = i; k < end; k++) if (!this.judgedOnly || this.run.isJudged(places[k])) lines[n++] = directives[places[k]];
        groups.push({ scope, directives: lines });
      }
      i = end;
    }
    return groups;
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
        matches = scope.context === context;
      }
      if (matches && (!this.judgedOnly || this.run.isJudged(place))) out.push(this.run.itemAt(place));
    }
    return out;
  }

  /** The part of this list that `config` reached (its items are together in the run's list). */
  forConfig(config: NginxConfig): DirectiveList {
    const range = this.run.rangeOf(config);
    if (!range) return new DirectiveList(this.run, this.judgedOnly, 0, 0);
    return new DirectiveList(this.run, this.judgedOnly, Math.max(range.from, this.from), Math.min(range.to, this.to));
  }
}
