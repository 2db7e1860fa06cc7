// nginx/alias-traversal: `alias` in a prefix location whose path does not end with `/`
// (`location /static { alias /srv/static/; }`). nginx replaces the location prefix with the
// alias, so `/static../app/settings.py` maps to `/srv/static/../app/settings.py`: one directory
// up, outside the alias (the "off-by-slash"). Facts: ngx_http_map_uri_to_path (alias is a plain
// prefix replacement); gixy's alias_traversal (HIGH when the alias ends with `/`, MEDIUM when
// not: then only siblings sharing the name's prefix, `/srv/static-private`, are reachable).
// Exact (`=`) and regex locations are not prefix replacements and are not judged.
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/alias-traversal',
    description: '`alias` in a prefix location without a trailing slash: /static../ reads files outside the alias directory',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    fixable: false,
    precision: 'very-high',
    gixy: ['alias_traversal'],
  },
  check(context) {
    for (const { directive: d, scope } of context.query.nginx.directives('alias')) {
      if (scope.kind !== 'location' || !scope.directive || !d.args[0]) continue;
      const loc = scope.directive;
      const words = loc.args;
      let pathWord = words[0];
      if (words.length === 2) {
        if (words[0].value !== '^~') continue;
        pathWord = words[1];
      } else if (!pathWord || /^(=|~|@)/.test(pathWord.value)) continue;
      let path = pathWord.value;
      if (path.startsWith('^~')) path = path.slice(2);
      if (path === '' || path.endsWith('/')) continue;
      const alias = d.args[0].value;
      const slashed = alias.endsWith('/');
      const message = slashed
        ? `location "${path}" has no trailing slash but its alias "${alias}" has one: a request for "${path}../" reads the directory above the alias (path traversal); write "location ${path}/"`
        : `location "${path}" has no trailing slash: a request for "${path}-x" reads "${alias}-x", a sibling of the alias directory; write "location ${path}/" and "alias ${alias}/"`;
      context.report({ span: wordSpan(loc, pathWord), message, severity: slashed ? 'error' : 'warning', related: [relatedAt(d, 'the alias')] });
    }
  },
};
