// TIMING=1 (as in ESLint): phase and rule times on standard error, the report untouched.
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { createTiming, formatTiming, timingRows } from '../src/timing.js';

async function cli(args: string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: process.cwd(), env });
  return { code, stdout, stderr };
}

describe('TIMING', () => {
  it('reads the row count as ESLint does', () => {
    expect(timingRows(undefined)).toBeNull();
    expect(timingRows('')).toBeNull();
    expect(timingRows('1')).toBe(10);
    expect(timingRows('3')).toBe(3);
    expect(timingRows('all')).toBe(Infinity);
  });

  it('lists phases in order and rules slowest first, each relative to all of its table', () => {
    const t = createTiming();
    t.phases.set('parse', 30).set('rules', 10);
    t.rules.set('a/fast', 1).set('a/slow', 6).set('a/mid', 3);
    const out = formatTiming(t, 2).split('\n');
    expect(out[2]).toMatch(/^parse\s+\|\s+30\.0 \|\s+75\.0%$/);
    expect(out[3]).toMatch(/^rules\s+\|\s+10\.0 \|\s+25\.0%$/);
    expect(out.filter((l) => l.startsWith('a/'))).toEqual([expect.stringMatching(/^a\/slow .*60\.0%$/), expect.stringMatching(/^a\/mid .*30\.0%$/)]);
  });

  it('prints the tables on standard error after a real run, and nothing without TIMING', async () => {
    const timed = await cli(['--format', 'json', 'examples/clean'], { TIMING: 'all', NO_COLOR: '1' });
    const plain = await cli(['--format', 'json', 'examples/clean'], { NO_COLOR: '1' });
    expect(timed.code).toBe(plain.code);
    expect(JSON.parse(timed.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(plain.stderr).toBe('');
    expect(timed.stderr).toMatch(/^Phase /);
    for (const phase of ['discover', 'read, parse, resolve', 'model', 'rules', 'results', 'report']) expect(timed.stderr).toContain(`\n${phase} `);
    expect(timed.stderr).toContain('\nnginx/unknown-directive ');
    expect(timed.stderr).toContain('\npair/socket-mismatch ');
  });
});
