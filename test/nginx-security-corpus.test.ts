// The security rules over the shared corpus (deployed configs of the pairs, the h5bp tree):
// every finding was reviewed once and is pinned; none is a false error.
import { describe, expect, test } from 'vitest';
import { corpusNginxFindings } from './support/nginx-corpus.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';

const corpusDir = sharedCorpusDir;
const hasCorpus = sharedCorpusAvailable('corpus review of the security rules');

const SECURITY_RULES = new Set([
  'nginx/alias-traversal', 'nginx/host-spoofing', 'nginx/add-header-redefinition', 'nginx/add-header-multiline', 'nginx/http-splitting',
  'nginx/ssrf', 'nginx/origins', 'nginx/valid-referers-none', 'nginx/version-disclosure', 'nginx/regex-redos', 'nginx/unanchored-regex',
  'nginx/if-is-evil', 'nginx/allow-without-deny', 'nginx/weak-tls', 'nginx/resolver-missing', 'nginx/force-https',
  'nginx/default-server-name', 'nginx/ssl-not-enabled',
]);

describe.skipIf(!hasCorpus)('deployed configs of the corpus', () => {
  test('findings of the security rules, pinned', async () => {
    const lines = await corpusNginxFindings(corpusDir, SECURITY_RULES);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/nginx-security-corpus.txt');
  }, 120_000);
});
