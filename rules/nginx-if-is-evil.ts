// nginx/if-is-evil: directives inside an `if` in a location other than return, rewrite that
// ends the request (last, redirect, permanent), and set. nginx turns the if into a nested
// location that replaces the outer one's configuration when the condition is true: only the last
// of two matching ifs' add_header is sent, try_files and a proxy_pass URI part stop working, some
// mixes crashed workers. Facts: the nginx wiki's "If is Evil" and gixy's if_is_evil (HIGH, only
// return and rewrite ... last safe; set is a rewrite-module step and is accepted here).
import { relatedAt, wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const SAFE_REWRITE_FLAGS = new Set(['last', 'redirect', 'permanent']);

export const rule: Rule = {
  meta: {
    id: 'nginx/if-is-evil',
    description: 'A directive in an if inside a location other than return / rewrite ... last / set: it does not do what it seems',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 3.1,
    fixable: false,
    precision: 'high',
    gixy: ['if_is_evil'],
  },
  check(context) {
    const inIfs = context.query.nginx.inContext('if-in-location');
    for (let i = 0; i < inIfs.length; i++) {
      const { directive: d, scope } = inIfs[i];
      if (!scope.directive) continue;
      if (d.name === 'return' || d.name === 'set' || d.name === 'break') continue;
      if (d.name === 'rewrite' && SAFE_REWRITE_FLAGS.has(d.args[2]?.value ?? '')) continue;
      const message =
        d.name === 'rewrite'
          ? `rewrite without "last" (or redirect) in an if inside a location keeps the request in the if's own implicit location, where the outer location's handler and settings may not apply; end it with "last" or use return`
          : `"${d.name}" in an if inside a location does not do what it seems: when the condition holds the if replaces the location's configuration (only the last matching if's settings apply; try_files and proxy_pass URI parts are lost); use return/rewrite ... last to a named location, or map + the directive outside the if`;
      context.report({ span: wordSpan(d), message, related: [relatedAt(scope.directive, 'the if')] });
    }
  },
};
