// nginx/ssrf: a pass target whose scheme or host comes from the request: `proxy_pass
// http://$arg_host/`, `proxy_pass $1://$2/$3` from `location ~ /proxy/(.*)/(.*)/(.*)`,
// `proxy_pass http://$http_x_backend`. Anyone can then make nginx fetch any address it reaches
// (cloud metadata at 169.254.169.254, admin ports on localhost). Facts: gixy's ssrf (HIGH):
// a variable counts when it can hold a `.` (a host name or address) and is not in an
// `internal` location (reachable only by error_page, try_files, X-Accel-Redirect, rewrite).
// Followed here too: `set` and `map` values, and captures of the location's or an if's regex.
// A named location (`location @x`) is judged when a try_files or error_page of its server (or of
// http) jumps to it: ngx_http_named_location keeps the request's arguments and headers, so
// `$arg_host` there is still the client's. One only the backend can name (X-Accel-Redirect) is not.
// A `map`/`geo` variable whose every value (its default too: "" when absent) has a `/` past any
// `scheme://` ends the host part: what follows it is the path (`http://$prefix$arg_host` with
// `default "/d/"`), as gixy's must_contain("/").
// Who reaches the line counts too: where allow/deny turn an arbitrary client away (a forward
// proxy for the office network) or the server listens only on a unix socket, no outsider can
// steer it, and nothing is reported; where only authenticated clients or local ones (loopback
// listens) get through, it is a warning that says so.
import { fromRequest, groupCan, hostPart, publicAccess, serverClients, variablesIn, wordSpan, type NginxQuery, type PublicAccess, type Scope, type ScopedDirective } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const PASS = new Set(['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass']);

/** The innermost location around `scope`, through `if` blocks. */
function locationOf(scope: Scope): Scope | null {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === 'location') return s;
  return null;
}

function serverOf(scope: Scope): Scope | null {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === 'server') return s;
  return null;
}

/** The lines that jump to a named location: `try_files ... @name` and `error_page ... @name`, by name. */
function jumpTargets(nginx: NginxQuery): Map<string, ScopedDirective[]> {
  const targets = new Map<string, ScopedDirective[]>();
  for (const lines of nginx.directivesEach(['try_files', 'error_page'])) {
    for (const item of lines) {
      const last = item.directive.args.at(-1)?.value;
      if (!last?.startsWith('@')) continue;
      const from = targets.get(last) ?? [];
      from.push(item);
      targets.set(last, from);
    }
  }
  return targets;
}

const OPENNESS: Record<PublicAccess, number> = { closed: 0, authenticated: 1, open: 2 };

/**
 * Who from outside gets to the pass line: the access phase of its location (publicAccess). An
 * `internal` location: nobody. A named location: only through a try_files or error_page of its
 * server (or of http) that jumps to it. try_files runs after the access phase of its own
 * location, so a client must pass both; error_page jumps on any error, 401 and 403 included, so
 * only the named location's own rules count.
 */
function reach(nginx: NginxQuery, scope: Scope, targets: () => Map<string, ScopedDirective[]>): PublicAccess {
  const own = publicAccess(scope);
  const s = locationOf(scope);
  if (s === null || own === 'closed') return own;
  if (nginx.atLevel(s, 'internal').length > 0) return 'closed';
  const location = s.directive ? nginx.location(s.directive) : null;
  if (location === null || 'invalidModifier' in location || !location.named) return own;
  const server = serverOf(s);
  let best: PublicAccess = 'closed';
  for (const jump of targets().get(location.name) ?? []) {
    const from = serverOf(jump.scope);
    if (from !== null && from !== server) continue;
    const before = jump.directive.name === 'try_files' ? publicAccess(jump.scope) : 'open';
    const access = OPENNESS[before] < OPENNESS[own] ? before : own;
    if (OPENNESS[access] > OPENNESS[best]) best = access;
  }
  return best;
}

