// After `ohm generateBundles`: make each grammar bundle load ohm-js's single-file CommonJS build
// instead of its ESM source tree. Same library and version; the CLI starts about 30 ms sooner
// (one file to load instead of about fifty), which matters for a pre-commit hook.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'grammars');
const ESM_IMPORT = "import {makeRecipe} from 'ohm-js';";
const CJS_IMPORT = "import {createRequire} from 'node:module';const {makeRecipe}=createRequire(import.meta.url)('ohm-js');";
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.ohm-bundle.js')) continue;
  const path = join(dir, name);
  const text = readFileSync(path, 'utf8');
  if (text.startsWith(CJS_IMPORT)) continue;
  if (!text.startsWith(ESM_IMPORT)) throw new Error(`${name}: unexpected bundle header, not rewritten`);
  writeFileSync(path, CJS_IMPORT + text.slice(ESM_IMPORT.length));
}
