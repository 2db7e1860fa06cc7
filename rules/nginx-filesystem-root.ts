// nginx/filesystem-root: `root` or `alias` that names the filesystem root (`/`, `//`, `/./`,
// `/usr/..`). nginx builds the file path as root + URI (or alias + the rest of the URI) and opens
// it (ngx_http_map_uri_to_path), so every file the workers can read is served: `/etc/passwd`,
// keys, other sites' sources. The kernel resolves `//`, `.` and `..` alike, so they are read as
// POSIX does lexically. An alias in a location whose prefix ends with `/` but the alias does not
// (`location /f/ { alias /.; }`) glues names onto it (`/.passwd`): not the root. Exact and regex
// locations map one fixed path. Values with variables or templated are not judged. Gixy-Next's
// filesystem_root_exposure (HIGH).
import type { Rule } from '../src/rule.js';
import { wordSpan } from '../src/query/index.js';

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
      report({
        span: wordSpan(d, word),
        message: `${d.name} "${word.value}" is the filesystem root: a request for "${example}" reads /etc/passwd, and so any file nginx's workers can read (keys, other sites' code); point ${d.name} at the directory that holds the files to serve`,
      });
    }
  },
};
