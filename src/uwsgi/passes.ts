// The passes uWSGI runs over every collected value not consumed while reading (core/uwsgi.c main,
// once the whole config is read): `$(VAR)` from the environment, then `@(file)` (never read
// here), then `%(name)` placeholders. Also what they find: the placeholders nothing defines, and
// those defined in a cycle (core/utils.c uwsgi_apply_config_pass would expand them forever).
import { span, type SourceSpan } from '../diagnostic.js';
import { UNKNOWN, type NotEvaluatedKind, type PlaceholderCycle, type UndefinedPlaceholder, type UwsgiEnvironment, type UwsgiOption } from './ast.js';
import { applyPass, evaluatePipeline, pipelineNames, placeholderReferences, type PassLimits } from './expand.js';
import { own } from '../own.js';

/** An option as collected, with the value the passes work on. */
export interface Exported {
  key: string;
  value: string;
  /** Consumed while reading (an immediate option, a bare placeholder): the passes leave it alone. */
  configured: boolean;
  option: UwsgiOption;
}

export interface PassContext {
  /** The environment for `$(VAR)`; absent: not provided, every `$(VAR)` is unknown. */
  env: UwsgiEnvironment['env'];
  /** uWSGI 2.1 reads `$(VAR:-default)` and `$(VAR-default)`. */
  v21: boolean;
  limits: PassLimits;
  /** Records a part of a value that is not evaluated (an environment not provided, an `@()`, a template). */
  note(kind: NotEvaluatedKind, where: SourceSpan, text: string, message: string): void;
}

export interface PassOutcome {
  undefinedPlaceholders: UndefinedPlaceholder[];
  placeholderCycles: PlaceholderCycle[];
  /** Values whose `%()` expansion does not end, in order; `cycle`: the option is on a placeholder cycle. */
  unbounded: { exported: Exported; cycle: boolean }[];
}

/** The `$`, `@`, `%` passes over every value not consumed while reading, in uWSGI's order. */
export function runPasses(all: Exported[], context: PassContext): PassOutcome {
  const outcome: PassOutcome = { undefinedPlaceholders: [], placeholderCycles: [], unbounded: [] };
  // uwsgi_get_exported_opt: `%(name)` reads the first option collected under the name, as it stands.
  const first = new Map<string, Exported>();
  for (const exported of all) if (!first.has(exported.key)) first.set(exported.key, exported);
  const lookup = (name: string): string | null => first.get(name)?.value ?? null;
  const pending = all.filter((exported) => !exported.configured);
  const reasons = new Map<Exported, string>();
  const env = context.env;
  for (const exported of pending) {
    const result = applyPass(
      exported.value,
      '$',
      (name) => {
        if (!env) {
          context.note('env-unknown', refSpan(exported, `$(${name})`), `$(${name})`, `\`$(${name})\` depends on the environment, which was not provided`);
          reasons.set(exported, `$(${name}) is not known`);
          return UNKNOWN;
        }
        const found = own(env, name);
        if (found !== undefined) return found;
        if (context.v21) {
          const fallback = /^([^:-]*)(:?-)(.*)$/s.exec(name);
          if (fallback) {
            const inner = own(env, fallback[1]);
            return fallback[2] === ':-' ? (inner ? inner : fallback[3]) : inner ?? fallback[3];
          }
        }
        return null;
      },
      context.limits,
    );
    exported.value = result.value;
  }
  for (const exported of pending) {
    exported.value = applyPass(
      exported.value,
      '@',
      (target) => {
        context.note('at-file', refSpan(exported, `@(${target})`), `@(${target})`, `\`@(${target})\` is not read: the linter never reads, executes or fetches what \`@()\` names`);
        reasons.set(exported, `@(${target}) is not read`);
        return UNKNOWN;
      },
      context.limits,
    ).value;
  }
  outcome.placeholderCycles = findCycles(first);
  const cyclic = new Set(outcome.placeholderCycles.flatMap((cycle) => cycle.names));
  const reported = new Set<string>();
  for (const exported of pending) {
    const result = applyPass(
      exported.value,
      '%',
      (key) => {
        if (!key.includes(' ')) {
          const found = lookup(key);
          if (found === null) reportUndefined(outcome, exported, key, false, reported);
          return found;
        }
        const pipeline = evaluatePipeline(key, (name) => lookup(name));
        for (const name of pipeline.missing) reportUndefined(outcome, exported, name, true, reported);
        if (pipeline.value.includes(UNKNOWN)) {
          context.note('placeholder-pipeline', refSpan(exported, `%(${key})`), `%(${key})`, `\`%(${key})\` is computed from values that are not known`);
          reasons.set(exported, `%(${key}) is not known`);
        }
        return pipeline.value;
      },
      context.limits,
    );
    exported.value = result.value;
    if (result.exceeded) {
      exported.value = UNKNOWN;
      const names = cyclic.has(exported.key) ? ' (placeholder cycle)' : '';
      reasons.set(exported, `placeholder expansion does not terminate${names}`);
      outcome.unbounded.push({ exported, cycle: cyclic.has(exported.key) });
    }
  }
  for (const exported of all) {
    const option = exported.option;
    option.partialValue = exported.value;
    const reason = option.templated ? 'templated' : exported.value.includes(UNKNOWN) ? reasons.get(exported) ?? 'depends on values not known statically' : undefined;
    option.value = reason ? null : exported.value;
    if (reason) option.unevaluated = reason;
    if (option.templated) context.note('template', option.valueSpan, option.rawValue, `\`${option.key}\` holds template syntax; it is checked only after rendering`);
  }
  return outcome;
}

