// Loads the CLI bundle (bundle/cli.cjs, built by scripts/build-bin.js and committed) through V8's
// code cache when bundle/cli.cache (built, never committed) holds one made by this Node version
// for this very bundle: V8 then skips compiling the bundle and the functions a typical run calls,
// about 40 ms of a pre-commit run. Any other cache (another Node, a rebuilt bundle, a missing or damaged file)
// is rejected by V8 and the bundle is compiled as usual. Nothing is written at run time.
// CommonJS, like the rest of bin/ (bin/package.json); ES modules import it by name as well.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync } = require('node:fs');
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

module.exports = { loadBundle, bundlePath, cachePath };
