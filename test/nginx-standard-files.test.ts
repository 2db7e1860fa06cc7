// The standard include files shipped as data (src/nginx/standard-files.ts) are what Debian's
// nginx installs: where /etc/nginx has them (CI installs nginx-light), they must match.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { standardFiles } from '../src/nginx/standard-files.js';

const installed = existsSync('/etc/nginx/uwsgi_params');
if (!installed) console.warn('SKIPPED nginx-standard-files: /etc/nginx/uwsgi_params is missing (apt-get install nginx-light to check the shipped copies)');

describe.skipIf(!installed && process.env.CI !== 'true')('standard files', () => {
  test.each(Object.keys(standardFiles))('%s matches /etc/nginx (regenerate with node scripts/gen-nginx-standard-files.js)', (name) => {
    expect(standardFiles[name]).toBe(readFileSync(`/etc/nginx/${name}`, 'utf8'));
  });
});
