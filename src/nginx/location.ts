// How nginx reads a location's modifier and name (ngx_http_core_location, nginx 1.22.1): with two
// arguments the first must be `=`, `^~`, `~` or `~*`; with one, a leading `=`, `^~`, `~`, `~*`
// is the modifier and `@` names the location. Read by the rules about nesting and duplicates.
import type { NginxDirective } from './ast.js';

export interface LocationName {
  name: string;
  exact: boolean;
  regex: boolean;
  named: boolean;
}

/** A location's name and how it matches, or the modifier nginx refuses. */
export function locationName(d: NginxDirective): LocationName | { invalidModifier: string } {
  if (d.args.length === 2) {
    const mod = d.args[0].value;
    const name = d.args[1].value;
    if (mod === '=') return { name, exact: true, regex: false, named: false };
    if (mod === '^~') return { name, exact: false, regex: false, named: false };
    if (mod === '~' || mod === '~*') return { name, exact: false, regex: true, named: false };
    return { invalidModifier: mod };
  }
  const name = d.args[0]?.value ?? '';
  if (name.startsWith('=')) return { name: name.slice(1), exact: true, regex: false, named: false };
  if (name.startsWith('^~')) return { name: name.slice(2), exact: false, regex: false, named: false };
  if (name.startsWith('~*')) return { name: name.slice(2), exact: false, regex: true, named: false };
  if (name.startsWith('~')) return { name: name.slice(1), exact: false, regex: true, named: false };
  return { name, exact: false, regex: false, named: name.startsWith('@') };
}
