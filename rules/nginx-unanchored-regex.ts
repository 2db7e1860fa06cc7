// nginx/unanchored-regex: `location ~ /admin/` without `^` matches the text anywhere in the
// path: `/public/x/admin/` and `/static/../admin/` (normalized first, but `/any/admin/` still)
// land in this location too. That matters when the location relaxes protection (auth_basic off,
// allow all, satisfy any): warning; otherwise info (the location takes more than it seems to).
// Only regexes that start with a literal path segment (`/name`) are judged: `\.php$` and `/\.`
// are meant to match anywhere.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/unanchored-regex',
    description: 'A regex location for a path prefix without ^: it also matches that text deeper in any path',
    defaultSeverity: 'info',
    tags: ['security'],
    fixable: false,
    precision: 'high',
    gixy: ['unanchored_regex'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const { directive: d } of nginx.directives('location')) {
      if (!d.block) continue;
      const location = nginx.location(d);
      if ('invalidModifier' in location || !location.regex) continue;
      const text = location.name;
      if (!/^\/[A-Za-z0-9_-]/.test(text)) continue;
      const word = d.args[d.args.length - 1];
      const relaxes = d.block.some((c) => (c.name === 'auth_basic' && c.args[0]?.value === 'off') || (c.name === 'allow' && c.args[0]?.value === 'all') || (c.name === 'satisfy' && c.args[0]?.value === 'any') || (c.name === 'auth_request' && c.args[0]?.value === 'off'));
      const segment = /^\/[A-Za-z0-9_-]+\/?/.exec(text)![0];
      const message = `"${text}" has no "^": it matches "${segment}" anywhere in the path, so "/x${segment}..." lands here too${relaxes ? ', and this location lifts access control' : ''}; write "~ ^${text}"`;
      context.report({ span: wordSpan(d, word), message, severity: relaxes ? 'warning' : 'info' });
    }
  },
};
