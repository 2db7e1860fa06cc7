// nginx/unanchored-regex: `location ~ /admin/` without `^` matches the text anywhere in the
// path: `/public/x/admin/` and `/static/../admin/` (normalized first, but `/any/admin/` still)
// land in this location too. That matters when the location relaxes protection (auth_basic off,
// allow all, satisfy any): warning; otherwise info (the location takes more than it seems to).
// Only regexes that start with a literal path segment (`/name`) are judged: `\.php$` and `/\.`
// are meant to match anywhere.
import type { Rule } from '../src/rule.js';
import { judgedDirectives, reporter } from '../src/nginx/security/walk.js';
import { locationRegexText } from '../src/nginx/security/variables.js';
import { named } from '../src/nginx/directives.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/unanchored-regex',
    description: 'A regex location for a path prefix without ^: it also matches that text deeper in any path',
    defaultSeverity: 'info',
    tags: ['security'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const report = reporter(context);
    for (const { directive: d } of named(judgedDirectives(context.project), ['location'])) {
      if (d.name !== 'location' || !d.block) continue;
      const text = locationRegexText(d);
      if (text === null || !/^\/[A-Za-z0-9_-]/.test(text)) continue;
      const word = d.args[d.args.length - 1];
      const relaxes = d.block.some((c) => (c.name === 'auth_basic' && c.args[0]?.value === 'off') || (c.name === 'allow' && c.args[0]?.value === 'all') || (c.name === 'satisfy' && c.args[0]?.value === 'any') || (c.name === 'auth_request' && c.args[0]?.value === 'off'));
      const segment = /^\/[A-Za-z0-9_-]+\/?/.exec(text)![0];
      const message = `"${text}" has no "^": it matches "${segment}" anywhere in the path, so "/x${segment}..." lands here too${relaxes ? ', and this location lifts access control' : ''}; write "~ ^${text}"`;
      report(d, word, message, relaxes ? 'warning' : 'info');
    }
  },
};
