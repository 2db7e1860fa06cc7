// Builds what the .vsix holds: dist/extension.js (src/extension.js with vscode-languageclient, one
// file: the package is made with --no-dependencies), and server/ (the repository's language server
// bundle, bundle/lsp.cjs, which `npm run build` at the top makes), and a copy of the LICENSE.
// node build.mjs, from anywhere; then `npx vsce package --no-dependencies` here (npm run package).
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const lsp = join(repo, 'bundle', 'lsp.cjs');
if (!existsSync(lsp)) throw new Error(`${lsp} is missing: run \`npm run build\` at the top of the repository first`);

await build({
  absWorkingDir: here,
  entryPoints: [join(here, 'src', 'extension.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  outfile: join(here, 'dist', 'extension.js'),
  logLevel: 'warning',
  nodePaths: [join(repo, 'node_modules')],
});
mkdirSync(join(here, 'server'), { recursive: true });
copyFileSync(lsp, join(here, 'server', 'lsp.cjs'));
// The server's entry: the bundle exports main(), which serves LSP on stdin/stdout.
writeFileSync(join(here, 'server', 'nginx-uwsgi-lint-lsp.js'), "'use strict';\nrequire('./lsp.cjs').main();\n");
copyFileSync(join(repo, 'LICENSE'), join(here, 'LICENSE'));
