// Whether V8's optimising compiler (TurboFan) inlines the functions a hot function calls, in a
// command-line run: not. The CLI's process only, never a program that imports the library (a flag
// set here holds for the whole process).
//
// A command-line run is short: most of its time is code that V8 is still warming up (bench/README.md,
// "Issue 20, ninth session"), and a TurboFan compile job that inlines is several times larger and
// slower than one that does not, and deoptimises again when any inlined callee meets a new shape.
// Measured in alternating runs of two copies of the CLI, each with its own code cache: the varied
// benchmark config 476 -> 408 ms, the one-shape pair 369 -> 330, the synthetic config 347 -> 298, the
// shared corpus 317 -> 290, 10,000 files 1488 -> 1415, 50,000 files no slower; the small pair and a
// 4 MB ini equal. The language server, which runs for hours, keeps V8's default.
//
// V8 reads the flag when it starts a compile job, so setting it after the bundle is loaded holds
// for every optimisation of the run; it is part of the hash V8 keeps in a code cache, so the bin
// restores the default before it saves bundle/cli.cache for the next run (which loads the bundle
// under the defaults).
import { setFlagsFromString } from 'node:v8';

/** For the CLI's process, once the bundle is loaded: TurboFan compiles each function on its own. */
export function stopInlining(): void {
  setFlagsFromString('--no-turbo-inlining');
}

/** V8's default again (v8 flag-definitions.h: turbo_inlining, true). */
export function restoreInlining(): void {
  setFlagsFromString('--turbo-inlining');
}
