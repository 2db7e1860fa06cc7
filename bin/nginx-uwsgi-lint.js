#!/usr/bin/env node
// The CLI, from the bundle scripts/build-bin.js makes (one file, with V8's code cache): it
// starts about 80 ms sooner than the same code loaded as separate modules, which a pre-commit
// hook feels on every commit.
import { loadBundle } from './load-bundle.js';

// `nginx-uwsgi-lint . | head` closes the pipe early: stop quietly, without a stack trace.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2));

const { runCli } = loadBundle().exports;
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
