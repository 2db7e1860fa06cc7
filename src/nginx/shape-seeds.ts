// The shapes of the statements, block heads and commented gaps that real nginx configs use most
// (src/nginx/shape-seeds.json, counted over deployed configs by scripts/gen-shape-seeds.js),
// matched by the grammar ahead of time. scripts/build-bin.js hands their templates to the CLI
// bundle (NGINX_SHAPE_SEEDS, planted in the parser's shared cache before its first parse), and
// the lines of every uWSGI ini shape (INI_LINE_SHAPES, src/uwsgi/lex.ts): a small run made only of
// such shapes never loads Ohm. The templates are what the shape cache would have learnt from the
// first statement of each shape; test/shape-seeds.test.ts parses with them planted and without
// any cache, over the corpus and generated files, and compares.
import { createSourceFile } from '../source.js';
import { parseNginx } from './parse.js';
import { ShapeCache, type ShapeSeeds } from './shape-cache.js';

/** Shape keys (shapeKey, gapKey) by what they are the shape of. */
export interface SeedKeys {
  leaf: string[];
  blockHeader: string[];
  gap: string[];
}

/**
 * The templates of `keys`: each key is a piece of its own shape (`a a;` is a statement), parsed
 * through a cache of its own, which keeps what the grammar made of it as it would of any piece.
 */
export function nginxShapeSeeds(keys: SeedKeys): ShapeSeeds {
  const cache = new ShapeCache();
  const parse = (text: string) => parseNginx(createSourceFile('<shape seed>', text), { chunkChars: 1 }, cache);
  for (const key of keys.leaf) parse(key);
  for (const key of keys.blockHeader) parse(`${key}}`);
  // A gap between two statements of one word.
  for (const key of keys.gap) parse(`a;${key}a;`);
  return cache.seeds();
}
