// Builds the playground (playground/index.html + playground/main.ts) into playground/dist/ for a
// browser: one script (an IIFE, so that file:// works too), no Node builtin, no polyfill. node scripts/build-playground.js
//
// A few modules load a dependency lazily with createRequire(import.meta.url)(...) (ohm-js in the
// grammar bundles, yaml, the uWSGI option table): a Node start-up saving. As scripts/build-bin.js
// does for the CLI bundle, that call becomes a plain require() which esbuild puts in the bundle,
// and the node:module import that served it goes. Anything else reaching Node fails the build.
import { readFile, mkdir, copyFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const CREATE_REQUIRE_IMPORT = /import\s*\{\s*createRequire\s*\}\s*from\s*['"]node:module['"];?/g;

export const lazyRequirePlugin = {
  name: 'lazy-require',
  setup(b) {
    b.onLoad({ filter: /\.(ts|js)$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('createRequire(import.meta.url)(')) return undefined;
      const contents = text.replace(CREATE_REQUIRE_IMPORT, '').replace(/createRequire\(import\.meta\.url\)\(/g, 'require(');
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/** esbuild options for a browser bundle of `entry` (no Node builtins: `external` is empty). */
export function browserBuildOptions(entry, extra = {}) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    external: [],
    plugins: [lazyRequirePlugin],
    loader: { '.conf': 'text', '.ini': 'text' },
    metafile: true,
    logLevel: 'silent',
    ...extra,
  };
}

export async function buildPlayground(outdir = join(root, 'playground', 'dist')) {
  await mkdir(outdir, { recursive: true });
  const result = await build(browserBuildOptions(join(root, 'playground', 'main.ts'), { outfile: join(outdir, 'main.js'), format: 'iife', minify: true, legalComments: 'eof' }));
  await copyFile(join(root, 'playground', 'index.html'), join(outdir, 'index.html'));
  const js = await readFile(join(outdir, 'main.js'));
  const sizes = { raw: js.length, gzip: gzipSync(js, { level: 9 }).length };
  await writeFile(join(outdir, 'sizes.json'), JSON.stringify(sizes) + '\n');
  return { result, sizes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { sizes } = await buildPlayground();
  console.log(`playground/dist/main.js: ${sizes.raw} bytes, ${sizes.gzip} gzip`);
}
