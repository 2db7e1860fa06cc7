// nginx/return-bypasses-allow-deny: `return` (or a redirecting `rewrite`) where allow/deny are in
// force. The rewrite module's directives run in the (server) rewrite phase, and `return` ends the
// request there (ngx_http_rewrite_handler finalizes it with the code); allow/deny run later, in
// the access phase (ngx_http_access_handler), so they never see a request the return answers:
// `location /admin { allow 10.0.0.0/8; deny all; return 200 "secret"; }` answers everyone.
// A rewrite redirects from the rewrite phase too when its flag is redirect/permanent or its
// replacement starts with "http://", "https://" or "$scheme" (case-sensitive; ngx_http_rewrite).
// Facts: ngx_http_core_module phases (NGX_HTTP_SERVER_REWRITE_PHASE, NGX_HTTP_REWRITE_PHASE before
// NGX_HTTP_ACCESS_PHASE); gixy's return_bypasses_allow_deny (HIGH).
// The access rules in force are those of the nearest level that has any allow/deny (the array
// merge of ngx_http_access_merge_loc_conf). Not judged: a return answering 4xx/5xx (the client
// gets an error either way), rules without any `deny` (they restrict nothing), and a named or
// `internal` location that only inherits the rules: no client request enters it directly, and the
// request that jumped there passed the access phase of its own location first.
// Severity: error for content answered where an allowlist stands beside it (it was written for
// it); warning for content beside `deny` lines alone (a stub answered to everyone on purpose),
// for content in a location that inherits the rules (a health check in a locked-down server often
// answers everyone on purpose) and for a redirect beside the rules; info for a redirect under
// inherited rules (an http-to-https redirect in a locked-down server).
import type { Rule } from '../src/rule.js';
import { accessRules, accessRulesLevel, enclosingLocation, internalOnlyLocation, relatedAt, wordSpan, type NginxDirective, type Scope } from '../src/query/index.js';

/** What the line answers from the rewrite phase: a response with content, a redirect, or nothing that bypasses. */
function outcome(d: NginxDirective): 'content' | 'redirect' | null {
  if (d.name === 'rewrite') {
    const replacement = d.args[1]?.value ?? '';
    const flag = d.args[2]?.value;
    const absolute = replacement.startsWith('http://') || replacement.startsWith('https://') || replacement.startsWith('$scheme');
    return absolute || flag === 'redirect' || flag === 'permanent' ? 'redirect' : null;
  }
  const first = d.args[0]?.value;
  if (first === undefined) return null;
  if (!/^[0-9]+$/.test(first)) return 'redirect'; // `return URL`: a 302
  const code = Number(first);
  if (code >= 400) return null;
  return code >= 300 ? 'redirect' : 'content';
}

export const rule: Rule = {
  meta: {
    id: 'nginx/return-bypasses-allow-deny',
    description: '`return` or a redirecting `rewrite` where allow/deny are in force: it answers before the access phase, so allow/deny never apply',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    securitySeverity: 7.5,
    fixable: false,
    precision: 'high',
    gixy: ['return_bypasses_allow_deny'],
  },
  check(context) {
    const nginx = context.query.nginx;
    if (!nginx.has('deny')) return;
    for (const lines of nginx.directivesEach(['return', 'rewrite'])) {
      for (const { directive: d, scope } of lines) {
        const kind = outcome(d);
        if (kind === null) continue;
        const level = accessRulesLevel(scope);
        if (level === null) continue;
        const denies = nginx.atLevel(level, 'deny');
        if (denies.length === 0) continue;
        const location = enclosingLocation(scope);
        if (location !== null && level !== location && internalOnlyLocation(location)) continue;
        const rules = accessRules(level);
        const line = [d.name, ...d.args.map((w) => w.raw)].join(' ');
        const deny = `deny ${denies[0].args[0]?.value ?? ''}`;
        const answer = kind === 'content' ? 'every client gets this response' : 'every client gets this redirect';
        // Rules written beside the return (or around its `if`) were meant for it; rules a location
        // inherits from its server are often meant for the rest (a health check answering everyone).
        let own: Scope | null = scope;
        while (own && own.kind === 'if') own = own.parent;
        const sameLevel = own === level;
        // An allowlist says some clients were meant to get the response and others not; `deny all`
        // alone beside `return 200` is more often a stub answered to everyone on purpose.
        const allowlist = rules.some((r) => r.name === 'allow' && r.args[0]?.value !== 'all');
        const inherited = sameLevel ? '' : ` (inherited from the ${level.kind === 'location' ? 'enclosing location' : level.kind})`;
        const message = `"${line}" runs in the rewrite phase, before allow/deny (the access phase): "${deny}"${inherited} never applies to it and ${answer}; answer from the content phase instead ("try_files '' @name;" here, the ${d.name} in "location @name"), or test the address with "geo" and "if" before the ${d.name}`;
        context.report({ span: wordSpan(d), message, severity: kind === 'content' ? (sameLevel && allowlist ? 'error' : 'warning') : sameLevel ? 'warning' : 'info', related: rules.map((r) => relatedAt(r, `the access rule the ${d.name} bypasses`)) });
      }
    }
  },
};
