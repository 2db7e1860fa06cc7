// The value of an option in force: the one answer the rules, the socket reader and the pair rules
// read. uWSGI's single-valued handlers (core/uwsgi.c uwsgi_opt_set_str, uwsgi_opt_set_int, ...)
// overwrite their field, and the names of one option write the same field (`protocol` and
// `socket-protocol` both set uwsgi.protocol; `workers` and `processes` uwsgi.numproc), so the last
// line that applies, under any of the names, is the one in force.
import type { UwsgiConfig, UwsgiOption } from './ast.js';
import { isFalse, namesOf } from './options.js';

/** The option is in effect (not a bare placeholder, not in a logic branch known not to run). */
export function applies(option: UwsgiOption): boolean {
  return !option.placeholderOnly && option.logic?.taken !== false;
}

/** Some `ini`/`include` of the config was not read: its options and placeholders are unknown. */
export function hasUnreadIncludes(config: UwsgiConfig): boolean {
  return config.includes.some((include) => include.status !== 'loaded');
}

export interface InForce {
  /** The line in force: the last that applies under the key or one of its aliases; undefined: not set. */
  option: UwsgiOption | undefined;
  /**
   * Whether the run knows the value in force: every include was read, no line setting it sits in
   * a logic branch that was not evaluated, and its value is known (no template, no `$(VAR)` the
   * run did not provide). Unknown with no option: an unread include or an open branch may set it.
   */
  known: boolean;
}

/** The value in force for `key` (aliases included), with whether the run knows it. */
export function inForce(config: UwsgiConfig, key: string): InForce {
  const names = namesOf(key);
  let option: UwsgiOption | undefined;
  let known = !hasUnreadIncludes(config);
  for (const o of config.options) {
    if (!names.has(o.key) || !applies(o)) continue;
    if (o.logic?.taken === null) known = false;
    option = o;
  }
  // A `$(VAR)` the environment lacks stays in the value as text (core/utils.c uwsgi_apply_config_pass).
  if (option && (option.value === null || (option.rawValue.includes('$(') && option.value.includes('$(')))) known = false;
  return { option, known };
}

/** Every line that applies for `key` or one of its aliases, in order. */
export function settings(config: UwsgiConfig, key: string): UwsgiOption[] {
  const names = namesOf(key);
  return config.options.filter((o) => names.has(o.key) && applies(o));
}

/** A boolean option in force and not false (uwsgi_opt_true); a value the run does not know counts as on. */
export function isOn(config: UwsgiConfig, key: string): boolean {
  return turnedOn(inForce(config, key).option);
}

/** The line in force (of a boolean option) turns it on: set, and not to a false value. */
export function turnedOn(option: UwsgiOption | undefined): boolean {
  return option !== undefined && (option.value === null || !isFalse(option.value));
}
