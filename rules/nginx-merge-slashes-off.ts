// nginx/merge-slashes-off: `merge_slashes off;` in a server with a location that restricts access
// (deny, auth_basic, auth_request, internal, return 401/403/404/444). nginx matches locations on
// the URI as the client sent it once slashes are no longer merged (ngx_http_parse_complex_uri
// merges them only with merge_slashes on), so `//admin/x` misses `location /admin/` and its
// `deny`, and another location serves it; a static root opens the same file, since the kernel
// reads `//` as `/`. test/e2e/paths.test.ts: `deny all` in `location /admin/` gives 403 for
// /admin/x.txt and the file for //admin/x.txt. nginx's docs: "for security considerations, it is
// better to avoid turning the compression off". This answers Gixy-Next's merge_slashes_on, which
// flags the opposite (`on`, nginx's default); docs/gixy-comparison.md says why we differ.
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan, type NginxDirective, type Scope } from '../src/query/index.js';

/** The directive of a location that keeps requests out, if any. */
function restriction(location: Scope, atLevel: (s: Scope, name: string) => readonly NginxDirective[]): NginxDirective | null {
  for (const name of ['deny', 'auth_basic', 'auth_request', 'internal', 'return']) {
    for (const d of atLevel(location, name)) {
      const arg = d.args[0]?.value ?? '';
      if ((name === 'auth_basic' || name === 'auth_request') && arg === 'off') continue;
      if (name === 'return' && !['401', '403', '404', '444'].includes(arg)) continue;
      return d;
    }
  }
  return null;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/merge-slashes-off',
    description: '`merge_slashes off` with a location that restricts access: "//admin/" misses "location /admin/" and its deny',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 6.5,
    fixable: false,
    precision: 'high',
    gixy: ['merge_slashes_on'],
  },
  check({ query, report }) {
    const nginx = query.nginx;
    for (const { directive: d, scope } of nginx.directives('merge_slashes')) {
      const word = d.args[0];
      if (word?.value.toLowerCase() !== 'off') continue;
      // The servers this line governs: its own, or those of its http block that do not set it again.
      const servers = scope.kind === 'server' ? [scope] : scope.children.filter((c) => c.kind === 'server' && nginx.atLevel(c, 'merge_slashes').length === 0);
      for (const server of servers) {
        let found: { location: NginxDirective; by: NginxDirective } | null = null;
        nginx.forEachBlockIn(server, (s) => {
          if (found || s.kind !== 'location' || !s.directive) return;
          const name = nginx.location(s.directive);
          if ('invalidModifier' in name || name.named) return;
          // `//x` still matches `location /` and an unanchored regex (`~ /admin` finds `/admin` in
          // `//admin`); a regex anchored on `^/` and any other prefix or exact name it misses.
          if (name.regex ? !name.name.startsWith('^/') : name.name === '/' || !name.name.startsWith('/')) return;
          const by = restriction(s, (l, n) => nginx.atLevel(l, n));
          if (by) found = { location: s.directive, by };
        });
        if (!found) continue;
        const { location, by } = found as { location: NginxDirective; by: NginxDirective };
        const name = location.args.map((a) => a.value).join(' ');
        const path = name.replace(/^(=|\^~|~\*?)\s*/, '').replace(/^\^/, '').replace(/[$\\()|*+?[\]]/g, '') || '/admin/';
        report({
          span: wordSpan(d, word),
          message: `merge_slashes off: nginx matches locations on the URI as sent, so a request for "/${path}" does not match "location ${name}" and skips its "${by.name}"; another location serves it (a root opens the same file, as the file system reads "//" as "/"); remove "merge_slashes off;" (nginx's default is on)`,
          related: [relatedAt(by, `the restriction "/${path}" skips`)],
        });
      }
    }
  },
};