/** The values a `map` or `geo` block gives its variable, its default included ("" when it has none). */
function valuesOf(block: Scope): string[] | null {
  const d = block.directive;
  if (!d) return null;
  const values: string[] = [];
  let hasDefault = false;
  for (const entry of block.directives) {
    if (d.name === 'map' && (entry.name === 'hostnames' || entry.name === 'volatile')) continue;
    if (d.name === 'geo' && ['ranges', 'proxy_recursive', 'proxy', 'delete'].includes(entry.name)) continue;
    if (entry.name === 'include') return null; // values the run may not see
    if (entry.name === 'default') hasDefault = true;
    const value = entry.args[0]?.value;
    if (value === undefined) continue;
    values.push(value);
  }
  if (!hasDefault) values.push('');
  return values;
}

/** Whether a `map`/`geo` variable always holds a `/` or `?` past a leading `scheme://`, with no variable in it. */
function alwaysHasPath(nginx: NginxQuery, item: ScopedDirective, name: string): boolean {
  const blocks = [...nginx.blocks(item.config, 'map'), ...nginx.blocks(item.config, 'geo')].filter((b) => (b.directive?.args.at(-1)?.value ?? '') === `$${name}`);
  if (blocks.length !== 1) return false;
  const block = blocks[0];
  const values = valuesOf(block);
  if (values === null) return false;
  // geo values are literal strings (ngx_http_geo_value); map values may hold variables.
  return values.every((v) => (block.directive?.name === 'geo' || !v.includes('$')) && /[/?]/.test(v.replace(/^[^/?]*:\/\//, '')));
}

export const rule: Rule = {
  meta: {
    id: 'nginx/ssrf',
    description: 'A pass target whose host comes from the request: anyone can make nginx connect anywhere (SSRF)',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    securitySeverity: 9.1,
    fixable: false,
    precision: 'high',
    gixy: ['ssrf'],
  },
  check(context) {
    const nginx = context.query.nginx;
    let jumps: Map<string, ScopedDirective[]> | null = null;
    const targets = () => (jumps ??= jumpTargets(nginx));
    // Each pass line is judged on its own: one name at a time, no merging into list order.
    for (const lines of nginx.directivesEach(PASS)) {
      for (let i = 0; i < lines.length; i++) {
        const item = lines[i];
        const { directive: d, scope } = item;
        // A target without a variable goes where it says (most of them: no `$` at all).
        if (!d.args[0] || !d.args[0].value.includes('$')) continue;
        let host = hostPart(d.args[0].value);
        const pathStart = variablesIn(host).find((use) => alwaysHasPath(nginx, item, use.name));
        if (pathStart) host = host.slice(0, pathStart.end);
        const hit = nginx.taintedVariable(scope, host, (n) => (fromRequest(n) && n !== 'uri' && n !== 'document_uri' && n !== 'request_uri' ? 'request data' : null), (_re, group, subject) => fromRequest(subject) && groupCan(group, '.'));
        if (!hit) continue;
        const access = reach(nginx, scope, targets);
        if (access === 'closed') continue;
        const loopback = serverClients(scope).loopbackOnly;
        const who = access === 'authenticated' ? 'a client that passes the authentication in force' : loopback ? 'a client on this host (the server listens on loopback only)' : 'a client';
        const named = locationOf(scope)?.directive?.args[0]?.value.startsWith('@') === true;
        const via = named ? ' (a try_files or error_page jumps to this named location with the client\'s request)' : '';
        const message = `the host of this ${d.name} comes from $${hit.name} (${hit.why})${via}: ${who} can point nginx at any server it reaches, such as 169.254.169.254 or localhost (SSRF); name the backends in an upstream or a map of fixed values${named ? '' : ', or mark the location "internal"'}`;
        context.report({ span: wordSpan(d, d.args[0]), message, severity: access === 'authenticated' || loopback ? 'warning' : undefined });
      }
    }
  },
};
