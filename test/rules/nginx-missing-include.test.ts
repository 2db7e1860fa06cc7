// nginx/missing-include: an include that names no file. Inside the tree it is an error (nginx -t
// fails); an absolute path outside it is an info (it was not read); a glob that matches nothing
// is fine for nginx.
import { ruleTester } from '../support/rule-tester.js';

const main = (include: string) => `events {}\nhttp {\n    include ${include};\n}\n`;

ruleTester('nginx/missing-include').run({
  valid: [
    { name: 'an include of a file in the run', files: { 'nginx.conf': main('sites-enabled/app.conf'), 'sites-enabled/app.conf': 'server {\n    listen 80;\n}\n' } },
    { name: 'a glob that matches nothing (nginx accepts it)', files: { 'nginx.conf': main('conf.d/*.conf') } },
  ],
  invalid: [
    {
      name: 'a relative include with no such file, on its path',
      files: { 'nginx.conf': main('sites-enabled/app.conf') },
      errors: [
        {
          at: '3:13-3:35',
          severity: 'error',
          message: 'include file "sites-enabled/app.conf" not found (looked for sites-enabled/app.conf); nginx -t fails with "open() ... failed (2: No such file or directory)"',
        },
      ],
    },
    {
      name: 'an absolute include outside the tree: an info',
      files: { 'site.conf': 'server {\n    include /etc/nginx/snippets/h.conf;\n}\n' },
      errors: [
        {
          at: '2:13-2:39',
          severity: 'info',
          message:
            'include "/etc/nginx/snippets/h.conf" points outside the linted tree (/etc/nginx/snippets/h.conf), so it was not read; map it onto the repository with "pathMappings" (for example {"from": "/etc/nginx/snippets", "to": "deploy/nginx"})',
        },
      ],
    },
  ],
});
