// uwsgi/not-evaluated: the parts of an ini a static check does not run (`@()` reads and commands,
// remote includes, `for-glob`), each said once, at the part itself.
import { ruleTester } from '../support/rule-tester.js';

ruleTester('uwsgi/not-evaluated').run({
  valid: [
    { name: 'plain values and placeholders', files: '[uwsgi]\nmodule = app\nbase = /run\nsocket = %(base)/app.sock\n' },
  ],
  invalid: [
    {
      name: 'a command in a value, at the @()',
      files: '[uwsgi]\nmodule = app\nsocket = /run/@(exec://hostname).sock\n',
      errors: [{ at: '3:15-3:33', severity: 'info', message: '`@(exec://hostname)` is not read: the linter never reads, executes or fetches what `@()` names' }],
    },
    {
      name: 'a remote include and a for-glob block',
      files: '[uwsgi]\nmodule = app\nini = http://example.com/a.ini\nfor-glob = /etc/*.ini\nsocket = %(_)\nendfor =\n',
      errors: [
        { at: '3:7-3:31', message: '`ini = http://example.com/a.ini` is not loaded: the linter never executes or fetches anything' },
        { at: '4:1-4:22', message: '`for-glob` is not evaluated statically (it expands a glob on the file system); the options it governs are kept as conditional' },
      ],
    },
  ],
});
