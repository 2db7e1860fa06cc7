// uwsgi/include: an `ini =` that uWSGI cannot load (it exits at startup), or that loads a file
// already being loaded (it recurses until it crashes). Resolution details are in
// test/uwsgi-resolve.test.ts.
import { ruleTester } from '../support/rule-tester.js';

ruleTester('uwsgi/include').run({
  valid: [
    { name: 'an include beside the ini, by %d', files: { 'app.ini': '[uwsgi]\nini = %dcommon.ini\nmodule = app\n', 'common.ini': '[uwsgi]\nmaster = true\n' } },
  ],
  invalid: [
    {
      name: 'a relative include that is not there, on its value',
      files: { 'app.ini': '[uwsgi]\nini = common.ini\nmodule = app\n' },
      errors: [
        {
          at: '2:7-2:17',
          severity: 'error',
          message:
            'cannot read `/project/common.ini` for `ini`: uWSGI exits at startup (a relative path is taken from the directory uWSGI starts in, here /project, not from this file\'s; `%dcommon.ini` is relative to this file)',
        },
      ],
    },
    {
      name: 'two inis that include each other: both includes',
      files: { 'app.ini': '[uwsgi]\nini = %dcommon.ini\nmodule = app\n', 'common.ini': '[uwsgi]\nini = %dapp.ini\n' },
      errors: [
        {
          at: 'app.ini:2:7-2:19',
          message: '`ini = /project/common.ini` includes a file that is already being loaded (/project/common.ini:uwsgi -> /project/app.ini:uwsgi -> /project/common.ini:uwsgi): uWSGI recurses until it crashes',
        },
        {
          at: 'common.ini:2:7-2:16',
          message: '`ini = /project/app.ini` includes a file that is already being loaded (/project/app.ini:uwsgi -> /project/common.ini:uwsgi -> /project/app.ini:uwsgi): uWSGI recurses until it crashes',
        },
      ],
    },
  ],
});
