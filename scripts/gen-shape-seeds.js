// Writes src/nginx/shape-seeds.json: the shapes of the statements, block heads and commented gaps
// that real nginx configs use most, counted over a corpus of deployed configs, each shape kept
// when files from at least MIN_PROJECTS projects use it. The CLI bundle's build matches these
// shapes with the grammar (src/nginx/shape-seeds.ts), so a small run finds them in its cache and
// need not load Ohm at all. Only shapes are kept, no text of any file.
//
// node scripts/gen-shape-seeds.js [corpus-dir] (default ../shared/corpus; after npm run build)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.argv[2] ?? join(root, '..', 'shared', 'corpus');
const MIN_PROJECTS = 2;

const { parseNginx } = await import('../dist/src/nginx/parse.js');
const { ShapeCache } = await import('../dist/src/nginx/shape-cache.js');
const { shapeKey, gapKey } = await import('../dist/src/nginx/shape-key.js');
const { createSourceFile } = await import('../dist/src/source.js');
const { classifyFile } = await import('../dist/src/classify.js');

/** Projects by shape, per kind: a shape counts once per project however often it repeats there. */
const seen = { leaf: new Map(), blockHeader: new Map(), gap: new Map() };
let project = '';
const note = (kind, key) => {
  let projects = seen[kind].get(key);
  if (!projects) seen[kind].set(key, (projects = new Set()));
  projects.add(project);
};

/** A cache that notes the shape of every piece the parser looks up. */
class Noting extends ShapeCache {
  get(rule, source, start, end) {
    if (rule === 'leaf' || rule === 'blockHeader') note(rule, shapeKey(source.text, start, end));
    return super.get(rule, source, start, end);
  }
  gapComments(source, start, end) {
    if (ShapeCache.fits(start, end)) note('gap', gapKey(source.text, start, end));
    return super.gapComments(source, start, end);
  }
}

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let parsed = 0;
for (const path of files(corpus)) {
  const text = readFileSync(path, 'utf8');
  if (classifyFile(path, text) !== 'nginx') continue;
  // A project: the corpus's first two levels (pairs/<project>/..., nginx/<project>/...).
  project = relative(corpus, path).split('/').slice(0, 2).join('/');
  // A fresh cache per file: every piece is looked up, and a block is parsed statement by statement.
  parseNginx(createSourceFile(path, text), { chunkChars: 1 }, new Noting());
  parsed++;
}

const common = (kind) =>
  [...seen[kind]]
    .filter(([, projects]) => projects.size >= MIN_PROJECTS)
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .map(([key]) => key);
const out = {
  generator: 'scripts/gen-shape-seeds.js',
  source: `${parsed} nginx files of ${relative(root, corpus)}; shapes used in ${MIN_PROJECTS} projects or more`,
  leaf: common('leaf'),
  blockHeader: common('blockHeader'),
  gap: common('gap'),
};
writeFileSync(join(root, 'src', 'nginx', 'shape-seeds.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${parsed} files; kept ${out.leaf.length} statement, ${out.blockHeader.length} block head and ${out.gap.length} gap shapes of ${seen.leaf.size}, ${seen.blockHeader.size} and ${seen.gap.size}`);
