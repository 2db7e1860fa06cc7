// nginx/alias-traversal: an `alias` that lets a request climb out of its directory.
// - Prefix location whose path does not end with `/` (`location /static { alias /srv/static/; }`).
//   nginx replaces the location prefix with the alias, so `/static../app/settings.py` maps to
//   `/srv/static/../app/settings.py`: one directory up, outside the alias (the "off-by-slash").
//   Facts: ngx_http_map_uri_to_path (alias is a plain prefix replacement).
// - Regex location whose capture is glued onto the alias (`location ~ /images(.*) { alias
//   /srv/static/$1; }`): with variables the alias is the whole file path. The regex runs on the
//   normalized URI, where no `/../` segment is left, but a capture that does not follow a `/`
//   can still begin with `..` (`/images../app/x` gives `../app/x`; test/e2e/paths.test.ts).
// Severity follows gixy's alias_traversal: HIGH (error) when `..` lands right after a `/` of the
// alias, MEDIUM (warning) when only siblings sharing the name's prefix (`/srv/static-private`)
// or the directory above itself (a capture without `/`) are reachable. Exact locations map one URI.
import type { Rule, RuleContext } from '../src/rule.js';
import { captureStart, parseRegex, relatedAt, variablesIn, wordSpan, type NginxDirective } from '../src/query/index.js';

function checkPrefix(context: RuleContext, d: NginxDirective, loc: NginxDirective, path: string, pathWord: NginxDirective['args'][number]): void {
  if (path === '' || path.endsWith('/')) return;
  const alias = d.args[0].value;
  const slashed = alias.endsWith('/');
  // An alias naming one file (`alias /srv/static/robots.txt;`): a directory form would not serve it.
  const lastSegment = alias.slice(alias.lastIndexOf('/') + 1);
  const servesFile = !slashed && /\.[A-Za-z0-9]+$/.test(lastSegment) && !lastSegment.includes('$');
  const message = slashed
    ? `location "${path}" has no trailing slash but its alias "${alias}" has one: a request for "${path}../" reads the directory above the alias (path traversal); write "location ${path}/"`
    : servesFile
      ? `location "${path}" has no trailing slash: a request for "${path}.bak" reads "${alias}.bak", a sibling of the file "${alias}" (any file whose name starts with its name); write "location = ${path}" (an exact match) to serve that one file`
      : `location "${path}" has no trailing slash: a request for "${path}-x" reads "${alias}-x", a sibling of the alias directory; write "location ${path}/" and "alias ${alias}/"`;
  context.report({ span: wordSpan(loc, pathWord), message, severity: slashed ? 'error' : 'warning', related: [relatedAt(d, 'the alias')] });
}

function checkRegex(context: RuleContext, d: NginxDirective, loc: NginxDirective, pattern: string): void {
  const regex = parseRegex(pattern);
  if (!regex) return;
  const word = d.args[0];
  const alias = word.value;
  for (const use of variablesIn(alias)) {
    const group = /^[0-9]$/.test(use.name) ? regex.captures.find((g) => g.capture === Number(use.name)) : regex.captures.find((g) => g.name === use.name);
    if (!group) continue;
    const before = alias.slice(0, use.start);
    const start = captureStart(regex, group, pattern);
    const capture = `capture $${use.name} of "~ ${pattern}"`;
    let severity: 'error' | 'warning';
    let message: string;
    if (before === '') {
      severity = 'error';
      message = `alias "${alias}" starts with ${capture}: the request chooses the file path; begin the alias with the directory it serves ("alias /srv/files/$${use.name};") and start the capture after a "/" in the regex`;
    } else if (start.startsWithSlash || (start.afterSlash && before.endsWith('/'))) {
      continue;
    } else if (before.endsWith('/')) {
      if (!start.canStartWithDot) continue;
      severity = start.canContainSlash ? 'error' : 'warning';
      message = start.canContainSlash
        ? `alias "${alias}" puts ${capture} after "${before}", and the capture does not follow a "/" in the URI: it can start with "../", so a request reads files in the directory above "${before}" (path traversal); end the text before the capture with "/" in the regex (as in "~ ^/images/(.*)$")`
        : `alias "${alias}" puts ${capture} after "${before}", and the capture does not follow a "/" in the URI: it can be "..", so a request reaches the directory above "${before}"; end the text before the capture with "/" in the regex (as in "~ ^/images/(.*)$")`;
    } else {
      severity = 'warning';
      message = `alias "${alias}" glues ${capture} onto "${before}" without a "/", and the capture need not start with "/": a request reads siblings such as "${before}-private/"; write "${before}/$${use.name}"${start.afterSlash ? '' : ' and end the text before the capture with "/" in the regex'}`;
    }
    context.report({ span: wordSpan(d, word), message, severity, related: [relatedAt(loc, 'the location')] });
    return;
  }
}

export const rule: Rule = {
  meta: {
    id: 'nginx/alias-traversal',
    description: '`alias` that a request can climb out of: a prefix location without a trailing slash (/static../), or a regex capture glued to the alias without a "/"',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    securitySeverity: 8.6,
    fixable: false,
    precision: 'very-high',
    gixy: ['alias_traversal'],
  },
  check(context) {
    for (const { directive: d, scope } of context.query.nginx.directives('alias')) {
      if (scope.kind !== 'location' || !scope.directive || !d.args[0]) continue;
      const loc = scope.directive;
      const words = loc.args;
      const location = context.query.nginx.location(loc);
      if ('invalidModifier' in location || location.exact || location.named) continue;
      if (location.regex) {
        checkRegex(context, d, loc, location.name);
        continue;
      }
      const pathWord = words.length === 2 ? words[1] : words[0];
      if (!pathWord) continue;
      checkPrefix(context, d, loc, location.name, pathWord);
    }
  },
};
