#!/usr/bin/env node
// The language server (src/lsp/), from bundle/lsp.cjs: LSP over stdin/stdout for editors
// (docs/editors.md). `nginx-uwsgi-lint --lsp` starts the same.
'use strict';

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(`nginx-uwsgi-lint-lsp: needs Node 20 or later, and ${process.execPath} is Node ${process.versions.node}.\n`);
  process.exit(2);
}
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const bundle = join(__dirname, '..', 'bundle', 'lsp.cjs');
if (!existsSync(bundle)) {
  process.stderr.write(`nginx-uwsgi-lint-lsp: ${bundle} is missing. In a clone of the repository, \`npm run build\` makes it.\n`);
  process.exit(2);
}
require(bundle).main();
