// bench/naive-ohm.js stands for the "naive Ohm grammar" yardstick: it has to parse what
// the synthetic config holds (comments, quotes, nested blocks), or its throughput means nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticHttpConfig } from '../bench/synthetic.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'nul-yardstick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(variant: string, text: string) {
  const file = join(dir, `${variant}-${text.length}.conf`);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [join(repo, 'bench/naive-ohm.js'), variant, file], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, out: r.status === 0 ? JSON.parse(r.stdout) : null };
}

describe('the naive Ohm grammars of the bench', () => {
  it.each(['naive', 'ranges'])('%s: parses a small synthetic config, comments and quotes included', (variant) => {
    const text = `${syntheticHttpConfig(10, { logDir: 'logs' })}# a comment { ; }\nadd_header X-Q "a;b {c}" 'd e';\n`;
    const r = run(variant, text);
    expect(r.stderr).toBe('');
    // The synthetic config's top-level statements, then the add_header.
    expect(r.out).toMatchObject({ variant, bytes: text.length, statements: text.split('\n').filter((l) => /^[a-z]/.test(l)).length });
  });

  it.each(['naive', 'ranges'])('%s: refuses what is not a config (exit 1, one line)', (variant) => {
    const r = run(variant, 'server {\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
