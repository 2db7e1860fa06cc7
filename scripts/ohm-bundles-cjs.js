// After `ohm generateBundles`: make each grammar bundle build its grammar when first asked, from
// ohm-js's single-file CommonJS build instead of its ESM source tree.
// - One file to load instead of about fifty: the CLI starts about 30 ms sooner.
// - Lazily: the bundle exports load() instead of the grammar, and requires ohm-js inside it. A
//   run whose every statement and ini line comes from the parsers' shape caches (the CLI bundle
//   ships the common shapes: src/nginx/shape-seeds.ts) never loads Ohm, its grammar or its
//   semantics, about 10 ms of a small run. The CLI bundle's build turns that require into its own
//   (scripts/build-bin.js), so Ohm stays inside the bundle and is still initialised only then.
// The .d.ts gets the same change. Same library and version, same grammar.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'grammars');
const ESM_IMPORT = "import {makeRecipe} from 'ohm-js';const result=makeRecipe(";
const ESM_EXPORT = ');export default result;';
const LAZY_HEAD = "import {createRequire} from 'node:module';let result;export function load(){if(result===undefined){const {makeRecipe}=createRequire(import.meta.url)('ohm-js');result=makeRecipe(";
const LAZY_TAIL = ');}return result;}';
const TYPES_EXPORT = /declare const grammar: (\w+);\nexport default grammar;\s*$/;

for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (name.endsWith('.ohm-bundle.js')) {
    const text = readFileSync(path, 'utf8').trimEnd();
    if (text.startsWith(LAZY_HEAD)) continue;
    if (!text.startsWith(ESM_IMPORT) || !text.endsWith(ESM_EXPORT)) throw new Error(`${name}: unexpected bundle shape, not rewritten`);
    writeFileSync(path, LAZY_HEAD + text.slice(ESM_IMPORT.length, -ESM_EXPORT.length) + LAZY_TAIL + '\n');
  } else if (name.endsWith('.ohm-bundle.d.ts')) {
    const text = readFileSync(path, 'utf8');
    if (text.includes('export declare function load()')) continue;
    if (!TYPES_EXPORT.test(text)) throw new Error(`${name}: unexpected declarations, not rewritten`);
    writeFileSync(path, text.replace(TYPES_EXPORT, (_all, type) => `/** The grammar, built on the first call (Ohm is loaded then). */\nexport declare function load(): ${type};\n`));
  }
}
