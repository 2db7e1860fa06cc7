// What `require('nginx-uwsgi-lint')` loads (package.json exports, the "require" condition): the
// package is an ES module only, and Node 20 cannot require() one. Without this file Node says
// ERR_PACKAGE_PATH_NOT_EXPORTED, which reads as a broken install; this says what to write instead.
'use strict';
const error = new Error(
  'nginx-uwsgi-lint is an ES module only; require() cannot load it. ' +
    "From CommonJS, load it with: const { lint } = await import('nginx-uwsgi-lint'). " +
    "In an ES module (.mjs, or \"type\": \"module\" in package.json): import { lint } from 'nginx-uwsgi-lint'. " +
    'TypeScript compiling to CommonJS keeps import() only with "module": "node16" or "nodenext".',
);
// The code Node gives require() of an ES module: loaders that fall back to import() on it still do.
error.code = 'ERR_REQUIRE_ESM';
throw error;
