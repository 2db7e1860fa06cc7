// nginx/status-page-exposed: `stub_status` (or the traffic-status module's
// `vhost_traffic_status_display`) that any client reaches: no allow/deny that turns an arbitrary
// address away, and no authentication in force. The page tells anyone the server's load,
// connection counts and (for the traffic-status page) the upstream addresses: reconnaissance for
// an attack, or a measure of one. Facts: ngx_http_access_module (first matching rule decides, a
// level with its own rules does not inherit the outer ones), ngx_http_core_access_phase
// (`satisfy any`: a client the rules allow skips authentication; `satisfy all`: both must pass),
// ngx_http_auth_basic_handler (declines without a user file); gixy's status_page_exposed (MEDIUM).
// Not judged: a location no client enters directly (named, `internal`), a server that listens
// only on unix sockets. A server that listens only on loopback addresses is reported as info:
// local users and an SSRF in an app behind it still reach the page.
import type { Rule } from '../src/rule.js';
import {
  accessRules,
  accessRulesLevel,
  answerFor,
  authenticationInForce,
  enclosingLocation,
  internalOnlyLocation,
  publicAccess,
  serverClients,
  wordSpan,
} from '../src/query/index.js';

const STATUS_PAGES = ['stub_status', 'vhost_traffic_status_display'];

export const rule: Rule = {
  meta: {
    id: 'nginx/status-page-exposed',
    description: 'A status page (stub_status) that any client reaches: no allow/deny or authentication restricts it',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 5.3,
    fixable: false,
    precision: 'high',
    gixy: ['status_page_exposed'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const lines of nginx.directivesEach(STATUS_PAGES)) {
      for (const { directive: d, scope } of lines) {
        if (d.args[0]?.value === 'off') continue; // `vhost_traffic_status_display off`
        const location = enclosingLocation(scope);
        if (location !== null && internalOnlyLocation(location)) continue;
        if (publicAccess(scope) !== 'open') continue;
        const clients = serverClients(scope);
        const level = accessRulesLevel(scope);
        const rules = level === null ? [] : accessRules(level);
        const satisfyAny = nginx.effective(scope, 'satisfy').at(-1)?.args[0]?.value === 'any';
        const auth = authenticationInForce(scope);
        // The rule that lets an arbitrary client in, if one does (else none matched, and no authentication is in force).
        const dualStack = clients.families.has('ipv4') && clients.families.has('ipv6');
        const family = [...clients.families].find((f) => answerFor(rules, f, dualStack) === 'allow');
        const universal = rules.filter((r) => r.name === 'allow' && isUniversal(r.args[0]?.value ?? ''));
        const by = family === undefined ? null : (universal.find((r) => (r.args[0]?.value.includes(':') ?? false) === (family === 'ipv6') || r.args[0]?.value === 'all') ?? universal[0] ?? null);
        const open = { family: family ?? 'ipv4', by };
        const everyone = open.by?.args[0]?.value === 'all' ? 'every client' : `every ${open.family === 'ipv6' ? 'IPv6' : 'IPv4'} client`;
        const why =
          open.by !== null
            ? `"allow ${open.by.args[0]?.value}" matches ${everyone} before any deny (the first matching rule decides)${satisfyAny && auth !== null ? `, and under "satisfy any" that skips "${auth.name}"` : ''}`
            : // no rule decided for an arbitrary client, and so no authentication is in force either
              rules.length === 0
              ? 'neither allow/deny rules nor authentication are in force here'
              : 'the allow/deny rules in force here end without "deny all", so addresses they do not name are let through, and no authentication is in force';
        const fix = open.by !== null ? `remove "allow ${open.by.args[0]?.value}"` : 'add "allow <your monitoring address>; deny all;" in this location';
        const where = clients.loopbackOnly ? 'any client of this host (the server listens on loopback only: local users, and an SSRF in an app behind it)' : 'any client';
        const message = `${d.name} is reachable by ${where}: ${why}; the page tells anyone the server's connection counts and load. ${fix[0].toUpperCase()}${fix.slice(1)}`;
        context.report({ span: wordSpan(d), message, severity: clients.loopbackOnly ? 'info' : undefined });
      }
    }
  },
};

function isUniversal(value: string): boolean {
  return value === 'all' || /^0+\.0+\.0+\.0+\/0$/.test(value) || value === '::/0';
}
