// lint/not-a-config: a file named outright that looks like another format gets one info line at
// the text that shows what it is, and no nginx or uWSGI findings. Given a kind (the library API),
// it is linted as that kind. Whole-repository walks are in test/not-a-config.test.ts.
import { expect, test } from 'vitest';
import { lintFiles, ruleTester } from '../support/rule-tester.js';

const tail = 'not an nginx or uWSGI config: this file was not linted (leave it off the command line, or add it to "ignores")';

ruleTester('lint/not-a-config').run({
  valid: [
    { name: 'an nginx site', kind: 'by-content', files: { 'sites-enabled/default': 'server {\n    listen 80;\n}\n' } },
    { name: 'a FreeRADIUS-looking site given the nginx kind', kind: 'nginx', files: { 'sites-enabled/default': 'server default {\n    listen 80;\n}\n' } },
  ],
  invalid: [
    {
      name: 'a FreeRADIUS site, at its server line',
      kind: 'by-content',
      files: { 'sites-enabled/default': '# FreeRADIUS\nserver default {\n    listen {\n        type = auth\n    }\n}\n' },
      errors: [{ at: '2:1-2:17', severity: 'info', message: `\`server default {\` looks like a FreeRADIUS config, ${tail}` }],
    },
    {
      name: 'a Varnish VCL file, at its version line',
      kind: 'by-content',
      files: { 'varnish/cache.conf': 'vcl 4.1;\nbackend default {\n    .host = "127.0.0.1";\n}\n' },
      errors: [{ at: '1:1-1:9', severity: 'info', message: `\`vcl 4.1;\` looks like a Varnish VCL file, ${tail}` }],
    },
  ],
});

test('a file not linted gets no other finding', async () => {
  const found = await lintFiles({ 'varnish/cache.conf': 'vcl 4.1;\nbackend default {\n    .host = "127.0.0.1";\n}\n' }, { kind: 'by-content' });
  expect(found.map((f) => f.ruleId)).toEqual(['lint/not-a-config']);
});
