// nginx/include-cycle: files that include each other, reported on the include that closes the
// loop with the loop spelt out; the same file included twice is no loop. Deep chains and globs
// are in test/nginx-hostile.test.ts and test/nginx-resolve.test.ts.
import { ruleTester } from '../support/rule-tester.js';

const main = (...includes: string[]) => `events {}\nhttp {\n${includes.map((i) => `    include ${i};\n`).join('')}}\n`;
const TAIL = 'nginx would include these files until it runs out of memory or file descriptors';

ruleTester('nginx/include-cycle').run({
  valid: [
    { name: 'one file included twice, side by side', files: { 'nginx.conf': main('conf.d/a.conf', 'conf.d/a.conf'), 'conf.d/a.conf': 'gzip on;\n' } },
    { name: 'a chain that ends', files: { 'nginx.conf': main('conf.d/a.conf'), 'conf.d/a.conf': 'include conf.d/b.conf;\n', 'conf.d/b.conf': 'gzip on;\n' } },
  ],
  invalid: [
    {
      name: 'two files that include each other, on the include that closes the loop',
      files: { 'nginx.conf': main('conf.d/*.conf'), 'conf.d/a.conf': 'include conf.d/b.conf;\n', 'conf.d/b.conf': 'include conf.d/a.conf;\n' },
      errors: [{ at: 'conf.d/b.conf:1:9-1:22', severity: 'error', message: `include cycle: conf.d/a.conf -> conf.d/b.conf -> conf.d/a.conf; ${TAIL}` }],
    },
    {
      name: 'a file that includes itself',
      files: { 'nginx.conf': main('conf.d/a.conf'), 'conf.d/a.conf': 'gzip on;\ninclude conf.d/a.conf;\n' },
      errors: [{ at: 'conf.d/a.conf:2:9-2:22', message: `include cycle: conf.d/a.conf -> conf.d/a.conf; ${TAIL}` }],
    },
  ],
});
