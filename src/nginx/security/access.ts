// Who gets past nginx's access phase, as far as the config tells: the allow/deny rules in force
// (ngx_http_access_module), the authentication modules in force, `satisfy`, and which clients a
// server accepts at all. Used by nginx/allow-without-deny, nginx/status-page-exposed and
// nginx/return-bypasses-allow-deny.
import type { NginxDirective } from '../ast.js';
import { locationName } from '../location.js';
import { directivesNamed, effective, type Scope } from '../model.js';

/**
 * The authentication line that runs for requests of `scope`, or null: auth_basic with a user file
 * (ngx_http_auth_basic_handler declines without one), auth_request, auth_jwt, auth_oidc; each
 * inherited from the nearest level that sets it, and `off` turns it off there.
 */
export function authenticationInForce(scope: Scope): NginxDirective | null {
  for (const name of ['auth_basic', 'auth_request', 'auth_jwt', 'auth_oidc']) {
    const d = effective(scope, name).at(-1);
    if (d === undefined || d.args[0] === undefined || d.args[0].value === 'off') continue;
    if (name === 'auth_basic' && effective(scope, 'auth_basic_user_file').length === 0) continue;
    return d;
  }
  return null;
}

/**
 * The level whose allow/deny lines are in force for requests of `scope`: the nearest one with any
 * (ngx_http_access_merge_loc_conf takes the outer rules only when a level has none of its own).
 * `if` blocks are skipped: allow/deny are not allowed there, their location's rules apply.
 */
export function accessRulesLevel(scope: Scope): Scope | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.kind === 'if' || s.kind === 'limit_except') continue;
    if (directivesNamed(s, 'allow').length > 0 || directivesNamed(s, 'deny').length > 0) return s;
  }
  return null;
}

/** The allow/deny lines of a level, in order. */
export function accessRules(level: Scope): NginxDirective[] {
  return level.directives.filter((d) => d.name === 'allow' || d.name === 'deny');
}

/** The innermost location around a scope (through `if` blocks); null at server level and above. */
export function enclosingLocation(scope: Scope): Scope | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.kind === 'location') return s;
    if (s.kind === 'server' || s.kind === 'http') return null;
  }
  return null;
}

/** Whether no client request enters a location directly: a named one (`@x`) or one marked `internal`. */
export function internalOnlyLocation(location: Scope): boolean {
  if (directivesNamed(location, 'internal').length > 0) return true;
  if (!location.directive) return false;
  const name = locationName(location.directive);
  return !('invalidModifier' in name) && name.named;
}

export type ClientFamily = 'ipv4' | 'ipv6';

/** The clients a server accepts over TCP, and whether every listening address is loopback or a unix socket. */
export interface ServerClients {
  families: Set<ClientFamily>;
  /** Some TCP listen (else only unix sockets). */
  tcp: boolean;
  /** Every TCP listen is a loopback address (127.0.0.0/8, ::1, localhost). */
  loopbackOnly: boolean;
}

/**
 * What the server around `scope` listens on. No `listen` is nginx's implicit `*:80`, IPv4 only
 * (ngx_http_core_server); `[::]:80` is IPv6 only unless `ipv6only=off`; a host name is resolved at
 * start-up (either family). Without a server (a fragment) both families are assumed.
 */
export function serverClients(scope: Scope): ServerClients {
  let server: Scope | null = scope;
  while (server && server.kind !== 'server') server = server.parent;
  const families = new Set<ClientFamily>();
  if (server === null) return { families: new Set(['ipv4', 'ipv6']), tcp: true, loopbackOnly: false };
  const listens = directivesNamed(server, 'listen');
  if (listens.length === 0) return { families: new Set(['ipv4']), tcp: true, loopbackOnly: false };
  let tcp = false;
  let loopbackOnly = true;
  for (const d of listens) {
    const v = d.args[0]?.value ?? '';
    if (v.startsWith('unix:')) continue;
    tcp = true;
    const host = v.startsWith('[') ? v.slice(1, v.indexOf(']')) : /^\d+$/.test(v) ? '*' : v.replace(/:\d+$/, '');
    if (!(host === 'localhost' || host === '::1' || /^127\./.test(host))) loopbackOnly = false;
    if (v.startsWith('[')) {
      families.add('ipv6');
      if (d.args.some((a) => a.value === 'ipv6only=off')) families.add('ipv4');
    } else if (host === '*' || /^[0-9.]+$/.test(host)) families.add('ipv4');
    else {
      families.add('ipv4');
      families.add('ipv6');
    }
  }
  return { families, tcp, loopbackOnly: tcp && loopbackOnly };
}

