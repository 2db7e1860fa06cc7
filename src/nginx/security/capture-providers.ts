// Which capture groups a `$N` can find filled, for a directive that runs no regex of its own
// (return, proxy_pass, add_header, set outside a matching `if`, ...). nginx keeps the captures of
// the last regex that matched with groups (ngx_http_regex_exec sets r->ncaptures only for a
// regex that has groups; a regex without groups, or one that fails, leaves them as they were).
// Which regex ran last depends on the request and on internal redirects, so the answer is the
// union over every regex that could run for a request the server takes: the location, `if`,
// rewrite and server_name regexes of the enclosing server (all its locations: an internal
// redirect can pass through any) and the regex keys of every `map` of the config (a map is
// evaluated when its variable is read, anywhere). Groups are numbered from 1, so the union is
// "1 to the most any of them has".
import type { NginxDirective } from '../ast.js';
import { locationName } from '../location.js';
import type { Scope } from '../model.js';
import { captureGroups } from './captures.js';
import { ifCondition } from './variables.js';

/** The most groups a regex of `scope` (and the blocks in it) has; null when one cannot be read or a line is templated. */
export function mostGroupsIn(scope: Scope, templated: (d: NginxDirective) => boolean, withMapsOnly = false): number | null {
  let most = 0;
  const stack: Scope[] = [scope];
  while (stack.length > 0) {
    const s = stack.pop()!;
    const inMap = s.directive?.name === 'map';
    for (const d of s.directives) {
      const patterns = inMap ? mapPattern(d) : withMapsOnly ? [] : providedPatterns(d);
      if (patterns.length === 0) continue;
      if (templated(d)) return null;
      for (const p of patterns) {
        const groups = captureGroups(p);
        if (groups === null) return null;
        most = Math.max(most, groups.parents.length);
      }
    }
    for (const child of s.children) stack.push(child);
  }
  return most;
}

/** The regex of a map entry whose key is one (`~re`, `~*re`). */
export function mapPattern(d: NginxDirective): string[] {
  const key = d.nameWord.value;
  return key.startsWith('~') ? [key.replace(/^~\*?/, '')] : [];
}

/** The regexes a line runs: a regex location, an `if` with ~ or !~, a rewrite, regex server names. */
function providedPatterns(d: NginxDirective): string[] {
  switch (d.name) {
    case 'location': {
      if (!d.block) return [];
      const l = locationName(d);
      return 'invalidModifier' in l || !l.regex ? [] : [l.name];
    }
    case 'if': {
      const c = d.block ? ifCondition(d) : null;
      return c ? [c.raw] : [];
    }
    case 'rewrite':
      return d.args[0] ? [d.args[0].value] : [];
    case 'server_name':
      return d.args.filter((a) => a.value.startsWith('~')).map((a) => a.value.replace(/^~\*?/, ''));
    default:
      return [];
  }
}
