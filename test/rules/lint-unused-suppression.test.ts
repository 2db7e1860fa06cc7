// lint/unused-suppression: a suppression comment that suppressed nothing, on the comment, naming
// the rule that reported nothing and the scope it covered. More suppression cases (which ones
// are used) are in test/suppress.test.ts.
import { ruleTester } from '../support/rule-tester.js';

ruleTester('lint/unused-suppression').run({
  valid: [
    {
      name: 'a next-line suppression that hides a finding',
      files: { 'site.conf': 'server {\n    listen 80;\n    # nginx-uwsgi-lint disable-next-line nginx/unknown-directive -- vendor module\n    server_nam example.com;\n}\n' },
    },
    {
      name: 'a file suppression of a rule that reports in the file',
      files: { 'site.conf': '# nginx-uwsgi-lint disable-file nginx/unknown-directive\nserver {\n    server_nam a;\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'a named rule that reports nothing on the next line',
      files: { 'site.conf': 'server {\n    listen 80;\n    # nginx-uwsgi-lint disable-next-line nginx/syntax\n    root /srv;\n}\n' },
      errors: [{ at: '3:5-3:54', severity: 'warning', message: '"nginx/syntax" is suppressed here but reports nothing on the next line: remove it from the comment' }],
    },
    {
      name: 'a suppression of every rule, in a uWSGI ini, that finds nothing',
      files: { 'app.ini': '[uwsgi]\nmodule = app\n# nginx-uwsgi-lint disable-next-line\nmaster = true\n' },
      errors: [{ at: '3:1-3:37', message: 'this suppression found nothing to suppress on the next line: remove it' }],
    },
    {
      name: 'only the unused one of two rules in a file suppression',
      files: { 'site.conf': '# nginx-uwsgi-lint disable-file nginx/unknown-directive, nginx/argument-count\nserver {\n    server_nam a;\n}\n' },
      errors: [{ at: '1:1-1:78', message: '"nginx/argument-count" is suppressed here but reports nothing in this file: remove it from the comment' }],
    },
  ],
});
