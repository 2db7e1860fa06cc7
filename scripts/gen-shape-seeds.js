// Writes src/nginx/shape-seeds.json: the shapes of the statements, block heads and commented gaps
// that real nginx configs use most, counted over deployed configs, each shape kept when the files
// of at least MIN_PROJECTS projects use it. The CLI bundle's build matches these shapes with the
// grammar (src/nginx/shape-seeds.ts), so a small run finds them in its cache and need not load
// Ohm at all. Only shapes are kept, no text of any file.
//
// node scripts/gen-shape-seeds.js [<dir>[:<depth>] ...] (after npm run build)
// Each <dir> holds projects <depth> levels down (default 1: <dir>/<project>/...); with no
// argument, ../shared/corpus:2 (pairs/<project>, nginx/<project>). A project directory with a
// `.source` file ("owner/name commit", for a repository exported from git) is named by it.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = (process.argv.length > 2 ? process.argv.slice(2) : [`${join(root, '..', 'shared', 'corpus')}:2`]).map((arg) => {
  const at = arg.lastIndexOf(':');
  return at > 0 && /^\d+$/.test(arg.slice(at + 1)) ? { dir: arg.slice(0, at), depth: Number(arg.slice(at + 1)) } : { dir: arg, depth: 1 };
});
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
    const info = statSync(path, { throwIfNoEntry: false });
    if (info?.isDirectory() && name !== '.git' && name !== 'node_modules') yield* files(path);
    else if (info?.isFile() && info.size < 1024 * 1024) yield path;
  }
}

let parsed = 0;
const projects = new Set();
for (const { dir, depth } of sources) {
  for (const path of files(dir)) {
    const text = readFileSync(path, 'utf8');
    if (classifyFile(path, text) !== 'nginx') continue;
    const inside = relative(dir, path).split('/').slice(0, depth).join('/');
    const source = join(dir, inside, '.source');
    project = statSync(source, { throwIfNoEntry: false })?.isFile() ? readFileSync(source, 'utf8').trim() : `${basename(dir)}/${inside}`;
    projects.add(project);
    // A fresh cache per file: every piece is looked up, and a block is parsed statement by statement.
    parseNginx(createSourceFile(path, text), { chunkChars: 1 }, new Noting());
    parsed++;
  }
}

const common = (kind) =>
  [...seen[kind]]
    .filter(([, projects]) => projects.size >= MIN_PROJECTS)
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .map(([key]) => key);
const out = {
  generator: 'scripts/gen-shape-seeds.js',
  source: `${parsed} nginx files of ${projects.size} projects; shapes used in ${MIN_PROJECTS} projects or more`,
  projects: [...projects].sort(),
  leaf: common('leaf'),
  blockHeader: common('blockHeader'),
  gap: common('gap'),
};
writeFileSync(join(root, 'src', 'nginx', 'shape-seeds.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${parsed} files; kept ${out.leaf.length} statement, ${out.blockHeader.length} block head and ${out.gap.length} gap shapes of ${seen.leaf.size}, ${seen.blockHeader.size} and ${seen.gap.size}`);
