// nginx/try-files-without-open-file-cache: `try_files` where no `open_file_cache` is in force (or
// `open_file_cache off;`). try_files tests each candidate on disk for every request it handles
// (ngx_http_try_files_handler calls ngx_open_cached_file, which without a cache opens or stats
// the file each time), so a `try_files $uri $uri/ /index.php` front controller costs two or three
// file system lookups before the request reaches the app. open_file_cache keeps those answers.
// A heuristic about load, not a fault: info. Gixy-Next's try_files_is_evil_too (LOW).
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/try-files-without-open-file-cache',
    description: '`try_files` with no `open_file_cache` in force: each request repeats the file system lookups',
    defaultSeverity: 'info',
    tags: ['performance', 'gixy'],
    fixable: false,
    precision: 'medium',
    gixy: ['try_files_is_evil_too'],
  },
  check({ query, report }) {
    for (const { directive: d, scope, config } of query.nginx.directives('try_files')) {
      // An include the run could not read, around the block, may set the cache.
      if (query.nginx.unseenInclude(scope, config)) continue;
      const cache = query.nginx.effective(scope, 'open_file_cache').at(-1);
      if (cache && cache.args[0]?.value.toLowerCase() !== 'off') continue;
      const why = cache ? '"open_file_cache off;" is in force here' : 'no open_file_cache is in force here (nginx\'s default is off)';
      report({
        span: wordSpan(d),
        message: `try_files looks each candidate up on disk for every request, and ${why}: under load these lookups add up; set "open_file_cache max=10000 inactive=30s;" in the http block (with "open_file_cache_valid 60s;" to see new files within a minute)`,
        related: cache ? [relatedAt(cache, 'the cache is turned off here')] : [],
      });
    }
  },
};
