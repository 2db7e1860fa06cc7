// Any input, however broken, gets diagnostics and never an internal error: corpus pairs mangled
// at random (seeded) are linted with every rule. An "internal error" finding means a rule or a
// resolver threw on some input.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lintText } from '../src/lint.js';
import { mangle } from './support/mangle.js';
import { seeded } from './support/random.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';

const pairsDir = join(sharedCorpusDir, 'pairs');

describe.skipIf(!sharedCorpusAvailable('mangled corpus pairs', 'pairs'))('mangled corpus pairs', () => {
  test('no internal error on 400 mangled pairs', async () => {
    const pairs = readdirSync(pairsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(pairsDir, e.name));
    const next = seeded(20261125);
    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      const dir = pairs[Math.floor(next() * pairs.length)];
      const files = readdirSync(dir).map((name) => ({ path: `p/${name}`, text: mangle(readFileSync(join(dir, name), 'utf8'), next) }));
      const result = await lintText(files, { cwd: '/fuzz' });
      for (const r of result.results) {
        for (const m of r.messages) {
          if (m.message.includes('internal error') || m.ruleId === 'lint/internal-error') failures.push(`#${i} ${dir}: ${r.filePath}:${m.line}: ${m.message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
