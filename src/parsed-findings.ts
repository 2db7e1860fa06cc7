// What the read, parse and resolve stages find wrong (syntax errors, missing includes, limits),
// as typed problems: a kind, where it is, and the facts. They carry no rule id and no message:
// the rule that owns a kind (rules/nginx-syntax.ts, rules/uwsgi-include.ts, ...) words it and
// gives it its severity, so configuration and suppressions apply to it as to any finding.
// Rules read them through the query layer (src/query/problems.ts).
import type { SourceSpan } from './diagnostic.js';
import type { FileProblem } from './file-problem.js';
import type { SourceFile } from './source.js';

// ---------------------------------------------------------------------------------------------
// nginx, parse stage (src/nginx/parse.ts). Owned by nginx/syntax, nginx/bom and nginx/limit.

/** What nginx's parser (src/core/ngx_conf_file.c) refuses, or this parser cannot read. */
export type NginxSyntaxError =
  /** A token where nginx wants none; `missingSemicolonAfter` when a `;` probably belongs before it. */
  | { error: 'unexpected'; token: string; missingSemicolonAfter?: { word: string; span: SourceSpan } }
  /** The file ends inside a statement (`;` or `}` expected) or inside a block (`}` expected). */
  | { error: 'unexpected-end'; expecting: 'statement-end' | 'block-end' }
  /** A token that fills nginx's 4096-byte read buffer; `quote` when it is a quoted one. */
  | { error: 'too-long-parameter'; quote: '"' | "'" | null; head: string }
  /** Blocks nested deeper than this parser follows. */
  | { error: 'nested-too-deep'; maxDepth: number }
  /** Larger than this parser reads; sizes in characters. */
  | { error: 'file-too-large'; size: number; limit: number }
  /** NUL bytes: not a config. */
  | { error: 'binary' }
  /** More than `shown` syntax errors: the rest of the file is not parsed (nginx stops at the first). */
  | { error: 'too-many-errors'; shown: number }
  /** The grammar failed on a piece it should accept: a bug of ours, reported rather than thrown. */
  | { error: 'internal'; detail: string };

export type NginxSyntaxProblem = { kind: 'syntax'; span: SourceSpan } & NginxSyntaxError;

export type NginxParseProblem =
  | NginxSyntaxProblem
  /** The file starts with a UTF-8 byte-order mark (span: the file's start). */
  | { kind: 'bom'; span: SourceSpan }
  /** A statement too large for this parser; span: its name. */
  | { kind: 'statement-too-long'; span: SourceSpan; name: string; length: number; limit: number };

// nginx, resolve stage (src/nginx/resolve.ts); span: the include's argument. Owned by
// nginx/missing-include, nginx/include-cycle and (include-unreadable) lint/file-access.
export type NginxIncludeProblem =
  /** No file where the include points, inside the linted tree (`lookedFor` as shown to the user). */
  | { kind: 'include-missing'; span: SourceSpan; written: string; lookedFor: string }
  /** The include points outside the linted tree, at `path` on the server (in `directory`): not read. */
  | { kind: 'include-outside'; span: SourceSpan; written: string; path: string; directory: string }
  /** As include-outside, but the file is one nginx ships and is read as that (`standard`, of `version`). */
  | { kind: 'include-standard'; span: SourceSpan; written: string; path: string; directory: string; standard: string; version: string }
  /** The linter did not read the include's file (or expand its glob), and why. */
  | { kind: 'include-unreadable'; span: SourceSpan; written: string; problem: FileProblem }
  /** Includes nest deeper than `maxDepth`: not followed. */
  | { kind: 'include-too-deep'; span: SourceSpan; maxDepth: number }
  /** The include closes a loop: `chain` from the file that comes back to it, `more` other files of a glob that do too. */
  | { kind: 'include-cycle'; span: SourceSpan; chain: string[]; more: number };

export type NginxProblem = NginxParseProblem | NginxIncludeProblem;

// ---------------------------------------------------------------------------------------------
// uWSGI, parse stage (src/uwsgi/parse.ts) and resolve stage (src/uwsgi/resolve.ts).

