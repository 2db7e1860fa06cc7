// The standard files (standard-files.ts: uwsgi_params, mime.types, ...) parsed ahead of time.
// A run that includes them would otherwise parse them first thing, in cold code, and each new
// shape of mime.types' hundred lines is a grammar match.
//
// scripts/build-bin.js parses every standard file with this very parser when it builds the CLI
// bundle and hands the trees to it as the constant STANDARD_TREES (esbuild `define`); the library
// (dist/src) has no such constant and parses them at run time. Only trees without diagnostics are
// kept. Offsets and quotes are stored; words are sliced from the file's text again, as the shape
// cache does (test/nginx-standard-files.test.ts checks that the trees read back equal a parse).
import type { SourceFile } from '../source.js';
import { newDirective, type NginxComment, type NginxContext, type NginxDirective, type NginxFile, type NginxWord } from './ast.js';
import { placementInside } from './context.js';
import { wordsTemplated } from './templated.js';
import { standardFiles } from './standard-files.js';
import { cleanWord } from './unescape.js';

/** A word: start, end, quote. */
type WordData = [number, number, '"' | "'" | null];

/** A directive: its words (the name first), start, end, and for a block its `{` and statements. */
interface DirectiveData {
  w: WordData[];
  s: number;
  e: number;
  b?: number;
  c?: DirectiveData[];
}

export interface TreeData {
  directives: DirectiveData[];
  comments: [number, number][];
  context: NginxFile['context'];
}

/** What to ship of a parse: null when it has diagnostics or Lua (kept raw), which are not stored. */
export function treeData(file: NginxFile): TreeData | null {
  if (file.problems.length > 0) return null;
  let plain = true;
  const word = (w: NginxWord): WordData => [w.start, w.end, w.quote];
  const directive = (d: NginxDirective): DirectiveData => {
    if (d.rawBody !== undefined) plain = false;
    const out: DirectiveData = { w: [word(d.nameWord), ...d.args.map(word)], s: d.start, e: d.end };
    if (d.blockStart !== undefined) out.b = d.blockStart;
    if (d.block) out.c = d.block.map(directive);
    return out;
  };
  const directives = file.directives.map(directive);
  if (!plain) return null;
  return { directives, comments: file.comments.map((c) => [c.start, c.end]), context: file.context };
}

/** The file `source` holds, from its stored tree. */
export function fileFromTree(data: TreeData, source: SourceFile): NginxFile {
  const text = source.text;
  const word = ([start, end, quote]: WordData): NginxWord => cleanWord(text, start, end, quote);
  // What the parser notes of a file (NginxFile.names, includes and their contexts), in the same order.
  const names = new Set<string>();
  const includes: NginxDirective[] = [];
  const includeContexts: NginxContext[] = [];
  const directive = (d: DirectiveData, context: NginxContext): NginxDirective => {
    const nameWord = word(d.w[0]);
    const args = d.w.slice(1).map(word);
    const out = newDirective(nameWord, args, d.s, d.e, source, wordsTemplated(nameWord.raw, args));
    names.add(out.name);
    if (out.name === 'include') {
      includes.push(out);
      includeContexts.push(context);
    }
    if (d.b !== undefined) out.blockStart = d.b;
    if (d.c) {
      const inner = placementInside(out.name, context);
      out.block = d.c.map((c) => directive(c, inner));
    }
    return out;
  };
  const comments: NginxComment[] = data.comments.map(([start, end]) => ({ text: text.slice(start + 1, end), start, end }));
  const directives = data.directives.map((d) => directive(d, data.context));
  return { kind: 'nginx', source, directives, comments, context: data.context, problems: [], names, includes, includeContexts, includeContextsFor: data.context };
}

// Replaced by scripts/build-bin.js with the trees of the standard files, as a JSON string.
declare const STANDARD_TREES: string | undefined;

let prebuilt: Record<string, TreeData> | null | undefined;

/**
 * The file `source` from the tree built with the bundle for the standard file `name` (a key of
 * standardFiles), if there is one and `source` holds exactly that file's text (an installed copy
 * of it, say); undefined otherwise.
 */
export function prebuiltStandardFile(name: string, source: SourceFile): NginxFile | undefined {
  if (source.hasBom || !Object.hasOwn(standardFiles, name) || source.text !== standardFiles[name]) return undefined;
  if (prebuilt === undefined) {
    prebuilt = typeof STANDARD_TREES === 'string' ? (JSON.parse(STANDARD_TREES) as Record<string, TreeData>) : null;
  }
  const data = prebuilt !== null && Object.hasOwn(prebuilt, name) ? prebuilt[name] : undefined;
  return data ? fileFromTree(data, source) : undefined;
}
