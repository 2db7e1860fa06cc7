// nginx/missing-capture: a `$N` that no regex fills, so nginx writes an empty string in its place.
// Facts:
// - ngx_http_script_compile reads `$` and one digit 1-9 as a capture (`$12` is `$1` then "2").
// - `$N` reads the captures of the last regex nginx ran for the request; a group past that
//   regex's last one is empty (ngx_http_script_copy_capture_code). A regex that ran without
//   matching, or that has no groups, leaves no captures: checked on nginx 1.22.1, where
//   `location ~ ^/c/(.*)$ { if ($uri ~ "^/c/") {} set $w $1; }` and
//   `if ($uri !~ "^/zzz/(.*)") { set $w $1; }` both give an empty $1.
// Judged against the regex that ran last, where the config says which one: a rewrite's
// replacement against its own regex; `set` and `return` against the rewrite or `if` regex just
// before them in their block, else the `if` around them, else their regex location; a map
// entry's value against its key. Any other `$N` (proxy_pass, add_header, try_files, ...; `set` in
// a prefix location) only when no regex that can run for the request has the group: the
// server's locations, ifs, rewrites and server names, the config's map keys
// (capture-providers.ts). A regex the walk cannot count (branch reset) or a templated one makes
// the rule say nothing.
import { captureGroups, captureRefs, ifCondition, readsCapture, type NginxQuery, mapPattern, mostGroupsIn, wordSpan, type NginxDirective, type NginxWord, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** Directives whose values are judged against the regexes around them. */
const VALUE_DIRECTIVES = ['return', 'proxy_pass', 'add_header', 'more_set_headers', 'try_files', 'set', 'fastcgi_pass', 'uwsgi_pass', 'proxy_set_header', 'fastcgi_param', 'uwsgi_param', 'root', 'alias'] as const;

/** Levels where nginx reads these directives as such (not a map or upstream body). */
const JUDGED_LEVELS = new Set(['main', 'http', 'server', 'location', 'if', 'limit_except']);

const plural = (n: number) => (n === 1 ? '1 group' : `${n} groups`);
const refList = (ns: number[]) => ns.map((n) => `"$${n}"`).join(', ');

/** The regex nginx ran last before `d` in its block's script, as far as the block says. */
function lastRegexBefore(nginx: NginxQuery, scope: Scope, d: NginxDirective): { pattern: string; what: string; failed: boolean; from: NginxDirective } | null {
  const lines = scope.directives;
  for (let k = lines.indexOf(d) - 1; k >= 0; k--) {
    const s = lines[k];
    if (s.name === 'rewrite' && s.args[0]) return { pattern: s.args[0].value, what: 'the rewrite regex', failed: false, from: s };
    if (s.name === 'if' && s.block) {
      const c = ifCondition(s);
      if (c) return { pattern: c.raw, what: 'the if regex', failed: false, from: s };
    }
  }
  const around = scope.directive;
  if (!around) return null;
  if (scope.kind === 'if') {
    const c = ifCondition(around);
    if (!c) return null;
    return { pattern: c.raw, what: "the if's regex", failed: c.operator.startsWith('!'), from: around };
  }
  if (scope.kind === 'location') {
    const l = nginx.location(around);
    if (!('invalidModifier' in l) && l.regex) return { pattern: l.name, what: "the location's regex", failed: false, from: around };
  }
  return null;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/missing-capture',
    description: 'A $1..$9 that no regex fills: nginx writes an empty string in its place',
    defaultSeverity: 'warning',
    tags: ['correctness', 'security'],
    securitySeverity: 4.3,
    fixable: false,
    precision: 'high',
    gixy: ['invalid_regex'],
  },
  check(context) {
    const nginx = context.query.nginx;
    const templated = (d: NginxDirective) => nginx.templated(d);
    const rootOf = (s: Scope) => {
      while (s.parent) s = s.parent;
      return s;
    };
    const configOf = new Map<Scope, (typeof nginx.configs)[number]>();
    for (const config of nginx.configs) configOf.set(nginx.root(config), config);

    // The most groups any regex that can run for a directive in `scope` has (null: not known).
    const mostCache = new Map<Scope, number | null>();
    const mostGroupsAround = (scope: Scope): number | null => {
      let base: Scope | null = scope;
      while (base && base.kind !== 'server') base = base.parent;
      const root = rootOf(scope);
      const key = base ?? root;
      if (mostCache.has(key)) return mostCache.get(key)!;
      const config = configOf.get(root);
      let most: number | null = null;
      if (config && !nginx.unseenIncludeWithin(root, config)) {
        const own = mostGroupsIn(key, templated);
        const maps = base ? mostGroupsIn(root, templated, true) : 0;
        most = own === null || maps === null ? null : Math.max(own, maps);
      }
      mostCache.set(key, most);
      return most;
    };

    const judgeAgainstScope = (d: NginxDirective, word: NginxWord, scope: Scope) => {
      const refs = captureRefs(word.value);
      if (refs.length === 0) return;
      const most = mostGroupsAround(scope);
      if (most === null) return;
      const missing = [...new Set(refs.filter((r) => r.n > most).map((r) => r.n))];
      if (missing.length === 0) return;
      const where = most === 0 ? 'no regex that can run before it has a capture group' : `no regex that can run before it has more than ${plural(most)}`;
      context.report({
        span: wordSpan(d, word),
        message: `${refList(missing)} reads a regex capture, but ${where} (the server's location, if, rewrite and server_name regexes, the config's map keys): nginx always writes an empty string there; capture the part in the regex that selects the request (location ~ ^/static/(.*)$) or write the value out`,
      });
    };

    const judgeAgainstRegex = (d: NginxDirective, word: NginxWord, pattern: string, what: string, scope: Scope) => {
      const refs = captureRefs(word.value);
      if (refs.length === 0) return;
      const groups = captureGroups(pattern);
      if (groups === null) return;
      const count = groups.parents.length;
      const missing = [...new Set(refs.filter((r) => r.n > count).map((r) => r.n))];
      if (missing.length === 0) return;
      context.report({
        span: wordSpan(d, word),
        message:
          count === 0
            ? `${refList(missing)} reads a regex capture, but ${what} "${pattern}", the last one nginx runs before it, has no capture group: nginx writes an empty string there; put the part in parentheses in that regex`
            : `${refList(missing)} reads a capture group that ${what} "${pattern}", the last one nginx runs before it, does not have (it has ${plural(count)}): nginx writes an empty string there; add the group to the regex or read one of $1..$${count}`,
      });
    };

    const judgeFailed = (d: NginxDirective, word: NginxWord, pattern: string) => {
      const refs = captureRefs(word.value);
      if (refs.length === 0) return;
      const missing = [...new Set(refs.map((r) => r.n))];
      context.report({
        span: wordSpan(d, word),
        message: `${refList(missing)} reads a regex capture inside an "if" that runs only when "${pattern}" did not match, and a regex that does not match leaves no captures: nginx writes an empty string there; match with "~" and a group, or take the value from a variable`,
      });
    };

    for (const { directive: d, scope } of nginx.directives('rewrite')) {
      if (!JUDGED_LEVELS.has(scope.kind) || d.args.length < 2 || templated(d)) continue;
      judgeAgainstRegex(d, d.args[1], d.args[0].value, "the rewrite's regex", scope);
    }

    // A name none of whose lines reads a capture is passed over without making its items (the
    // fifteen uwsgi_param lines of uwsgi_params stand in every location that includes them).
    const valueWords = (d: NginxDirective) => (d.name === 'set' ? d.args.slice(1, 2) : d.args);
    const namesReadingCaptures = VALUE_DIRECTIVES.filter((name) => nginx.lines(name).some((d) => valueWords(d).some((w) => readsCapture(w.value))));
    for (const lines of nginx.directivesEach(namesReadingCaptures)) {
      for (let i = 0; i < lines.length; i++) {
        const { directive: d, scope } = lines[i];
        if (!JUDGED_LEVELS.has(scope.kind)) continue;
        // `set $var value`: only the value reads captures.
        const words = valueWords(d);
        // Most such lines read no capture ($1..$9): nothing to judge, and no regex looked for.
        if (!words.some((w) => readsCapture(w.value))) continue;
        // set and return run in the rewrite module's script, in the order of the block.
        const last = d.name === 'set' || d.name === 'return' ? lastRegexBefore(nginx, scope, d) : null;
        // A regex a template fills in may have any groups.
        if (last && templated(last.from)) continue;
        for (const word of words) {
          if (last === null) judgeAgainstScope(d, word, scope);
          else if (last.failed) judgeFailed(d, word, last.pattern);
          else judgeAgainstRegex(d, word, last.pattern, last.what, scope);
        }
      }
    }

    // A map entry's value, against its own key when the key is a regex (ngx_http_map_find runs it).
    for (const config of nginx.configs) {
      for (const map of nginx.blocks(config, 'map')) {
        for (const entry of map.directives) {
          const pattern = mapPattern(entry)[0];
          const value = entry.args[0];
          if (pattern === undefined || !value || templated(entry)) continue;
          judgeAgainstRegex(entry, value, pattern, "the map key's regex", nginx.root(config));
        }
      }
    }
  },
};
