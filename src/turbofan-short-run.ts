// How V8's optimising compiler (TurboFan) works in a command-line run: on fewer functions, each
// compiled more cheaply. The CLI's process only, never a program that imports the library (a flag
// set here holds for the whole process); the language server, which runs for hours, keeps V8's
// defaults.
//
// A command-line run is short: most of its time is code V8 is still warming up, and TurboFan's
// compile jobs run on the one other core of a small machine, beside the scavenger's helpers. So:
// - no inlining: a job that inlines is several times larger and slower, and deoptimises when any
//   inlined callee meets a new shape;
// - no loop peeling, load elimination, escape analysis or store elimination: cheaper jobs for
//   code that runs a few hundred milliseconds;
// - an interrupt budget twice V8's: a function is optimised after twice the bytecode has run in
//   it, so fewer functions are compiled at all (less CPU: it counts most when the other core is busy).
// Measured in alternating runs of copies of the CLI, each with its own code cache (bench/README.md,
// "Issue 20, ninth session"): the varied benchmark config 476 -> 408 ms with inlining off, then
// 467 -> 443 with the rest (and 587 -> 541 with another process keeping one core busy), the
// synthetic config 379 -> 355, the one-shape pair 386 -> 370; 10,000 files, a 4 MB ini and the
// small pair equal.
//
// A run whose heap grows large (tens of thousands of files) is long: there V8's defaults pay
// again, and src/young-generation.ts's noteFileRead() restores them (endShortRun).
//
// V8 reads these flags when it starts a compile job or sets a function's budget, so setting them
// after the bundle is loaded holds for the rest of the run; they are part of the hash V8 keeps in
// a code cache, so the bin restores the defaults before it saves bundle/cli.cache for the next
// run (which loads the bundle under the defaults).
import { setFlagsFromString } from 'node:v8';

/** The settings for a short run, and V8's defaults (v8 flag-definitions.h) to restore. */
const SHORT_RUN = ['--no-turbo-inlining', '--no-turbo-loop-peeling', '--no-turbo-load-elimination', '--no-turbo-escape', '--no-turbo-store-elimination', '--interrupt-budget=135168'];
const DEFAULTS = ['--turbo-inlining', '--turbo-loop-peeling', '--turbo-load-elimination', '--turbo-escape', '--turbo-store-elimination', '--interrupt-budget=67584'];

/** Whether this process tuned TurboFan (the CLI's does; a program that imports the library never). */
let tuned = false;

/** For the CLI's process, once the bundle is loaded. */
export function tuneTurbofanForShortRun(): void {
  setFlagsFromString(SHORT_RUN.join(' '));
  tuned = true;
}

/** V8's defaults again, before a code cache is saved. */
export function restoreTurbofanDefaults(): void {
  setFlagsFromString(DEFAULTS.join(' '));
  tuned = false;
}

/**
 * The run turned out long (its heap is large: tens of thousands of files): V8's defaults pay
 * again, optimising more and better (50,000 one-server files 7253 -> 7008 ms). Only where this
 * process tuned them: flags a library user set stay as they are.
 */
export function endShortRun(): void {
  if (tuned) restoreTurbofanDefaults();
}
