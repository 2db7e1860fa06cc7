// Rule options: what a rule declares it takes (meta.options), how a configured value is checked
// against it, and the options a rule sees, with the defaults filled in.

/** One rule option: its type, its default and what it means (shown by --list-rules --format json). */
export interface RuleOptionSpec {
  type: 'boolean' | 'number' | 'string' | 'string[]';
  default: boolean | number | string | readonly string[] | null;
  description: string;
  /** The gixy option this one answers (`https_only`), when a gixy check takes the same setting. */
  gixy?: string;
}

export type RuleOptionValue = boolean | number | string | readonly string[] | null;

/** A rule's options as the engine hands them over: every declared option, default filled in. */
export type RuleOptions = Readonly<Record<string, RuleOptionValue>>;

/** The rule's options: the declared defaults, overridden by what the configuration sets. */
export function optionsOf(declared: Readonly<Record<string, RuleOptionSpec>> | undefined, given: Readonly<Record<string, unknown>> | undefined): RuleOptions {
  const out: Record<string, RuleOptionValue> = {};
  for (const [name, spec] of Object.entries(declared ?? {})) out[name] = (given?.[name] as RuleOptionValue | undefined) ?? spec.default;
  return out;
}

/** Why a value does not fit an option spec, or null when it does. */
export function optionValueProblem(spec: RuleOptionSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'a list of strings';
    default:
      return typeof value === spec.type ? null : `a ${spec.type}`;
  }
}
