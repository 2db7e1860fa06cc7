// How large V8's young generation may grow in a command-line run: the CLI's process only, never
// a program that imports the library (a flag set here holds for the whole process).
//
// V8 doubles the young generation (two semi-spaces, 1 MiB each at start) whenever most of what it
// holds survives a scavenge, up to 16 MiB each. Parsing a config is exactly that: the tree
// survives. So a run over one large config ends with 32 MiB of semi-spaces, a quarter of its
// peak memory, and copies no less for it (survivors are copied whatever the size). Measured on
// bench/'s varied config (1.66 MB): kept at the 2 MiB the bundle's loading leaves, peak RSS
// 139 -> 115 MiB at the same time or less (bench/README.md, "Issue 20, fifth session").
//
// A run whose heap grows large (tens of thousands of files) pays for small semi-spaces instead:
// each scavenge also walks the old generation's pointers into the young one, and there are more
// of them. Once the heap passes HEAP_LARGE the young generation may grow again as V8 sees fit.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { endShortRun } from './turbofan-short-run.js';

/** Past this much live heap, small semi-spaces cost more time than they save memory. */
const HEAP_LARGE = 160 * 1024 * 1024;
/** Files read between two looks at the heap (a look costs microseconds; a file, tens of them). */
const LOOK_EVERY = 64;

let capped = false;
let filesSinceLook = 0;

/** For the CLI's process, once the bundle is loaded: the young generation stops growing. */
export function capYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  capped = true;
}

/**
 * V8's default again. V8 rejects a code cache made under other flag values than its own (the
 * cache holds a hash of them), so the bin calls this before it saves bundle/cli.cache for the
 * next run, which loads the bundle under the defaults.
 */
export function uncapYoungGeneration(): void {
  // V8's default factor (v8 flag-definitions.h: semi_space_growth_factor, 2).
  setFlagsFromString('--semi-space-growth-factor=2');
  capped = false;
}

/**
 * Called for each file a run reads: lets the young generation grow again once the heap is large,
 * and TurboFan work as V8 would (src/turbofan-short-run.ts): such a run is long.
 */
export function noteFileRead(): void {
  if (!capped || ++filesSinceLook < LOOK_EVERY) return;
  filesSinceLook = 0;
  if (getHeapStatistics().used_heap_size >= HEAP_LARGE) {
    uncapYoungGeneration();
    endShortRun();
  }
}
