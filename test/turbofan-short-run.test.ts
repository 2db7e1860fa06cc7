// src/turbofan-short-run.ts: the CLI tunes TurboFan for a short run once the bundle is loaded
// (inlining off among the rest), and restores V8's defaults before it saves the code cache (that
// the next run then accepts the cache is test/bundle.test.ts's). Whether V8 heeds a flag set at run time is checked in a
// process of its own (the flag holds for the whole process), by what TurboFan says it inlines
// (--trace-turbo-inlining) when a function is optimised on demand: no time is measured.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(repo, 'dist/src/turbofan-short-run.js');

/** What TurboFan inlines into a small caller optimised after `steps` (the module's calls, in order). */
function inlinedAfter(steps: ('tune' | 'restore' | 'end' | 'user')[]): string[] {
  const script = `
    import { endShortRun, restoreTurbofanDefaults, tuneTurbofanForShortRun } from ${JSON.stringify(pathToFileURL(built).href)};
    import { setFlagsFromString } from 'node:v8';
    const steps = { tune: tuneTurbofanForShortRun, restore: restoreTurbofanDefaults, end: endShortRun, user: () => setFlagsFromString('--no-turbo-inlining') };
    for (const step of ${JSON.stringify(steps)}) steps[step]();
    function callee(a) { return a.x + 1; }
    function caller(a) { return callee(a) * 2; }
    %PrepareFunctionForOptimization(callee);
    %PrepareFunctionForOptimization(caller);
    caller({ x: 1 });
    caller({ x: 2 });
    %OptimizeFunctionOnNextCall(caller);
    caller({ x: 3 });
  `;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--trace-turbo-inlining', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return child.stdout.split('\n').filter((line) => /^Inlining .*callee.* into .*caller/.test(line));
}

describe.skipIf(!existsSync(built))('TurboFan for a short run (CLI only)', { timeout: 60_000 }, () => {
  if (!existsSync(built)) console.warn('turbofan-short-run.test.ts: skipped, dist/ is not built (npm run build)');

  it('V8 inlines a small callee by default (the check below can see inlining)', () => {
    expect(inlinedAfter([])).toHaveLength(1);
  });

  it('tuneTurbofanForShortRun(), called at run time, stops it', () => {
    expect(inlinedAfter(['tune'])).toEqual([]);
  });

  it('restoreTurbofanDefaults() brings the default back', () => {
    expect(inlinedAfter(['tune', 'restore'])).toHaveLength(1);
  });

  it('endShortRun() (a run grown long) brings the defaults back where the process tuned them', () => {
    expect(inlinedAfter(['tune', 'end'])).toHaveLength(1);
  });

  it('endShortRun() leaves alone the flags of a process that never tuned them (a library user\'s own)', () => {
    expect(inlinedAfter(['user', 'end'])).toEqual([]);
  });
});
