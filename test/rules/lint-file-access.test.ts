// lint/file-access: a file the linter did not read. In memory (lintText) the one reason that can
// arise is a path that leaves the linted tree; the on-disk reasons (permissions, size, not a
// regular file, not UTF-8) are tested through the CLI in test/file-problems.test.ts.
import { ruleTester } from '../support/rule-tester.js';

const outside = (what: string, dir: string) =>
  `${what} lies outside the linted tree: not read; to check it, lint its directory too (\`nginx-uwsgi-lint ... ${dir}\`), or map the production directory onto the repository with "pathMappings"`;

ruleTester('lint/file-access').run({
  valid: [
    {
      name: 'an nginx include inside the tree',
      files: { 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', 'conf.d/a.conf': 'server {\n    listen 80;\n}\n' },
    },
    {
      name: 'a uWSGI include beside the ini',
      files: { 'app.ini': '[uwsgi]\nmodule = app\nini = %dbase.ini\n', 'base.ini': '[uwsgi]\nmaster = true\n' },
    },
  ],
  invalid: [
    {
      name: 'an nginx include that climbs out of the tree, on its path',
      files: { 'nginx.conf': 'events {}\nhttp {\n    include ../outside/secrets.conf;\n}\n' },
      errors: [{ at: '3:13-3:36', severity: 'warning', message: outside('include "../outside/secrets.conf"', '/outside') }],
    },
    {
      name: 'a uWSGI ini = that climbs out of the tree, on its value',
      files: { 'app.ini': '[uwsgi]\nmodule = app\nini = ../../etc/uwsgi/base.ini\n' },
      errors: [{ at: '3:7-3:31', severity: 'warning', message: outside('`ini = ../../etc/uwsgi/base.ini`: `/etc/uwsgi/base.ini`', '/etc/uwsgi') }],
    },
  ],
});