/** What the access module answers a client no allowlist names: allowed, denied, or no rule matched. */
export type AccessAnswer = 'allow' | 'deny' | 'none';

/**
 * The answer the rules give an arbitrary client of `family` (one that no narrower range names):
 * the first rule that matches every such client decides (ngx_http_access_inet stops at the first
 * match). `all` is in every family's list; `0.0.0.0/0` matches every IPv4 client, `::/0` every
 * IPv6 one. A dual-stack socket hands IPv4 clients over as IPv4-mapped addresses, checked against
 * the IPv4 rules when there are any and else against the IPv6 rules (ngx_http_access_handler).
 */
export function answerFor(rules: readonly NginxDirective[], family: ClientFamily, dualStack: boolean): AccessAnswer {
  const familyOf = (d: NginxDirective): ClientFamily | 'all' | 'unix' => {
    const v = d.args[0]?.value ?? '';
    if (v === 'all') return 'all';
    if (v.startsWith('unix:')) return 'unix';
    return v.includes(':') ? 'ipv6' : 'ipv4';
  };
  let list: ClientFamily = family;
  if (family === 'ipv4' && dualStack && !rules.some((d) => familyOf(d) === 'ipv4')) list = 'ipv6';
  for (const d of rules) {
    const f = familyOf(d);
    if (f !== 'all' && f !== list) continue;
    const v = d.args[0]?.value ?? '';
    const universal = f === 'all' || (f === 'ipv4' && /^0+\.0+\.0+\.0+\/0$/.test(v)) || (f === 'ipv6' && /^::\/0$/.test(v));
    if (universal) return d.name === 'allow' ? 'allow' : 'deny';
  }
  return 'none';
}

/** Who passes the access phase, from anywhere: everyone, only clients that authenticate, or nobody the rules do not name. */
export type PublicAccess = 'open' | 'authenticated' | 'closed';

/**
 * Whether an arbitrary client (one no narrower allow/deny range names) gets past the access phase
 * for requests of `scope`: the allow/deny rules in force, `satisfy` (any: an allowed client skips
 * authentication, a denied one may still authenticate), and the authentication in force. Judged
 * for each client family the server accepts; the most open answer wins. A server that listens
 * only on unix sockets is 'closed' to remote clients.
 */
export function publicAccess(scope: Scope): PublicAccess {
  const clients = serverClients(scope);
  if (!clients.tcp) return 'closed';
  const level = accessRulesLevel(scope);
  const rules = level === null ? [] : accessRules(level);
  const satisfyAny = effective(scope, 'satisfy').at(-1)?.args[0]?.value === 'any';
  const authenticated = authenticationInForce(scope) !== null;
  const dualStack = clients.families.has('ipv4') && clients.families.has('ipv6');
  let best: PublicAccess = 'closed';
  for (const family of clients.families) {
    const answer = answerFor(rules, family, dualStack);
    let access: PublicAccess;
    if (satisfyAny) access = answer === 'allow' || (answer === 'none' && !authenticated) ? 'open' : authenticated ? 'authenticated' : 'closed';
    else access = answer === 'deny' ? 'closed' : authenticated ? 'authenticated' : 'open';
    if (access === 'open') return 'open';
    if (access === 'authenticated') best = 'authenticated';
  }
  return best;
}
