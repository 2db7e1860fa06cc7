// The value of a single-valued uWSGI option in force, with whether the run can know it.
// LEAD: this belongs with the uWSGI option readers (one "option in force" helper: wip/uwsgi's
// inForce in src/uwsgi/settings.ts); fold it in there. It is that helper without aliases: it
// matches the key as written, skips placeholder-only lines and branches not taken, and says when
// the value is not known (an include not read, a branch not decided, a `$(VAR)` not provided).
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
