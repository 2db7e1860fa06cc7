// nginx/filesystem-root: `root` or `alias` that names the filesystem root (`/`, `//`, `/./`,
// `/usr/..`). nginx builds the file path as root + URI (or alias + the rest of the URI) and opens
// it (ngx_http_map_uri_to_path), so every file the workers can read is served: `/etc/passwd`,
// keys, other sites' sources. The kernel resolves `//`, `.` and `..` alike, so they are read as
// POSIX does lexically. An alias in a location whose prefix ends with `/` but the alias does not
// (`location /f/ { alias /.; }`) glues names onto it (`/.passwd`): not the root. Exact and regex
// locations map one fixed path. A root no request reaches the file handler with (all passes and
// returns): a warning. Values with variables or templated are not judged. Gixy-Next's
// filesystem_root_exposure (HIGH).
import type { Rule } from '../src/rule.js';
import { wordSpan, type Query, type Scope } from '../src/query/index.js';

/** Directives that answer a request without nginx's static file handler. */
const HANDLES = ['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass', 'return'];

const handles = (scope: Scope, query: Query) => HANDLES.some((n) => query.nginx.atLevel(scope, n).length > 0);

/** `location /` or `location ^~ /`: every URI the other locations leave goes there. */
function catchAll(scope: Scope, query: Query): boolean {
  if (!scope.directive) return false;
  const name = query.nginx.location(scope.directive);
  return !('invalidModifier' in name) && !name.regex && !name.exact && !name.named && name.name === '/';
}

/**
 * Whether a request can reach the static file handler with this block's root: the block (a
 * location, or a server for the URIs no location takes) passes nothing on and returns nothing,
 * or a location inside it that keeps the root does so. A server-level `return` answers first.
 */
function servesFiles(scope: Scope, query: Query): boolean {
  if (scope.kind === 'http') return scope.children.some((c) => c.kind === 'server' && servesFiles(c, query));
  const locations = scope.children.filter((c) => c.kind === 'location');
  if (scope.kind === 'server') {
    if (query.nginx.atLevel(scope, 'return').length > 0) return false;
    if (!locations.some((l) => catchAll(l, query))) return true;
  } else if (!handles(scope, query)) return true;
  const keepsRoot = (l: Scope) => query.nginx.atLevel(l, 'root').length === 0 && query.nginx.atLevel(l, 'alias').length === 0;
  return locations.some((l) => keepsRoot(l) && servesFiles(l, query));
}

/** Whether an absolute path names `/` once `//`, `.` and `..` are resolved. */
function namesFilesystemRoot(path: string): boolean {
  if (!path.startsWith('/')) return false;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.length === 0;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/filesystem-root',
    description: '`root /;` or `alias /;` (or `//`, `/./`, `/usr/..`): every file nginx can read is served',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    securitySeverity: 9.1,
    fixable: false,
    precision: 'very-high',
    gixy: ['filesystem_root_exposure'],
  },
  check({ query, report }) {
    for (const { directive: d, scope } of query.nginx.directives(['root', 'alias'])) {
      const word = d.args[0];
      if (!word || word.value.includes('$') || !namesFilesystemRoot(word.value)) continue;
      let example = '/etc/passwd';
      if (d.name === 'alias') {
        if (scope.kind !== 'location' || !scope.directive) continue;
        const location = query.nginx.location(scope.directive);
        if ('invalidModifier' in location || location.exact || location.regex || location.named) continue;
        if (location.name.endsWith('/') && !word.value.endsWith('/')) continue;
        example = `${location.name.replace(/\/$/, '')}/etc/passwd`;
      }
      if (d.name === 'root' && !servesFiles(scope, query)) {
        report({
          span: wordSpan(d, word),
          message: `${d.name} "${word.value}" is the filesystem root: every block under it passes the request on or returns now, but a location added later without a pass would serve any file nginx's workers can read ("${example}"); remove the root, or point it at the directory that holds the files to serve`,
          severity: 'warning',
        });
        continue;
      }
      report({
        span: wordSpan(d, word),
        message: `${d.name} "${word.value}" is the filesystem root: a request for "${example}" reads /etc/passwd, and so any file nginx's workers can read (keys, other sites' code); point ${d.name} at the directory that holds the files to serve`,
      });
    }
  },
};
