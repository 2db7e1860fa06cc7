// uwsgi/syntax: the logic blocks uWSGI refuses or applies wider than they look: a loop inside a
// condition (uWSGI exits), a block never closed (it governs every later option). Parser-level
// cases are in test/uwsgi-parse.test.ts.
import { ruleTester } from '../support/rule-tester.js';

ruleTester('uwsgi/syntax').run({
  valid: [
    { name: 'a closed condition', files: '[uwsgi]\nmodule = app\nif-exists = /srv\nmaster = true\nendif =\n' },
    { name: 'a loop on its own', files: '[uwsgi]\nmodule = app\nfor = 8001 8002\nhttp-socket = 127.0.0.1:%(_)\nendfor =\n' },
  ],
  invalid: [
    {
      name: 'a for inside an if-env block, on the for',
      files: '[uwsgi]\nmodule = app\nif-env = PROD\nfor = 1 2\nhttp = :%(_)\nendfor =\n',
      errors: [
        {
          at: '4:1-4:4',
          severity: 'error',
          message: '`for` inside the `if-env` block opened on line 3: uWSGI exits with "recursive logic in options is not supported"; close that block (`endif`) first',
        },
      ],
    },
    {
      name: 'an if-exists never closed: a warning on its key',
      files: '[uwsgi]\nmodule = app\nif-exists = /srv\nmaster = true\n',
      errors: [
        {
          at: '3:1-3:10',
          severity: 'warning',
          message: '`if-exists` block is never closed: uWSGI applies it to every later option of section [uwsgi], including files loaded after this one; add `endif`',
        },
      ],
    },
  ],
});
