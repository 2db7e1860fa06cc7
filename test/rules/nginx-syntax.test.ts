// nginx/syntax: what nginx's own parser refuses, at the token where nginx stops. Parser-level
// cases (and parity with nginx -t) are in test/nginx-parse.test.ts and
// test/nginx-differential.test.ts.
import { ruleTester } from '../support/rule-tester.js';

ruleTester('nginx/syntax').run({
  valid: [
    { name: 'a complete server', files: 'server {\n    listen 80;\n}\n' },
    { name: 'a quoted value over two lines', files: 'server {\n    return 200 "a\n    b";\n}\n' },
  ],
  invalid: [
    { name: 'a missing ";": nginx stops at the "}"', files: 'server {\n    listen 80\n}\n', errors: [{ at: '3:1-3:2', severity: 'error', message: 'unexpected "}"' }] },
    { name: 'an unclosed block: at the end of the file', files: 'server {\n    listen 80;\n', errors: [{ at: '3:1-3:1', message: 'unexpected end of file, expecting "}"' }] },
    { name: 'one "}" too many', files: 'server {\n    listen 80;\n}\n}\n', errors: [{ at: '4:1-4:2', message: 'unexpected "}"' }] },
    // ansible/awx and liip/django-ansible (docs/evaluation.md, fourth sample): two block heads in
    // the branches of an `if`; rendered, one is left and the braces balance.
    {
      name: 'a template whose branches hold two block heads: a warning, not certain',
      files: { 'locations.conf.j2': 'location /static {\n    alias /srv/static/;\n}\n{% if prefix %}\nlocation ~ ^/(ws|api/ws)/ {\n{% else %}\nlocation ~ ^/ws/ {\n{% endif %}\n    proxy_pass http://daphne;\n}\n' },
      errors: [{ at: '11:1-11:1', severity: 'warning', message: 'unexpected end of file, expecting "}"; the file is a template whose branches (`{% if prefix %}`) may open or close blocks differently once rendered: lint the rendered file to be sure' }],
    },
    {
      name: 'a template without branches: still an error',
      files: { 'site.conf.j2': 'server {\n    server_name {{ host }};\n    listen 80;\n' },
      errors: [{ at: '4:1-4:1', severity: 'error', message: 'unexpected end of file, expecting "}"' }],
    },
  ],
});
