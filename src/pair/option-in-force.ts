// The value of a single-valued uWSGI option in force, with whether the run can know it.
// LEAD: this belongs beside lastSetting() in src/uwsgi/options.ts (one "option in force" helper);
// fold it in there. It differs from lastSetting(): it matches the key as written (no aliases),
// skips placeholder-only lines, and says when the value is not known (an include not read, a
// logic branch that cannot be decided, a `$(VAR)` the run does not provide).
import type { UwsgiConfig, UwsgiOption } from '../uwsgi/ast.js';

/** The value of a single-valued option, with whether it is known: undefined option = not set. */
export function settled(config: UwsgiConfig, key: string): { option: UwsgiOption | undefined; known: boolean } {
  let option: UwsgiOption | undefined;
  let known = config.includes.every((i) => i.status === 'loaded');
  for (const o of config.options) {
    if (o.key !== key || o.placeholderOnly || o.logic?.taken === false) continue;
    if (o.logic?.taken === null) known = false;
    option = o;
  }
  if (option && (option.value === null || (option.rawValue.includes('$(') && option.value.includes('$(')))) known = false;
  return { option, known };
}
