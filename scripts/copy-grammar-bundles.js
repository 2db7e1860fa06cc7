// After tsc: copy the generated Ohm bundles into dist/grammars/ so that the compiled modules in
// dist/src/** find them at the same relative path as the sources in src/** do.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'grammars');
const to = join(root, 'dist', 'grammars');
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
  if (name.endsWith('.ohm-bundle.js') || name.endsWith('.ohm-bundle.d.ts')) {
    copyFileSync(join(from, name), join(to, name));
  }
}
