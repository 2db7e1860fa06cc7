// The language server's partner cache (src/lsp/partners.ts): a walk's answer is reused while
// typing, and forgotten after its time or when cleared (save, open, close).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PARTNERS_TTL_MS, PartnerCache } from '../src/lsp/partners.js';

const dir = mkdtempSync(join(tmpdir(), 'nul-partners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reuses the partners until they are cleared or too old', async () => {
  mkdirSync(join(dir, '.git'));
  const site = join(dir, 'site.conf');
  writeFileSync(site, 'server {\n    location / {\n        uwsgi_pass unix:/run/app.sock;\n    }\n}\n');
  writeFileSync(join(dir, 'app.ini'), '[uwsgi]\nsocket = /run/app.sock\n');
  let now = 0;
  const cache = new PartnerCache(() => now);
  expect((await cache.get(site, [])).files).toEqual([join(dir, 'app.ini')]);

  writeFileSync(join(dir, 'other.ini'), '[uwsgi]\nsocket = /run/other.sock\n');
  now = PARTNERS_TTL_MS - 1;
  expect((await cache.get(site, [])).files).toEqual([join(dir, 'app.ini')]);
  now = PARTNERS_TTL_MS;
  expect((await cache.get(site, [])).files).toEqual([join(dir, 'app.ini'), join(dir, 'other.ini')]);

  rmSync(join(dir, 'other.ini'));
  expect((await cache.get(site, [])).files).toHaveLength(2);
  cache.clear();
  expect((await cache.get(site, [])).files).toEqual([join(dir, 'app.ini')]);
  // Another `pairs` setting is another question.
  const pairs = [{ nginx: site, uwsgi: join(dir, 'elsewhere.ini') }];
  expect((await cache.get(site, pairs)).files).toEqual([join(dir, 'elsewhere.ini')]);
});
