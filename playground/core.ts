// The lint core of the playground: the library's lintText() run (src/lint-memory.ts) with POSIX
// paths rooted at `/` and no configuration files. No Node builtin is reached from here
// (test/playground-core.test.ts bundles it for a browser and runs it without require or process).
import { lintTextOn, type LintTextInput, type LintTextOptions } from '../src/lint-memory.js';
import { posixHost } from '../src/posix-path.js';
import type { LintResult } from '../src/result.js';
export { ruleDocsUrl } from '../src/rule.js';

/** The paths the two editors stand for: a site and its app, in one directory. */
export const CWD = '/srv/mysite';
export const NGINX_PATH = 'mysite_nginx.conf';
export const UWSGI_PATH = 'mysite_uwsgi.ini';

export function lintText(inputs: LintTextInput | LintTextInput[], options?: LintTextOptions): Promise<LintResult> {
  return lintTextOn(posixHost(CWD), inputs, options);
}

/** Both sides as a pair. */
export function lintPair(nginx: string, uwsgi: string): Promise<LintResult> {
  return lintText([
    { path: NGINX_PATH, text: nginx, kind: 'nginx' },
    { path: UWSGI_PATH, text: uwsgi, kind: 'uwsgi' },
  ]);
}
