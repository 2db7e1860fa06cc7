// The uWSGI ini syntax tree and the resolved configuration. Every node keeps offsets into the
// original file text (exact even where magic variables changed lengths), what was written there,
// and what uWSGI reads there after magic substitution.
import type { SourceSpan } from '../diagnostic.js';
import type { UwsgiParseProblem, UwsgiResolveProblem } from '../parsed-findings.js';
import type { SourceFile } from '../source.js';
import type { FileProblem } from '../file-problem.js';

/**
 * Stands for a part of a value that cannot be known statically (an unprovided `%h`, an `@(...)`,
 * an unresolvable `$(VAR)`, a template expression). Values holding it resolve to `null`.
 */
export const UNKNOWN = '\uFFFC';

/** What the running process would know; all optional, nothing is read from the real process. */
export interface UwsgiEnvironment {
  /** Directory uWSGI starts in (`%v`, base for relative config paths). */
  cwd?: string;
  /** `%h`. */
  hostname?: string;
  /** Environment for `$(VAR)` and `if-env`. Absent: every `$(VAR)` is unknown. */
  env?: Readonly<Record<string, string | undefined>>;
  /** `%u` / `%U`. */
  uid?: number | string;
  user?: string;
  /** `%g` / `%G`. */
  gid?: number | string;
  group?: string;
  /** `%V`, e.g. "2.0.30"; also picks 2.1 behaviour (`else`, `$(VAR:-default)`). */
  uwsgiVersion?: string;
  /** `%k`. */
  cpuCount?: number;
  /** `%b`. */
  binaryPath?: string;
  /** `%t` (seconds) and `%T` (microseconds). */
  startTime?: number;
  startMicros?: number | bigint;
}

/** The per-file magic variables (`%o %p %s %d %e %n %c %x %j %i %0..%9`). */
export interface MagicFileVars {
  /** `%o`: the name as given, `:section` suffix included. */
  o: string;
  /** The rest is null when it cannot be computed (relative path and no cwd). */
  p: string | null;
  s: string | null;
  d: string | null;
  e: string | null;
  n: string | null;
  c: string | null;
  x: string;
  j: string | null;
  i: string | null;
  digits: (string | null)[];
}

/** A `%X` magic variable occurrence in the original text. */
export interface MagicUse {
  /** The character after `%`. */
  char: string;
  start: number;
  end: number;
  /** What uWSGI puts there; null when it depends on the process and was not provided. */
  value: string | null;
}

export interface UwsgiSection {
  /** The name uWSGI compares with the section asked for (text after `[`, last char chopped). */
  name: string;
  /** Offsets of the whole header line (stripped) and of the name. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  source: SourceFile;
  /**
   * A header on the first line of a file that starts with a UTF-8 byte-order mark: ini.c sees the
   * mark, not `[`, first on the line, so it is no header for uWSGI and starts no section.
   */
  hiddenByBom?: true;
}

export interface UwsgiComment {
  text: string;
  start: number;
  end: number;
}

export interface UwsgiEntry {
  /** The key uWSGI sees (after magic substitution), exactly as written otherwise: `chmod_socket` stays. */
  key: string;
  /** The key text in the original file. */
  rawKey: string;
  keyStart: number;
  keyEnd: number;
  /** The value text in the original file, stripped; "" for a line without `=`. */
  rawValue: string;
  /** The value uWSGI reads (after magic substitution); unknown magic stands as UNKNOWN. */
  value: string;
  valueStart: number;
  valueEnd: number;
  /** False for a line with no `=` (uWSGI gives it the empty value). */
  hasEquals: boolean;
  /** Offset of `=` or -1. */
  equalsAt: number;
  /** The stripped statement: first to last non-blank character. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** The section the entry belongs to ("" before the first header). */
  section: string;
  /** Index of the header in `sections`, -1 before the first header. */
  sectionIndex: number;
  /** Key or value carries Jinja/ERB/envsubst template syntax: its meaning is not known. */
  templated: boolean;
  /** Index of this entry in `UwsgiIniFile.entries`. */
  index: number;
  source: SourceFile;
}

export type LogicKind = 'for' | 'if';

/** A config-logic block: opener, the entries it governs, and what closed it. */
export interface UwsgiLogicBlock {
  kind: LogicKind;
  /** Index into `entries` of the opener (`for`, `if-env`, ...). */
  opener: number;
  /** Indices of the governed entries (closer excluded). */
  body: number[];
  /** Index of the closing entry, or -1 when the section ends first. */
  closer: number;
  /** [2.1] Index of an `else` entry inside an `if` block, or -1. */
  elseAt: number;
  section: string;
}

