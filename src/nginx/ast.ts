// The nginx syntax tree: directives with their arguments and blocks, every node with offsets
// into its file's text. Built by parse.ts from the Ohm match, then the match is dropped.
import type { NginxParseProblem } from '../parsed-findings.js';
import type { SourceFile } from '../source.js';
import type { NginxContext } from './context.js';

export type { NginxContext };

/** One token as nginx reads it: a bare word or a quoted string. */
export interface NginxWord {
  /** The value nginx sees: quotes removed, `\"`, `\'`, `\\`, `\t`, `\r`, `\n` unescaped. */
  value: string;
  /** The text as written, quotes included. */
  raw: string;
  quote: '"' | "'" | null;
  start: number;
  end: number;
}

export interface NginxDirective {
  name: string;
  /** The directive name token (its span is what most diagnostics blame). */
  nameWord: NginxWord;
  args: NginxWord[];
  /** Children of a `{ ... }` block; null for a directive ended by `;`. */
  block: NginxDirective[] | null;
  /** For `*_by_lua_block`: the raw Lua body between the braces. */
  rawBody?: { text: string; start: number; end: number };
  /** Offset of the first character of the name. */
  start: number;
  /** Offset just past the `;` or the closing `}`. */
  end: number;
  /** Offset of `{` for a block. */
  blockStart?: number;
  source: SourceFile;
  /** Whether its words as written hold template syntax (`{{ x }}`, `@X@`), or it is a template hole line. */
  templated: boolean;
}

/**
 * A directive with every field present (unset ones undefined), so that all directives share one
 * object shape and the rules' property reads stay monomorphic; build directives only with this.
 */
export function newDirective(nameWord: NginxWord, args: NginxWord[], start: number, end: number, source: SourceFile, templated: boolean): NginxDirective {
  return { name: nameWord.value, nameWord, args, block: null, rawBody: undefined, start, end, blockStart: undefined, source, templated };
}

export interface NginxComment {
  /** Text after the `#`. */
  text: string;
  start: number;
  end: number;
}


export interface NginxFile {
  kind: 'nginx';
  source: SourceFile;
  directives: NginxDirective[];
  comments: NginxComment[];
  context: NginxContext;
  /** Syntax errors and limits hit while reading this file (the rules that own each kind report them). */
  problems: NginxParseProblem[];
  /** The names of its directives, at any depth: noted once by the parser (the model asks of every config). */
  names: ReadonlySet<string>;
  /** Its `include` lines, at any depth, in the order of the text: noted with `names`. */
  includes: readonly NginxDirective[];
  /**
   * The context of the block each of `includes` sits in (blockContext), for the file read at
   * `includeContextsFor`, its context when it was parsed (a file of unknown context takes the
   * context of the block that includes it, and its lines' contexts change with it).
   */
  includeContexts: readonly NginxContext[];
  includeContextsFor: NginxContext;
}