/** What core/ini.c or core/logic.c refuse, or this parser cannot read. Owned by uwsgi/syntax. */
export type UwsgiSyntaxError =
  /** Larger than this parser reads (`size` and `limit` in characters): not parsed. */
  | { error: 'file-too-large'; size: number; limit: number }
  /** Control characters or invalid UTF-8: not parsed. */
  | { error: 'binary' }
  /** A NUL byte: uWSGI ignores the rest of the line. */
  | { error: 'nul' }
  /** A logic block (`key`) opened inside another (`opener`, of `openerKind`, on `openerLine`). */
  | { error: 'nested-logic'; key: string; opener: string; openerKind: 'for' | 'if'; openerLine: number; openerSpan: SourceSpan }
  /** A logic block never closed in its section; a warning, not an exit. */
  | { error: 'unclosed-logic'; key: string; section: string; closer: 'endfor' | 'endif' }
  /** `set` / `set-placeholder` without `name=value`. */
  | { error: 'set-without-name'; key: string };

export type UwsgiSyntaxProblem = { kind: 'syntax'; span: SourceSpan } & UwsgiSyntaxError;

export type UwsgiParseProblem = UwsgiSyntaxProblem;

/** A section header as the resolver read it (src/uwsgi/ast.ts UwsgiSection). */
export interface SectionHeader {
  name: string;
  start: number;
  end: number;
  source: SourceFile;
  hiddenByBom?: true;
}

/** How an ini/include/inherit line reads: `key = value`. */
interface Loader {
  span: SourceSpan;
  key: string;
  value: string;
}

export type UwsgiResolveProblem =
  | UwsgiSyntaxProblem
  /**
   * The section asked for is not in `name` (the linted file by its display name, an included one
   * by its path). `other`: another section of the linted file it may be started with.
   * `sections`: the file's headers, where a near miss may be. Owned by uwsgi/section.
   */
  | { kind: 'section-missing'; span: SourceSpan; section: string; name: string; other?: string; sections: readonly SectionHeader[] }
  /** More options than the resolver follows; span: the first left out. Owned by uwsgi/limit. */
  | { kind: 'too-many-options'; span: SourceSpan; limit: number }
  /** Expanding a placeholder never ends (`cycle`: placeholders refer to each other). Owned by uwsgi/limit. */
  | { kind: 'expansion-unbounded'; span: SourceSpan; key: string; cycle: boolean }
  /** The loader names a file already being loaded: `stack` of path:section, the repeated one last. Owned by uwsgi/include. */
  | ({ kind: 'include-cycle'; stack: string[] } & Loader)
  /** Loaders nest deeper than `limit`. Owned by uwsgi/include. */
  | ({ kind: 'include-too-deep'; depth: number; limit: number } & Loader)
  /** The file is not in the linted tree but at `path` on the box (in `directory`): not read. Owned by uwsgi/include. */
  | ({ kind: 'include-outside'; path: string; directory: string } & Loader)
  /**
   * No file at `path`: uWSGI exits. `relative` when the path written is relative (`written`; the
   * directory uWSGI starts in, `cwd`, when known). Owned by uwsgi/include.
   */
  | ({ kind: 'include-missing'; path: string; relative?: { written: string; cwd?: string } } & Loader)
  /** The linter did not read the file (`path` when it differs from what is written), and why. Owned by lint/file-access. */
  | ({ kind: 'include-unreadable'; path?: string; problem: FileProblem } & Loader);

export type UwsgiProblem = UwsgiResolveProblem;

// ---------------------------------------------------------------------------------------------
// The read stage (src/lint.ts): files named to lint. Owned by lint/file-access and lint/not-a-config.

export type ReadProblem =
  /** The file was not read, and why; `skipped` when a directory walk passed it over. */
  | { kind: 'file-unreadable'; span: SourceSpan; problem: FileProblem; skipped: boolean }
  /** Read, but not UTF-8; span: the first byte that is not. */
  | { kind: 'not-utf8'; span: SourceSpan }
  /** Plainly another format (`what`); span: the text that shows it, empty when the name does. */
  | { kind: 'not-a-config'; span: SourceSpan; what: string };
