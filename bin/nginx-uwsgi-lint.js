#!/usr/bin/env node
// The CLI, from the bundle scripts/build-bin.js makes (one file, with V8's code cache): it
// starts about 80 ms sooner than the same code loaded as separate modules, which a pre-commit
// hook feels on every commit. This directory is CommonJS (bin/package.json): Node starts a
// CommonJS entry point about 4 ms sooner than an ES module one.
'use strict';

// The pre-commit hook and the Action run this file with whatever Node is on PATH: say plainly
// when it is too old, before the bundle (built for Node 20) fails in some less obvious way.
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(`nginx-uwsgi-lint: needs Node 20 or later, and ${process.execPath} is Node ${process.versions.node}. Put a newer node first on PATH (nvm, actions/setup-node).\n`);
  process.exit(2);
}

// The language server for editors (docs/editors.md): its own bundle, so that a command-line run
// does not load it (src/cli.ts never sees --lsp). Editors' clients may add --stdio; it is the only
// transport there is.
if (process.argv.slice(2).includes('--lsp')) {
  require('./nginx-uwsgi-lint-lsp.js');
  return;
}

const { existsSync } = require('node:fs');
const { loadBundle, saveCache, bundlePath } = require('./load-bundle.js');
if (!existsSync(bundlePath)) {
  process.stderr.write(`nginx-uwsgi-lint: ${bundlePath} is missing. In a clone of the repository, \`npm run build\` makes it; a release tag and the npm package carry it.\n`);
  process.exit(2);
}

// `nginx-uwsgi-lint . | head` closes the pipe early: stop quietly, without a stack trace.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2));

const { exports: cli, script, cacheRejected } = loadBundle();
// Keeps V8's young generation at the size loading left it: a quarter less peak memory on a large
// config, no slower (src/young-generation.ts). Not in runCli: tests run that in their own process.
cli.capYoungGeneration();
// TurboFan compiles fewer functions, each more cheaply (no inlining): a short run spends less time
// compiling and warming up (src/turbofan-short-run.ts).
cli.tuneTurbofanForShortRun();
cli.runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
    // A fresh checkout has no code cache (it is built, not committed): leave one for the next run.
    // Under the flags the next run loads it with, or V8 would reject the cache.
    if (cacheRejected) {
      cli.uncapYoungGeneration();
      cli.restoreTurbofanDefaults();
      saveCache(script);
    }
  },
  (error) => {
    // runCli reports its own failures; this is the last guard: one line, exit 2, no stack trace.
    process.stderr.write(`nginx-uwsgi-lint: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