function reportUndefined(outcome: PassOutcome, exported: Exported, name: string, inPipeline: boolean, reported: Set<string>): void {
  const raw = exported.option.rawValue;
  const text = inPipeline ? name : `%(${name})`;
  const at = raw.indexOf(text);
  // Report where it is written; a reference brought in by another value is reported there.
  if (at < 0 && !inPipeline) return;
  const id = `${exported.option.entry.source.path}:${exported.option.entry.index}:${name}`;
  if (reported.has(id)) return;
  reported.add(id);
  outcome.undefinedPlaceholders.push({ name, span: refSpan(exported, text), inPipeline });
}

/** Span of `text` inside the option's written value, or the whole value. */
function refSpan(exported: Exported, text: string): SourceSpan {
  const valueSpan = exported.option.valueSpan;
  const entry = exported.option.entry;
  const at = entry.rawValue.indexOf(text);
  if (at < 0 || valueSpan.start !== entry.valueStart) return valueSpan;
  return span(entry.source, entry.valueStart + at, entry.valueStart + at + text.length);
}

/** Cycles among first definitions, through the placeholders their values reference (at most 50). */
function findCycles(first: ReadonlyMap<string, Exported>): PlaceholderCycle[] {
  const cycles: PlaceholderCycle[] = [];
  const edges = new Map<string, string[]>();
  for (const [name, exported] of first) {
    const targets = placeholderReferences(exported.value).flatMap((ref) => pipelineNames(ref.name)).filter((target) => first.has(target));
    if (targets.length > 0) edges.set(name, [...new Set(targets)]);
  }
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    state.set(name, 'active');
    path.push(name);
    for (const target of edges.get(name) ?? []) {
      if (state.get(target) === 'active') {
        const names = [...path.slice(path.indexOf(target)), target];
        const id = [...names.slice(0, -1)].sort().join('\0');
        if (!seen.has(id) && cycles.length < 50) {
          seen.add(id);
          const from = first.get(names[names.length - 2])!;
          cycles.push({ names, span: refSpan(from, `%(${target})`) });
        }
      } else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const name of edges.keys()) if (!state.has(name)) visit(name);
  return cycles;
}
