// Builds what bin/nginx-uwsgi-lint.js starts from, for a fast start (a pre-commit hook pays it
// on every commit):
// - bundle/cli.cjs: the CLI and its runtime dependencies (ohm-js, chalk, fast-glob, yaml) in one
//   CommonJS file, one read instead of a hundred module resolutions; the generated tables (nginx
//   directives, uWSGI options) as JSON.parse() of a string, which V8 reads faster than the same
//   object literal. It is committed: the pre-commit hook and the GitHub Action run it straight
//   from a checkout, with no npm install and no build (docs/releasing.md). The same sources and
//   node_modules give the same bytes, which scripts/check-bundle.js holds the committed copy to.
// - the standard files of nginx parsed at build time, as the constant STANDARD_TREES in it.
// - bundle/cli.cache (not committed, .gitignore): V8's code cache of that file, taken after
//   linting examples/ in this process, so it also holds the functions a run calls. It is only
//   valid for this Node version and this bundle; bin/load-bundle.js falls back to compiling when
//   V8 rejects it or it is missing, as in a fresh checkout.
//
// - bundle/lsp.cjs: the language server (`nginx-uwsgi-lint --lsp`), committed as cli.cjs is.
//
// node scripts/build-bin.js [--outdir DIR]: DIR (default bundle/) gets cli.cjs and lsp.cjs; the code cache is
// trained only for the default, the directory bin/load-bundle.js reads.
import { mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const plugin = {
  name: 'cli-bundle',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // Parsed here to fail the build on a broken table, not the user's run; written back without
      // its indentation, which the run would otherwise scan on every start (the option table:
      // 389 -> 221 KB).
      const compact = JSON.stringify(JSON.parse(text));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(compact)});`, loader: 'js' };
    });
    // Modules that load a dependency lazily through createRequire: a plain require() (still
    // inside the same function, so still lazy) lets esbuild put the dependency in the bundle.
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('createRequire(import.meta.url)(')) return undefined;
      return { contents: text.replace(/createRequire\(import\.meta\.url\)\(/g, 'require('), loader: 'js' };
    });
  },
};

// The standard files (uwsgi_params, mime.types, ...) parsed now, by this very parser, so that a
// run does not parse them first thing in cold code (src/nginx/standard-trees.ts).
const { parseNginx } = await import('../dist/src/nginx/parse.js');
const { createSourceFile } = await import('../dist/src/source.js');
const { standardFiles } = await import('../dist/src/nginx/standard-files.js');
const { treeData } = await import('../dist/src/nginx/standard-trees.js');
const trees = {};
for (const [name, text] of Object.entries(standardFiles)) {
  const data = treeData(parseNginx(createSourceFile(`/etc/nginx/${name}`, text)));
  if (data) trees[name] = data;
}

// The templates of the statement shapes real configs use most, and every uWSGI ini line shape,
// matched now by the grammars (src/nginx/shape-seeds.ts): a small run of common shapes then never
// loads Ohm.
const { nginxShapeSeeds } = await import('../dist/src/nginx/shape-seeds.js');
const { lineShapeSeeds } = await import('../dist/src/uwsgi/lex.js');
const shapeSeeds = nginxShapeSeeds(JSON.parse(await readFile(join(root, 'src/nginx/shape-seeds.json'), 'utf8')));
const lineShapes = lineShapeSeeds();

const defaultOutdir = join(root, 'bundle');
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? defaultOutdir : resolve(process.argv[outdirFlag + 1] ?? '');
if (outdirFlag !== -1 && !process.argv[outdirFlag + 1]) throw new Error('build-bin: --outdir needs a directory');
const bundle = join(outdir, 'cli.cjs');
await mkdir(outdir, { recursive: true });
await rm(join(outdir, 'cli.cache'), { force: true });
const options = {
  // Paths in the bundle's comments are relative to this, wherever the build is started from.
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  charset: 'ascii',
  target: 'node20',
  logLevel: 'warning',
  plugins: [plugin],
  // Modules that find shipped files (package.json, rules/*.md) relative to themselves.
  define: {
    'import.meta.url': '__bundle_url',
    STANDARD_TREES: JSON.stringify(JSON.stringify(trees)),
    NGINX_SHAPE_SEEDS: JSON.stringify(JSON.stringify(shapeSeeds)),
    INI_LINE_SHAPES: JSON.stringify(JSON.stringify(lineShapes)),
  },
  banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
};

// esbuild writes strings and regexes as ASCII (charset 'ascii', its default) but keeps comments
// as they are, and a few of Ohm's hold arrows and bullets. With those escaped the bundle is all
// ASCII, and bin/load-bundle.js reads it as latin1, a plain copy, instead of decoding UTF-8
// (4-6 ms of every run).
async function asciiComments(file) {
  const text = await readFile(file, 'utf8');
  const ascii = text.replace(/^([ \t]*\/\/.*)$/gm, (line) => line.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`));
  if (/[^\x00-\x7f]/.test(ascii)) console.warn(`build-bin: ${file} is not all ASCII; it will be decoded as UTF-8 (a few ms slower)`);
  await writeFile(file, ascii);
}

await build({ ...options, entryPoints: [join(root, 'dist/src/cli.js')], outfile: bundle });
await asciiComments(bundle);
// bundle/lsp.cjs: the language server (src/lsp/), with vscode-languageserver, apart from the CLI
// so that a command-line run does not load what only an editor needs (bin/nginx-uwsgi-lint-lsp.js).
const lspBundle = join(outdir, 'lsp.cjs');
await build({ ...options, entryPoints: [join(root, 'dist/src/lsp/main.js')], outfile: lspBundle });
await asciiComments(lspBundle);

// The training run: lint the shipped examples in this process, then keep what V8 compiled.
if (outdir === defaultOutdir) {
  const { loadBundle, cachePath } = await import('../bin/load-bundle.js');
  const { exports, script } = loadBundle({ useCache: false });
  const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  for (const format of ['text', 'json', 'sarif']) {
    await exports.runCli(['--format', format, join(root, 'examples')], { stdout: sink(), stderr: sink(), cwd: root });
  }
  await writeFile(cachePath, script.createCachedData());
}
