// nginx/proxy-pass-uri: a proxy_pass with a URI part (`http://app/api/`, `?x=1`) in a block
// nginx cannot replace a matched prefix in: a location given by a regular expression, a named
// location, an `if` or a `limit_except` block. ngx_http_proxy_pass (ngx_http_proxy_module.c)
// refuses it: "proxy_pass" cannot have URI part in location given by regular expression, or
// inside named location, or inside "if" statement, or inside "limit_except" block; nginx -t
// fails. A target with variables is not checked by nginx (it is built per request), nor here.
import type { Rule } from '../src/rule.js';
import { wordSpan, type Query, type Scope } from '../src/query/index.js';

/** Why nginx has no prefix to replace in the block a proxy_pass stands in, or null when it has one. */
function noPrefixToReplace(scope: Scope, query: Query): string | null {
  if (scope.kind === 'if') return 'inside an "if" block';
  if (scope.kind === 'limit_except') return 'inside a "limit_except" block';
  if (scope.kind !== 'location' || !scope.directive) return null;
  const location = query.nginx.location(scope.directive);
  if ('invalidModifier' in location) return null;
  if (location.regex) return 'in a location given by a regular expression';
  if (location.named) return 'in a named location';
  return null;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/proxy-pass-uri',
    description: 'A proxy_pass with a URI part in a regex or named location, an if or a limit_except block: nginx -t refuses it',
    defaultSeverity: 'error',
    tags: ['correctness'],
    fixable: false,
    precision: 'very-high',
  },
  check({ query, report }) {
    for (const { directive, scope } of query.nginx.directives('proxy_pass')) {
      const where = noPrefixToReplace(scope, query);
      if (where === null) continue;
      const uri = query.nginx.passTargetOf(directive)?.uri;
      if (!uri) continue;
      const word = directive.args[0];
      const without = word.value.slice(0, word.value.length - uri.length).replace(/:$/, '');
      report({
        span: wordSpan(directive, word),
        message: `proxy_pass "${word.value}" has a URI part ("${uri}") ${where}, where nginx has no matched prefix to replace: nginx -t refuses the config; write "proxy_pass ${without};" and, if the backend needs another path, set it with "rewrite <regex> <path> break;" before it`,
      });
    }
  },
};
