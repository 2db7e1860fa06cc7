// uwsgi/limit: a value whose placeholder expansion never ends (an option that refers to itself),
// where uWSGI would grow the value until it runs out of memory.
import { ruleTester } from '../support/rule-tester.js';

ruleTester('uwsgi/limit').run({
  valid: [
    { name: 'a placeholder of another option', files: '[uwsgi]\nchdir = /srv/app\npythonpath = %(chdir)/lib\nmodule = app\n' },
  ],
  invalid: [
    {
      name: 'pythonpath that appends to itself, on its value',
      files: '[uwsgi]\nchdir = /srv/app\npythonpath = %(chdir)/lib:%(pythonpath)\nmodule = app\n',
      errors: [{ at: '3:14-3:40', severity: 'error', message: 'expanding `pythonpath` never ends (placeholder cycle): uWSGI would grow this value until it runs out of memory' }],
    },
  ],
});
