// The standard include files shipped as data (src/nginx/standard-files.ts) are what Debian's
// nginx installs: where /etc/nginx has them (CI installs nginx-light), they must match.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { NginxFile } from '../src/nginx/ast.js';
import { parseNginx } from '../src/nginx/parse.js';
import { standardFiles } from '../src/nginx/standard-files.js';
import { fileFromTree, prebuiltStandardFile, treeData } from '../src/nginx/standard-trees.js';
import { createSourceFile } from '../src/source.js';

const installed = existsSync('/etc/nginx/uwsgi_params');
if (!installed) console.warn('SKIPPED nginx-standard-files: /etc/nginx/uwsgi_params is missing (apt-get install nginx-light to check the shipped copies)');

describe.skipIf(!installed && process.env.CI !== 'true')('standard files', () => {
  test.each(Object.keys(standardFiles))('%s matches /etc/nginx (regenerate with node scripts/gen-nginx-standard-files.js)', (name) => {
    expect(standardFiles[name]).toBe(readFileSync(`/etc/nginx/${name}`, 'utf8'));
  });
});

// The CLI bundle carries these files parsed at build time (src/nginx/standard-trees.ts): what it
// reads back must be exactly what parsing them gives.
describe('standard files parsed ahead of time', () => {
  test.each(Object.keys(standardFiles))('%s: the stored tree reads back as the parse', (name) => {
    const source = createSourceFile(`/etc/nginx/${name}`, standardFiles[name]);
    const parsed = parseNginx(source, {}, null);
    const data = treeData(parsed);
    expect(data, 'a standard file with diagnostics or Lua is not stored').not.toBeNull();
    const read = fileFromTree(JSON.parse(JSON.stringify(data)), source);
    const plain = (f: NginxFile) => JSON.parse(JSON.stringify({ ...f, source: undefined }, (k, v) => (k === 'source' || k === 'templated' ? undefined : v)));
    expect(plain(read)).toEqual(plain(parsed));
    expect([...read.names]).toEqual([...parsed.names]);
    expect(read.directives.length).toBeGreaterThan(0);
  });

  test('only the exact text of a standard file is read from its tree', () => {
    // What scripts/build-bin.js gives the bundle, given here (the library has no stored trees).
    const stored = treeData(parseNginx(createSourceFile('/etc/nginx/uwsgi_params', standardFiles.uwsgi_params), {}, null));
    (globalThis as { STANDARD_TREES?: string }).STANDARD_TREES = JSON.stringify({ uwsgi_params: stored });
    const copy = createSourceFile('/srv/site/uwsgi_params', standardFiles.uwsgi_params);
    const read = prebuiltStandardFile('uwsgi_params', copy);
    expect(read?.source).toBe(copy);
    expect(read?.directives.map((d) => d.args[0]?.value)).toContain('PATH_INFO');
    const edited = createSourceFile('/srv/site/uwsgi_params', standardFiles.uwsgi_params + 'uwsgi_param X 1;\n');
    const withBom = createSourceFile('/srv/site/uwsgi_params', '\uFEFF' + standardFiles.uwsgi_params);
    expect(prebuiltStandardFile('uwsgi_params', edited)).toBeUndefined();
    expect(prebuiltStandardFile('uwsgi_params', withBom)).toBeUndefined();
    expect(prebuiltStandardFile('not-a-standard-file', copy)).toBeUndefined();
  });

  test('a parse with diagnostics or a Lua body is not stored', () => {
    expect(treeData(parseNginx(createSourceFile('/x.conf', 'a b\n'), {}, null))).toBeNull();
    expect(treeData(parseNginx(createSourceFile('/x.conf', 'content_by_lua_block { x() }\n'), {}, null))).toBeNull();
  });

  test('the bundle has them', () => {
    const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'bundle/cli.cjs');
    if (!existsSync(bundle)) throw new Error('bundle/cli.cjs is missing: npm run build');
    const text = readFileSync(bundle, 'utf8');
    for (const name of ['uwsgi_params', 'mime.types']) expect(text).toContain(`"${name}":{"directives"`);
  });
});
