#!/usr/bin/env node
import { runCli } from '../dist/src/cli.js';

// `nginx-uwsgi-lint . | head` closes the pipe early: stop quietly, without a stack trace.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2));

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