export interface UwsgiIniFile {
  source: SourceFile;
  sections: UwsgiSection[];
  entries: UwsgiEntry[];
  comments: UwsgiComment[];
  blocks: UwsgiLogicBlock[];
  /** Every `%X` substituted before parsing. */
  magic: MagicUse[];
  /** `%X` that uWSGI silently deletes (no such magic variable). */
  unknownMagic: MagicUse[];
  /** Any line carries template syntax. */
  templated: boolean;
  /** The magic variables used for this file. */
  magicVars: MagicFileVars;
  /** The options it was parsed with (resolve re-parses with another section or top-level file). */
  options: ParseOptions;
  /** What the parse found wrong (the rules that own each kind report them). */
  problems: UwsgiParseProblem[];
}

export interface ParseOptions extends UwsgiEnvironment {
  /** The name the file is loaded by (`%o`), `:section` suffix included; default `source.path`, taken as a plain path. */
  configName?: string;
  /** The magic variables of the top-level file for the uppercase forms; default: this file's. */
  topLevel?: MagicFileVars;
  /** `%i`. */
  inode?: number | string;
  /** Use these per-file magic variables instead of computing them from `configName`. */
  fileVars?: MagicFileVars;
  /** Longest text accepted, in UTF-16 code units (default 4 MiB). */
  maxFileSize?: number;
}

/** Where a value comes from and what it became. */
export interface UwsgiOption {
  key: string;
  /** As written in the file (before any substitution). */
  rawValue: string;
  /** Fully expanded value; null when any part is unknown or templated. */
  value: string | null;
  /** Expanded value with unknown parts shown as UNKNOWN (never null). */
  partialValue: string;
  keySpan: SourceSpan;
  valueSpan: SourceSpan;
  source: SourceFile;
  entry: UwsgiEntry;
  /** The `ini =` / `include =` / `inherit =` chain that brought it in, outermost first. */
  fromInclude?: UwsgiEntry[];
  templated: boolean;
  /** Why the value is not (fully) known, when it is not. */
  unevaluated?: string;
  /** Immediate option: run while parsing, its value never sees `$()`, `@()`, `%()`. */
  immediate: boolean;
  /** Defined through `set = k=v` / `set-placeholder` / `set-ph` (entry is that line). */
  viaSet?: 'set' | 'set-placeholder';
  /** Only a placeholder (`set-ph`), not an option uWSGI applies. */
  placeholderOnly?: boolean;
  /** Inside a config-logic block: the opener and whether it was evaluated. */
  logic?: { opener: UwsgiEntry; taken: boolean | null; item?: string };
  /** Given outside the ini: a `UWSGI_*` environment variable or a command-line argument (spans point there). */
  commandLine?: 'environment' | 'argument';
  /**
   * The value starts with `%d` of an ini whose production location nothing in the run gives: this
   * is the repository directory that stands in for it, so only the rest of the value is known.
   */
  locationGuess?: string;
}

/** An option uWSGI gets outside the ini file, with its place in the file that says so (a Dockerfile, a unit). */
export interface CommandLineOption {
  key: string;
  value: string;
  keySpan: SourceSpan;
  valueSpan: SourceSpan;
  origin: 'environment' | 'argument';
}

/** How the config is started, where a Dockerfile, compose file, unit or Debian's init script says so. */
export interface UwsgiLaunchFacts {
  kind: 'dockerfile' | 'compose' | 'systemd' | 'supervisord' | 'upstart' | 'debian';
  /** Service, unit, program or image name. */
  name: string;
  /** The command's program word (`uwsgi`). */
  span: SourceSpan;
  /** Directory uWSGI starts in (production path), null when not known. */
  launchDir: string | null;
  /** Where the ini lives in production, null when not known or no ini. */
  productionPath: string | null;
  /** User uWSGI starts as ('root' or a name), null when not known. */
  user: string | null;
  /** Primary group it starts with, null when not known (then the user's own, from /etc/passwd). */
  group: string | null;
  /** Supplementary groups the launch adds. */
  groups: string[];
  /** The launch names all of the user's groups (systemd DynamicUser=). */
  groupsClosed?: boolean;
  /** Why the user is not known although the launch is (emperor-tyrant: each vassal file's owner). */
  userNote?: string;
  /** The Dockerfile whose command runs the script the uWSGI command is written in. */
  runBy?: string;
}

export interface PlaceholderDefinition {
  name: string;
  /** The first definition, which `%(name)` resolves to. */
  option: UwsgiOption;
  /** Later definitions (ignored by `%(name)`). */
  shadowed: UwsgiOption[];
}

export type NotEvaluatedKind =
  | 'at-file'
  | 'loader-scheme'
  | 'non-ini-config'
  | 'env-unknown'
  | 'logic-condition'
  | 'placeholder-pipeline'
  | 'template';

