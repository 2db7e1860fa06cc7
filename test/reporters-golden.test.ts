// Golden files: the same findings through every reporter, compared byte for byte with
// test/fixtures/golden/expected.* (UPDATE_GOLDEN=1 rewrites them; review the diff).
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatters } from '../src/index.js';
import { GOLDEN_SARIF_OPTIONS, goldenResult, goldenRules, goldenUrl, readGolden } from './fixtures/golden/load.js';

const outputs: [string, () => string][] = [
  ['expected.txt', () => formatters.text(goldenResult(), { rules: goldenRules() })],
  ['expected.color.txt', () => formatters.text(goldenResult(), { color: true, rules: goldenRules() })],
  ['expected.json', () => formatters.json(goldenResult(), { indent: 2 })],
  ['expected.sarif', () => formatters.sarif(goldenResult(), { ...GOLDEN_SARIF_OPTIONS, rules: goldenRules() })],
  ['expected.github.txt', () => formatters.github(goldenResult())],
  ['expected.gitlab.json', () => formatters.gitlab(goldenResult(), { cwd: '/work/repo', rules: goldenRules() })],
  ['expected.checkstyle.xml', () => formatters.checkstyle(goldenResult())],
];

describe('golden reporter output', () => {
  for (const [name, produce] of outputs) {
    it(name, () => {
      const actual = produce();
      if (process.env.UPDATE_GOLDEN) writeFileSync(goldenUrl(name), actual);
      expect(actual).toBe(readGolden(name));
    });
  }
});
