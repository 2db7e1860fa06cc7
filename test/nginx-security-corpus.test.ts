// The security rules over the shared corpus (deployed configs of the pairs, the h5bp tree):
// every finding was reviewed once and is pinned, one file per rule under
// __snapshots__/nginx-security-corpus/; none is a false error. The security rules are the ones
// listed here and every rule that answers a gixy check (meta.gixy).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { ruleDocFile } from '../src/rule.js';
import { corpusNginxFindings } from './support/nginx-corpus.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';

const corpusDir = sharedCorpusDir;
const hasCorpus = sharedCorpusAvailable('corpus review of the security rules');

const SECURITY_RULES = new Set([
  'nginx/alias-traversal', 'nginx/host-spoofing', 'nginx/add-header-redefinition', 'nginx/add-header-multiline', 'nginx/http-splitting',
  'nginx/ssrf', 'nginx/origins', 'nginx/valid-referers-none', 'nginx/version-disclosure', 'nginx/regex-redos', 'nginx/unanchored-regex',
  'nginx/if-is-evil', 'nginx/allow-without-deny', 'nginx/weak-tls', 'nginx/resolver-missing', 'nginx/force-https',
  'nginx/default-server-name', 'nginx/ssl-not-enabled',
  ...rules.filter((r) => (r.meta.gixy ?? []).length > 0).map((r) => r.meta.id),
]);

const SNAPSHOTS = join(import.meta.dirname, '__snapshots__', 'nginx-security-corpus');

describe.skipIf(!hasCorpus)('deployed configs of the corpus', () => {
  let lines: string[] = [];
  beforeAll(async () => {
    lines = await corpusNginxFindings(corpusDir, SECURITY_RULES);
  }, 180_000);

  test.each([...SECURITY_RULES].sort())('findings of %s, pinned', async (id) => {
    const own = lines.filter((l) => l.endsWith(`[${id}]`));
    const file = join(SNAPSHOTS, ruleDocFile(id).replace(/\.md$/, '.txt'));
    if (own.length === 0) {
      // A rule silent on the corpus keeps no file (an update removes a stale one).
      if (process.env.UPDATE_SNAPSHOTS || process.argv.includes('-u')) rmSync(file, { force: true });
      expect(existsSync(file), `${id} found nothing on the corpus, but ${file} pins findings`).toBe(false);
      return;
    }
    await expect(own.join('\n') + '\n').toMatchFileSnapshot(file);
  });
});
