// nginx/proxy-pass-normalized: the backend gets a different path than the client sent.
// What ngx_http_proxy_create_request (ngx_http_proxy_module.c) sends as the request line:
// - no URI part, URI unchanged: the request's raw URI (r->unparsed_uri), as the client wrote it;
// - a URI part (`http://app/`, `unix:/s.sock:/x/`): the URI part plus the rest of r->uri, which
//   nginx has decoded and normalized (`%2F` is `/`, `/a/../b` is `/b`), escaped again;
// - URI changed by a rewrite: r->uri escaped again. After `rewrite ^ $request_uri;` (the usual way
//   to keep the raw path) r->uri holds the raw text, so `%2F` goes out as `%252F` and the query
//   joins the path as `%3F...` (test/e2e/paths.test.ts: /c/a%2Fb?x=1 -> /a%252Fb%3Fx=1?x=1);
// - a target with variables and a URI part: the evaluated text as it is. `$uri` and captures hold
//   the decoded path (not escaped again), unless `rewrite ^ $request_uri;` always ran before.
// Blocks where nginx -t refuses a URI part (if, limit_except, regex and named locations) are
// nginx/proxy-pass-uri's. Exact locations replace the whole path. Gixy-Next's proxy_pass_normalized.
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan, type NginxDirective, type Scope } from '../src/query/index.js';

