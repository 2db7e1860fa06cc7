#!/usr/bin/env node
// The CLI, from the bundle scripts/build-bin.js makes (one file, with V8's code cache): it
// starts about 80 ms sooner than the same code loaded as separate modules, which a pre-commit
// hook feels on every commit. This directory is CommonJS (bin/package.json): Node starts a
// CommonJS entry point about 4 ms sooner than an ES module one.
'use strict';
const { loadBundle } = require('./load-bundle.js');

// `nginx-uwsgi-lint . | head` closes the pipe early: stop quietly, without a stack trace.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2));

const { runCli } = loadBundle().exports;
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // runCli reports its own failures; this is the last guard: one line, exit 2, no stack trace.
    process.stderr.write(`nginx-uwsgi-lint: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
