// Loads the CLI bundle (bundle/cli.cjs, built by scripts/build-bin.js and committed) through V8's
// code cache when bundle/cli.cache (built, never committed) holds one made by this Node version
// for this very bundle: V8 then skips compiling the bundle and the functions a typical run calls,
// about 40 ms of a pre-commit run. Any other cache (another Node, a rebuilt bundle, a missing or
// damaged file) is rejected by V8 and the bundle is compiled as usual; that run then leaves its
// own cache behind (saveCache), so a fresh checkout (the pre-commit hook's clone, the Action's)
// compiles once and later runs start from the cache.
// CommonJS, like the rest of bin/ (bin/package.json); ES modules import it by name as well.
'use strict';
const { isAscii } = require('node:buffer');
const { accessSync, constants, readFileSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const bundleDir = join(__dirname, '..', 'bundle');
const bundlePath = join(bundleDir, 'cli.cjs');
const cachePath = join(bundleDir, 'cli.cache');

/**
 * Runs the bundle as a CommonJS module and returns its exports, with the Script it was compiled
 * as (scripts/build-bin.js asks it for the cache after a training run).
 * @param {{ useCache?: boolean }} [options]
 */
function loadBundle({ useCache = true } = {}) {
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(cachePath);
    } catch {
      cachedData = undefined;
    }
  }
  // The build makes the bundle all ASCII (scripts/build-bin.js): then latin1 reads it exactly,
  // and is a plain copy where UTF-8 decoding took 4-6 ms of every run.
  const bytes = readFileSync(bundlePath);
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new Script(Module.wrap(text), { filename: bundlePath, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(bundlePath), module, bundlePath, bundleDir);
  return { exports: module.exports, script, cacheRejected: cachedData === undefined || script.cachedDataRejected === true };
}

/**
 * Writes V8's code cache of the bundle as this run compiled it (the bundle and the functions the
 * run called) to bundle/cli.cache, for the next run. For a run whose cache was rejected or
 * missing. Written under a temporary name and renamed, so another run reads a whole cache or
 * none. A directory this user may not write (a package installed by root) is left alone, before
 * the cache is made, so such a run pays nothing.
 * @param {import('node:vm').Script} script
 */
function saveCache(script) {
  try {
    accessSync(bundleDir, constants.W_OK);
  } catch {
    return;
  }
  const temporary = join(bundleDir, `cli.${process.pid}.cache`);
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cachePath);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Never written.
    }
  }
}

module.exports = { loadBundle, saveCache, bundlePath, cachePath };