/** Variables that carry the request's path on: $uri, $document_uri, $1..$9. */
const CARRIES_PATH = /\$(?:\{\s*)?(?:uri|document_uri|[1-9])(?![A-Za-z0-9_])/i;

interface RawPathRewrites {
  /** `rewrite <re> $request_uri` that runs whenever the proxy_pass does. */
  always: NginxDirective | null;
  /** One inside an `if` beside the proxy_pass: it runs only when its condition holds. */
  sometimes: NginxDirective | null;
  /**
   * The `always` one, in a location, with no flag and no `break`, `rewrite ... break` or `return`
   * after it: nginx searches the locations again with the raw path, lands here again, and gives
   * up with 500 ("rewrite or internal redirection cycle") after 10 rounds (test/e2e/paths.test.ts).
   */
  loops: boolean;
}

const stopsRewrites = (d: NginxDirective) => d.name === 'break' || d.name === 'return' || (d.name === 'rewrite' && ['break', 'last'].includes(d.args[2]?.value ?? ''));

const isRawPathRewrite = (d: NginxDirective) => d.args[1]?.value.toLowerCase() === '$request_uri';

/** The `rewrite ... $request_uri` lines before the proxy_pass: its blocks up to the location, and the server's. */
function rawPathRewrites(scope: Scope, location: Scope, atLevel: (s: Scope, name: string) => readonly NginxDirective[]): RawPathRewrites {
  const found: RawPathRewrites = { always: null, sometimes: null, loops: false };
  const chain = new Set<Scope>();
  for (let s: Scope | null = scope; s; s = s.parent) {
    chain.add(s);
    if (s === location) break;
  }
  for (let s: Scope | null = location.parent; s; s = s.parent) {
    if (s.kind === 'server') {
      chain.add(s);
      break;
    }
    if (s.kind !== 'location') break;
  }
  for (const s of chain) {
    if (found.always) break;
    found.always = atLevel(s, 'rewrite').find(isRawPathRewrite) ?? null;
    if (found.always && (s.kind === 'location' || s.kind === 'if') && found.always.args.length === 2) {
      // What runs after it: the rest of its block, and of each block around it up to the location.
      let stopped = false;
      let line: NginxDirective = found.always;
      for (let level: Scope | null = s; level && !stopped; level = level === location ? null : level.parent) {
        stopped = level.directives.slice(level.directives.indexOf(line) + 1).some(stopsRewrites);
        if (level.directive) line = level.directive;
      }
      found.loops = !stopped;
    }
  }
  const ifs: Scope[] = [];
  const walk = (s: Scope) => {
    for (const c of s.children) {
      if (c.kind !== 'if') continue;
      if (!chain.has(c)) ifs.push(c);
      walk(c);
    }
  };
  walk(location);
  for (const s of ifs) found.sometimes ??= atLevel(s, 'rewrite').find(isRawPathRewrite) ?? null;
  return found;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/proxy-pass-normalized',
    description: 'proxy_pass sends the backend a decoded and normalized path (a URI part, $uri), or escapes a raw $request_uri path twice',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 5.3,
    fixable: false,
    precision: 'high',
    gixy: ['proxy_pass_normalized'],
  },
  check({ query, report }) {
    const nginx = query.nginx;
    for (const { directive: d, scope } of nginx.directives('proxy_pass')) {
      const word = d.args[0];
      if (!word) continue;
      const location = scope.kind === 'location' ? scope : (scope.kind === 'if' || scope.kind === 'limit_except') && scope.parent?.kind === 'location' ? scope.parent : null;
      if (!location?.directive) continue;
      const name = nginx.location(location.directive);
      if ('invalidModifier' in name || name.exact) continue;
      if (word.value.startsWith('$') && !word.value.includes('/')) continue; // where it points is not known
      const rewrites = rawPathRewrites(scope, location, (s, n) => nginx.atLevel(s, n));
      const rewrite = rewrites.always ?? rewrites.sometimes;
      const when = rewrites.always ? '' : ' when its condition holds';
      const related = rewrite ? [relatedAt(rewrite, 'the rewrite that puts the raw path in $uri')] : [];
      const target = nginx.passTargetOf(d);
      const uri = target?.uri ?? null;
      // nginx -t refuses a URI part here: nginx/proxy-pass-uri says so.
      if (target && uri && (scope.kind !== 'location' || name.regex || name.named)) continue;
      if (rewrites.always && rewrites.loops) {
        report({
          span: wordSpan(d, word),
          message: `"rewrite ... $request_uri" without a flag changes the URI to the raw path, so nginx searches the locations again; the raw path leads back here and, after 10 rounds, nginx answers 500 ("rewrite or internal redirection cycle"): proxy_pass "${word.value}" is never reached; end the rewrite with "break" and pass the path on with a capture ("rewrite ^/prefix(/.*)$ $1 break;", "proxy_pass http://backend$1;")`,
          related,
        });
        continue;
      }
      if (target && uri !== null) {
        if (rewrite) {
          const base = word.value.slice(0, word.value.length - uri.length);
          const pass = /^[a-z]+:\/\/unix:/i.test(base) ? `${base.replace(/:?$/, ':')}$1` : `${base}$1`;
          const prefix = name.regex || name.named ? '/prefix' : name.name.replace(/\/$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          report({
            span: wordSpan(d, word),
            message: `"rewrite ... $request_uri" puts the raw path in $uri${when}, and proxy_pass "${word.value}" escapes it again: the backend gets "%252F" for "%2F" and the query string inside the path ("%3F..."); after it, strip the prefix with "rewrite ^${prefix}(/.*)$ $1 break;" and pass the capture on: "proxy_pass ${pass};"`,
            related,
          });
        } else if (uri !== '') {
          report({
            span: wordSpan(d, word),
            message: `proxy_pass "${word.value}" has a URI part ("${uri}"): nginx sends the backend the decoded, normalized path in place of the location prefix ("%2F" arrives as "/", "/a/../b" as "/b"); if the backend must see the path as the client sent it, drop the URI part and let the backend handle the prefix`,
            severity: 'info',
          });
        }
        continue;
      }
      // A target with variables: sent as it is evaluated.
      if (!CARRIES_PATH.test(word.value) || rewrites.always) continue;
      report({
        span: wordSpan(d, word),
        message: `proxy_pass "${word.value}" passes the path through $uri or a capture, which nginx has decoded and normalized ("%2F" arrives as "/", a "%20" as a raw space)${rewrites.sometimes ? ', and the "rewrite ... $request_uri" that would keep it raw runs only when its condition holds' : ''}; to pass the path as the client sent it, use $request_uri, or run "rewrite ^ $request_uri;" unconditionally before the rewrite that takes the capture`,
        severity: 'info',
        related,
      });
    }
  },
};