export interface NotEvaluated {
  kind: NotEvaluatedKind;
  /** The text not evaluated, e.g. `@(exec://hostname)`. */
  text: string;
  span: SourceSpan;
  message: string;
}

export interface UnknownMagicUse {
  char: string;
  span: SourceSpan;
}

export interface UndefinedPlaceholder {
  name: string;
  span: SourceSpan;
  /** Inside a `%(a b)` pipeline: uWSGI uses "" there instead of leaving the text. */
  inPipeline: boolean;
}

export interface PlaceholderCycle {
  /** Names along the cycle, first name repeated at the end. */
  names: string[];
  span: SourceSpan;
}

export interface ImmediateWithPlaceholder {
  key: string;
  /** `%(`, `$(` or `@(`. */
  syntax: string;
  span: SourceSpan;
  option: UwsgiOption;
}

export interface UwsgiInclude {
  /** The `ini` / `include` / `inherit` / ... line. */
  entry: UwsgiEntry;
  /** The path asked for, section suffix removed; null when not known. */
  path: string | null;
  section: string;
  status: 'loaded' | 'missing' | 'cycle' | 'depth' | 'not-evaluated' | 'too-large';
  file?: UwsgiIniFile;
  depth: number;
}

export interface UwsgiConfig {
  /** The top-level file. */
  file: UwsgiIniFile;
  /** The section loaded from it. */
  section: string;
  /** Options in the order uWSGI collects them (includes expanded in place). */
  options: UwsgiOption[];
  /** Every section header of every loaded file. */
  sections: UwsgiSection[];
  /** First definitions by name. */
  placeholders: Map<string, PlaceholderDefinition>;
  notEvaluated: NotEvaluated[];
  unknownMagic: UnknownMagicUse[];
  undefinedPlaceholders: UndefinedPlaceholder[];
  placeholderCycles: PlaceholderCycle[];
  immediateWithPlaceholder: ImmediateWithPlaceholder[];
  includes: UwsgiInclude[];
  /** Every file loaded, top-level first. */
  files: UwsgiIniFile[];
  /** What the parse and resolve stages found wrong, in every file loaded (the rules that own each kind report them). */
  problems: UwsgiResolveProblem[];
  /** How it is started, when a context file says so (options from there are in `options`). */
  launch?: UwsgiLaunchFacts;
  /**
   * Socket lines of `if-*` blocks this start does not take (`if-not-env = DEV_ENV` with DEV_ENV
   * set): bound by another way of starting the same file (pair/socket-mismatch says so).
   */
  untakenSockets?: UntakenSocket[];
}

/** A socket line of an `if-*` block the condition skips, and the condition as written. */
export interface UntakenSocket {
  entry: UwsgiEntry;
  /** `if-not-env = DEV_ENV`; `else` of it when the line is in the block's `else` part. */
  condition: string;
  inElse: boolean;
}

/** A file's text, undefined when there is none, or why it was not read (outside the tree, ...). */
export type ReadFile = (path: string) => string | FileProblem | undefined;
export type ReadFileAsync = (path: string) => string | FileProblem | undefined | Promise<string | FileProblem | undefined>;

export interface ResolveOptions extends UwsgiEnvironment {
  /** Loads included files; no reader means every include is reported missing. */
  readFile?: ReadFile;
  /** Section of the top-level file (default `uwsgi`). */
  section?: string;
  /** Include depth limit (default 16). */
  maxIncludeDepth?: number;
  /** Limit on one value's length during placeholder expansion (default 65536). */
  maxValueLength?: number;
  /** Limit on the options collected, `for` expansions included (default 100000). */
  maxOptions?: number;
  maxFileSize?: number;
  /** Existence test for `if-exists`/`if-file`/`if-dir`; absent: those conditions are unknown. */
  stat?: (path: string) => 'file' | 'dir' | undefined;
  /** Options collected before the file: `UWSGI_*` variables, then the arguments before the one loading it. */
  commandLineBefore?: CommandLineOption[];
  /** Options collected after the file (arguments after the one loading it). */
  commandLineAfter?: CommandLineOption[];
  /** The top-level file is not loaded: everything comes from the command line (the file only anchors magic variables). */
  commandLineOnly?: boolean;
  /** Whether an absolute path lies outside the linted tree and no pathMapping brings it in: a file there is not missing, just not read. */
  outsideTree?: (path: string) => boolean;
  /** The linter's working directory: messages name the linted file relative to it (default: in full). */
  displayRoot?: string;
}

export interface ResolveOptionsAsync extends Omit<ResolveOptions, 'readFile'> {
  readFile?: ReadFileAsync;
}
