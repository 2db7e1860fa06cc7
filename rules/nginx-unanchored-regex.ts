// nginx/unanchored-regex: a regex location with no anchor on some branch, neither `^`/`\A` at
// its start nor `$`/`\z`/`\Z` at its end, matches its text anywhere in the path:
// `location ~ \.php` also takes `/upload/x.php.jpg` and `/a.php/b.png`, `location ~ /admin/`
// also takes `/x/admin/`. A branch counts as anchored when an anchor stands on every path
// through it (`(^/a|/b$)`, `(^/a)+`, a lookahead `(?=^/a)`), as PCRE matches it.
// Info: the location takes more than it seems to; warning when it lifts access control
// (auth_basic off, allow all, satisfy any, auth_request off), even for a regex anchored only at
// its end that starts with a path segment (`~ /public/.*$` takes `/private/public/x`).
// A location that refuses what it matches (deny all, return 403) is not judged: for it, matching
// anywhere is the point (`location ~ /\.` for dot files in any directory). A regex the reader
// cannot read is not judged.
import { anchoredSomewhere, parseRegex, wordSpan, type NginxDirective, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

function liftsAccessControl(d: NginxDirective): boolean {
  return (d.block ?? []).some((c) => (c.name === 'auth_basic' && c.args[0]?.value === 'off') || (c.name === 'allow' && c.args[0]?.value === 'all') || (c.name === 'satisfy' && c.args[0]?.value === 'any') || (c.name === 'auth_request' && c.args[0]?.value === 'off'));
}

/** Whether the location refuses what it matches (deny all, return 403/404/410/444): matching more is safer. */
function refuses(d: NginxDirective): boolean {
  return (d.block ?? []).some((c) => (c.name === 'deny' && c.args[0]?.value === 'all') || (c.name === 'return' && /^(403|404|410|444)$/.test(c.args[0]?.value ?? '')));
}

export const rule: Rule = {
  meta: {
    id: 'nginx/unanchored-regex',
    description: 'A regex location without ^ or $: it matches its text anywhere in the path',
    defaultSeverity: 'info',
    tags: ['security'],
    securitySeverity: 3.1,
    fixable: false,
    precision: 'high',
    gixy: ['unanchored_regex'],
  },
  check(context) {
    const nginx = context.query.nginx;
    // Lifting access control matters only where some is in force around the location.
    const restricted = (scope: Scope) =>
      nginx.effective(scope, 'deny').length > 0 || nginx.effective(scope, 'auth_basic').some((a) => a.args[0]?.value !== 'off') || nginx.effective(scope, 'auth_request').some((a) => a.args[0]?.value !== 'off');
    for (const { directive: d, scope } of nginx.directives('location')) {
      if (!d.block) continue;
      const location = nginx.location(d);
      if ('invalidModifier' in location || !location.regex) continue;
      const text = location.name;
      const parsed = parseRegex(text);
      if (!parsed) continue;
      const word = d.args[d.args.length - 1];
      const relaxes = liftsAccessControl(d) && restricted(scope);
      // `/admin`, `/.well-known`, `/static\.files/`: the path segment the regex starts with.
      const segment = /^\/(?:[A-Za-z0-9_.-]|\\\.)+\/?/.exec(text)?.[0];
      const startsUnanchored = !text.startsWith('^') && !text.startsWith('\\A');
      if (anchoredSomewhere(parsed)) {
        // Anchored at the end only: a path segment still matches deeper in the path.
        if (!relaxes || !segment || !startsUnanchored) continue;
        const message = `"${text}" has no "^": it matches "${segment}" anywhere in the path, so "/x${segment}..." lands here too, and this location lifts access control; write "~ ^${text}"`;
        context.report({ span: wordSpan(d, word), message, severity: 'warning' });
        continue;
      }
      if (refuses(d)) continue;
      const example = segment ? `"/x${segment}..."` : 'any path with a match in the middle';
      const fix = segment || !startsUnanchored ? `"~ ^${text.replace(/^\^/, '')}"` : `"~ ${text}$"`;
      const message = `"${text}" has no anchor ("^" at the start or "$" at the end of each branch): it matches anywhere in the path, so ${example} lands here too${relaxes ? ', and this location lifts access control' : ''}; write ${fix}, or a prefix location`;
      context.report({ span: wordSpan(d, word), message, severity: relaxes ? 'warning' : 'info' });
    }
  },
};
