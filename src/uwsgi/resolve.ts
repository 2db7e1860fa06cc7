// What uWSGI ends up with: the options of the selected section in the order uWSGI collects them
// (config.c add_exported_option_do), with immediate options run in place (includes, `set`,
// config logic), then the `$()`, `@()` and `%()` passes over the other values (uwsgi.c main;
// passes.ts). Files are read only through the injected reader; nothing is executed or fetched.
// The core is a generator that yields the paths it needs, so one implementation serves sync and
// async readers.
// Over 400 lines: the reader is one state machine (the include stack, the open logic block, the
// options collected so far) that every line and include goes through; the parts that need none of
// that state live apart (conditions in logic.ts, the value passes in passes.ts).
import { posix } from '../posix-path.js';
import { span, type SourceSpan } from '../diagnostic.js';
import type { UwsgiResolveProblem } from '../parsed-findings.js';
import { displayPath } from '../display.js';
import { createSourceFile, positionAt } from '../source.js';
import {
  UNKNOWN,
  type CommandLineOption,
  type ImmediateWithPlaceholder,
  type NotEvaluated,
  type NotEvaluatedKind,
  type ParseOptions,
  type PlaceholderCycle,
  type PlaceholderDefinition,
  type ResolveOptions,
  type ResolveOptionsAsync,
  type UndefinedPlaceholder,
  type UntakenSocket,
  type UwsgiConfig,
  type UwsgiEntry,
  type UwsgiEnvironment,
  type UwsgiInclude,
  type UwsgiIniFile,
  type UwsgiOption,
} from './ast.js';
import { ANY_SCHEME, evaluateCondition, IMMEDIATE_OPTIONS, LOADER_OPTIONS, LOGIC_CLOSERS, LOGIC_OPENERS } from './logic.js';
import { splitConfigName } from './magic.js';
import { isSocketOption } from './sockets.js';
import { parseUwsgiIni } from './parse.js';
import type { PassLimits } from './expand.js';
import { runPasses, type Exported } from './passes.js';
import { isFileProblem, type FileProblem } from '../file-problem.js';

const ENV_KEYS: (keyof UwsgiEnvironment)[] = [
  'cwd', 'hostname', 'uid', 'user', 'gid', 'group', 'uwsgiVersion', 'cpuCount', 'binaryPath', 'startTime', 'startMicros',
];

interface OpenLogic {
  kind: 'for' | 'if';
  key: string;
  arg: string;
  opener: UwsgiEntry;
  /** [2.1] `else` seen: the condition is inverted from here on. */
  inElse: boolean;
  reported: boolean;
}

type Read = Generator<string, void, string | FileProblem | undefined>;

class Resolver {
  readonly exported: Exported[] = [];
  /** First option exported under each key. */
  private readonly firstByKey = new Map<string, Exported>();
  readonly problems: UwsgiResolveProblem[] = [];
  /** Socket lines of `if-*` blocks not taken (UwsgiConfig.untakenSockets). */
  readonly untakenSockets: UntakenSocket[] = [];
  readonly notEvaluated: NotEvaluated[] = [];
  readonly undefinedPlaceholders: UndefinedPlaceholder[] = [];
  readonly placeholderCycles: PlaceholderCycle[] = [];
  readonly immediateWithPlaceholder: ImmediateWithPlaceholder[] = [];
  readonly includes: UwsgiInclude[] = [];
  readonly files: UwsgiIniFile[] = [];
  private readonly deferred: { entry: UwsgiEntry; chain: UwsgiEntry[]; depth: number; option: Exported }[] = [];
  private logic: OpenLogic | null = null;
  /** ini.c `last_file`: what `ini = :section` re-reads. */
  private lastFile: UwsgiIniFile;
  private readonly stack: string[] = [];
  private readonly maxDepth: number;
  private readonly maxOptions: number;
  private readonly limits: PassLimits;
  private readonly v21: boolean;
  private optionLimitReported = false;
  private readonly commandLineEntries = new WeakSet<UwsgiEntry>();

  constructor(
    private readonly top: UwsgiIniFile,
    private readonly options: ResolveOptions | ResolveOptionsAsync,
  ) {
    this.lastFile = top;
    this.maxDepth = options.maxIncludeDepth ?? 16;
    this.maxOptions = options.maxOptions ?? 100000;
    this.limits = { maxLength: options.maxValueLength ?? 65536, maxSubstitutions: 1000 };
    const version = /^(\d+)\.(\d+)/.exec(options.uwsgiVersion ?? '2.0');
    this.v21 = version !== null && (Number(version[1]) > 2 || (Number(version[1]) === 2 && Number(version[2]) >= 1));
  }

  *run(section: string): Read {
    this.files.push(this.top);
    if (!this.options.commandLineOnly) this.problems.push(...this.top.problems);
    yield* this.commandLine(this.options.commandLineBefore ?? []);
    if (!this.options.commandLineOnly) {
      this.stack.push(this.top.source.path + ':' + section);
      this.lastFile = this.top;
      yield* this.load(this.top, section, [], 0, null);
      this.stack.pop();
    }
    yield* this.commandLine(this.options.commandLineAfter ?? []);
    this.expandValues();
    for (const pending of this.deferred) {
      yield* this.loadConfig(pending.entry, 'inherit', pending.option.value, pending.chain, pending.depth);
    }
  }

  /** Options from the environment and the command line, fed like any other (loaders run, `set` defines). */
  private *commandLine(options: CommandLineOption[]): Read {
    for (const option of options) {
      const entry = commandLineEntry(option);
      this.commandLineEntries.add(entry);
      yield* this.feed(entry, [], 0, { commandLine: option.origin });
    }
  }

  /** uwsgi_ini_config: feed the asked section's entries in order. */
  private *load(file: UwsgiIniFile, section: string, chain: UwsgiEntry[], depth: number, includedBy: UwsgiEntry | null): Read {
    this.lastFile = file;
    let found = false;
    for (const entry of file.entries) {
      if (entry.section !== section) continue;
      found = true;
      yield* this.feed(entry, chain, depth);
    }
    // A file not parsed at all (too large, binary) is reported as that, not as one without the section.
    const unread = file.problems.some((p) => p.kind === 'syntax' && (p.error === 'file-too-large' || p.error === 'binary'));
    if (!found && !unread) {
      const where: SourceSpan = includedBy ? span(includedBy.source, includedBy.valueStart, includedBy.valueEnd) : span(file.source, 0, 0);
      // The file given to the linter has other sections: perhaps it is started as `file.ini:name`.
      const other = includedBy ? undefined : file.sections.map((x) => x.name).find((name) => name !== section && /^[A-Za-z0-9_.-]+$/.test(name));
      // The linted file by its display name; an included one by the path uWSGI opens.
      const name = includedBy ? file.source.path : displayPath(file.source.path, this.options.displayRoot);
      this.problems.push({ kind: 'section-missing', span: where, section, name, ...(other === undefined ? {} : { other }), sections: file.sections });
    }
  }

  /** add_exported_option_do: closers end a block, an open block hands the option to its logic. */
  private *feed(entry: UwsgiEntry, chain: UwsgiEntry[], depth: number, extra: Partial<UwsgiOption> = {}): Read {
    if (LOGIC_CLOSERS.has(entry.key)) this.logic = null;
    if (this.logic) {
      yield* this.runLogic(this.logic, entry, chain, depth);
      return;
    }
    yield* this.add(entry, entry.key, entry.value, chain, depth, extra);
  }

  private *runLogic(logic: OpenLogic, entry: UwsgiEntry, chain: UwsgiEntry[], depth: number): Read {
    if (LOGIC_OPENERS.has(entry.key)) return; // nested logic: uWSGI exits; parse reports it
    if (entry.key === 'else' && logic.kind === 'if' && this.v21) {
      logic.inElse = true;
      return;
    }
    const value = entry.value;
    const notEvaluated = (why: string) => {
      if (logic.reported) return;
      logic.reported = true;
      this.note('logic-condition', logic.opener, `${logic.key} = ${logic.arg}`, `\`${logic.key}\` is not evaluated statically (${why}); the options it governs are kept as conditional`);
    };
    const emit = (taken: boolean | null, item: string | null, valueOverride?: string) =>
      this.add(entry, entry.key, valueOverride ?? (item === null ? value : value.split('%(_)').join(item)), chain, depth, {
        logic: { opener: logic.opener, taken, ...(item !== null ? { item } : {}) },
      });
    const key = logic.key;
    if (key === 'for') {
      for (const item of logic.arg.split(' ').filter((token) => token !== '')) yield* emit(true, item);
      return;
    }
    if (key === 'for-times') {
      if (logic.arg.includes(UNKNOWN)) {
        notEvaluated('the count is not known');
        yield* emit(null, UNKNOWN);
        return;
      }
      const count = Number.parseInt(logic.arg.trim(), 10) || 0;
      for (let i = 1; i <= count && this.exported.length < this.maxOptions; i++) yield* emit(true, String(i));
      return;
    }
    if (key === 'for-glob' || key === 'for-readline') {
      notEvaluated(key === 'for-glob' ? 'it expands a glob on the file system' : 'it reads lines from a file');
      yield* emit(null, UNKNOWN);
      return;
    }
    const condition = evaluateCondition(key, logic.arg, {
      lookup: (name) => this.lookup(name),
      env: this.options.env,
      stat: this.options.stat,
      hostname: this.options.hostname,
      absolute: (path) => this.absolute(path),
    });
    if (condition.unknown) notEvaluated(condition.unknown);
    let taken = condition.taken;
    if (taken !== null && logic.inElse) taken = !taken;
    if (taken === false) {
      if (isSocketOption(entry.key)) this.untakenSockets.push({ entry, condition: `${logic.key} = ${logic.arg}`, inElse: logic.inElse });
      return;
    }
    yield* emit(taken, condition.item);
  }

  private *add(
    entry: UwsgiEntry,
    key: string,
    value: string,
    chain: UwsgiEntry[],
    depth: number,
    extra: Partial<UwsgiOption>,
    spans?: { key: SourceSpan; value: SourceSpan },
  ): Read {
    if (this.exported.length >= this.maxOptions) {
      if (!this.optionLimitReported) {
        this.optionLimitReported = true;
        this.problems.push({ kind: 'too-many-options', span: span(entry.source, entry.keyStart, entry.keyEnd), limit: this.maxOptions });
      }
      return;
    }
    const immediate = IMMEDIATE_OPTIONS.has(key) && !extra.placeholderOnly;
    const option: UwsgiOption = {
      key,
      rawValue: entry.rawValue,
      value: null,
      partialValue: value,
      keySpan: spans?.key ?? span(entry.source, entry.keyStart, entry.keyEnd),
      valueSpan: spans?.value ?? span(entry.source, entry.valueStart, entry.valueEnd),
      source: entry.source,
      entry,
      ...(chain.length > 0 ? { fromInclude: chain } : {}),
      templated: entry.templated,
      immediate,
      ...extra,
    };
    const exported: Exported = { key, value, configured: immediate || extra.placeholderOnly === true, option };
    this.exported.push(exported);
    if (!this.firstByKey.has(key)) this.firstByKey.set(key, exported);
    if (!immediate) {
      if (key === 'inherit') this.deferred.push({ entry, chain, depth, option: exported });
      return;
    }
    const syntax = /[%$@]\(/.exec(value);
    if (syntax) this.immediateWithPlaceholder.push({ key, syntax: syntax[0], span: option.valueSpan, option });
    if (LOGIC_OPENERS.has(key) && !this.logic) {
      this.logic = { kind: LOGIC_OPENERS.get(key)!, key, arg: value, opener: entry, inElse: false, reported: false };
      return;
    }
    if (key === 'set' || key === 'set-placeholder' || key === 'set-ph') {
      const equal = value.indexOf('=');
      if (equal < 0) {
        this.problems.push({ kind: 'syntax', span: option.valueSpan, error: 'set-without-name', key });
        return;
      }
      const name = value.slice(0, equal);
      const setValue = value.slice(equal + 1);
      const exact = entry.value === entry.rawValue && key === entry.key;
      const inner = exact
        ? {
            key: span(entry.source, entry.valueStart, entry.valueStart + equal),
            value: span(entry.source, entry.valueStart + equal + 1, entry.valueEnd),
          }
        : { key: option.valueSpan, value: option.valueSpan };
      const via = key === 'set' ? 'set' : 'set-placeholder';
      yield* this.add(entry, name, setValue, chain, depth, { ...extra, viaSet: via, ...(via === 'set' ? {} : { placeholderOnly: true }), rawValue: exact ? entry.rawValue.slice(equal + 1) : entry.rawValue }, inner);
      return;
    }
    if (LOADER_OPTIONS.has(key)) yield* this.loadConfig(entry, key, value, [...chain], depth, option.valueSpan);
  }

  private *loadConfig(entry: UwsgiEntry, key: string, value: string, chain: UwsgiEntry[], depth: number, where?: SourceSpan): Read {
    const valueSpan = where ?? span(entry.source, entry.valueStart, entry.valueEnd);
    const record = (status: UwsgiInclude['status'], path: string | null, section: string, file?: UwsgiIniFile) =>
      this.includes.push({ entry, path, section, status, depth: depth + 1, ...(file ? { file } : {}) });
    if (value.includes(UNKNOWN) || entry.templated) {
      this.noteSpan('loader-scheme', valueSpan, entry.rawValue, `\`${key} = ${entry.rawValue}\` is not loaded: its path is not known statically`);
      record('not-evaluated', null, '');
      return;
    }
    if (ANY_SCHEME.test(value)) {
      this.noteSpan('loader-scheme', valueSpan, value, `\`${key} = ${value}\` is not loaded: the linter never executes or fetches anything`);
      record('not-evaluated', null, '');
      return;
    }
    const { path: rawPath, section: asked } = splitConfigName(value);
    const isIni = key === 'ini' || ((key === 'include' || key === 'inherit') && rawPath.endsWith('.ini'));
    if (!isIni) {
      this.noteSpan('non-ini-config', valueSpan, value, `\`${key} = ${value}\` is not an ini file; its options are not read`);
      record('not-evaluated', rawPath, asked ?? '');
      return;
    }
    const section = asked === null || asked === '' ? 'uwsgi' : asked;
    const reuse = rawPath === '' && asked !== null;
    const path = reuse ? this.lastFile.source.path : this.absolute(rawPath) ?? rawPath;
    const stackKey = path + ':' + section;
    if (this.stack.includes(stackKey)) {
      this.problems.push({ kind: 'include-cycle', span: valueSpan, key, value, stack: [...this.stack, stackKey] });
      record('cycle', path, section);
      return;
    }
    if (depth + 1 > this.maxDepth) {
      this.problems.push({ kind: 'include-too-deep', span: valueSpan, key, value, depth: depth + 1, limit: this.maxDepth });
      record('depth', path, section);
      return;
    }
    let file: UwsgiIniFile;
    if (reuse) {
      file = parseUwsgiIni(this.lastFile.source, { ...this.parseOptions(), configName: value, fileVars: { ...this.lastFile.magicVars, o: value, x: asked ?? '' } });
    } else {
      const read = this.options.readFile ? yield path : undefined;
      // An absolute path no mapping brings in is a path on the deployed box: reported below, as nginx's includes are.
      const onTheBox = isFileProblem(read) && read.problem === 'outside' && posix.isAbsolute(rawPath) && this.options.outsideTree?.(path) === true;
      if (isFileProblem(read) && read.problem !== 'not-found' && !onTheBox) {
        // The linter's own reach, not uWSGI's: what is there on the server is not known here.
        this.problems.push({ kind: 'include-unreadable', span: valueSpan, key, value, ...(path === rawPath ? {} : { path }), problem: read });
        record('not-evaluated', path, section);
        return;
      }
      const text = isFileProblem(read) ? undefined : read;
      if (text === undefined && this.commandLineEntries.has(entry)) {
        // The repository does not hold it; production may (a base image, a volume): not an error here.
        this.noteSpan('loader-scheme', valueSpan, value, `\`--${key} ${value}\` is not read: no file in the repository is known to end up at \`${path}\``);
        record('not-evaluated', path, section);
        return;
      }
      const guard = text === undefined ? this.existenceGuard(path) : null;
      if (guard) {
        // `if-file = X` / `ini = %(_)`: uWSGI reads X only when it is there (core/logic.c uwsgi_logic_opt_if_file), and starts without it.
        this.noteSpan(
          'loader-scheme',
          valueSpan,
          value,
          `\`${key} = ${value}\` is read only if \`${path}\` exists (\`${guard.key} = ${guard.arg}\` at ${posix.basename(guard.opener.source.path)}:${guard.opener.line}), and the run cannot read it: its options are not checked; uWSGI starts without it when it is absent`,
        );
        record('missing', path, section);
        return;
      }
      if (text === undefined && posix.isAbsolute(path) && this.options.outsideTree?.(path)) {
        // Only the deployed box holds it (uWSGI would exit there without it, but the run cannot tell).
        this.problems.push({ kind: 'include-outside', span: valueSpan, key, value, path, directory: posix.dirname(path) });
        record('missing', path, section);
        return;
      }
      if (text === undefined) {
        const relative = posix.isAbsolute(rawPath) ? {} : { relative: { written: rawPath, ...(this.options.cwd ? { cwd: this.options.cwd } : {}) } };
        this.problems.push({ kind: 'include-missing', span: valueSpan, key, value, path, ...relative });
        record('missing', path, section);
        return;
      }
      file = parseUwsgiIni(createSourceFile(path, text), { ...this.parseOptions(), configName: rawPath === value ? path : value });
    }
    this.files.push(file);
    this.problems.push(...file.problems);
    // A file with no entries that uWSGI cannot read (too large, binary) is not loaded; an unclosed block is only a warning.
    record(file.entries.length === 0 && file.problems.some((p) => p.error !== 'unclosed-logic') ? 'too-large' : 'loaded', path, section, file);
    this.stack.push(stackKey);
    yield* this.load(file, section, [...chain, entry], depth + 1, entry);
    this.stack.pop();
  }

  /** The open `if-file`/`if-exists` block (or the `else` of its negation) that tests `path`: a load under it never runs without the file. */
  private existenceGuard(path: string): OpenLogic | null {
    const logic = this.logic;
    if (!logic) return null;
    const positive = logic.key === 'if-file' || logic.key === 'if-exists' || logic.key === 'ifexists';
    const negative = logic.key === 'if-not-file' || logic.key === 'if-not-exists';
    if (!((positive && !logic.inElse) || (negative && logic.inElse))) return null;
    return (this.absolute(logic.arg) ?? logic.arg) === path ? logic : null;
  }

  private parseOptions(): ParseOptions {
    const parse: ParseOptions = { topLevel: this.top.magicVars };
    for (const key of ENV_KEYS) if (this.options[key] !== undefined) (parse as Record<string, unknown>)[key] = this.options[key];
    if (this.options.maxFileSize !== undefined) parse.maxFileSize = this.options.maxFileSize;
    return parse;
  }

  private absolute(path: string): string | null {
    if (posix.isAbsolute(path)) return posix.normalize(path);
    return this.options.cwd ? posix.join(this.options.cwd, path) : null;
  }

  /** uwsgi_get_exported_opt: the current value of the first option with that key. */
  lookup(name: string): string | null {
    return this.firstByKey.get(name)?.value ?? null;
  }

  private note(kind: NotEvaluatedKind, entry: UwsgiEntry, text: string, message: string): void {
    this.noteSpan(kind, span(entry.source, entry.keyStart, entry.end), text, message);
  }

  private noteSpan(kind: NotEvaluatedKind, where: SourceSpan, text: string, message: string): void {
    this.notEvaluated.push({ kind, text, span: where, message });
  }

  /** The `$`, `@`, `%` passes over every value not consumed while reading (passes.ts). */
  private expandValues(): void {
    const outcome = runPasses(this.exported, { env: this.options.env, v21: this.v21, limits: this.limits, note: (kind, where, text, message) => this.noteSpan(kind, where, text, message) });
    for (const use of outcome.undefinedPlaceholders) this.undefinedPlaceholders.push(use);
    for (const cycle of outcome.placeholderCycles) this.placeholderCycles.push(cycle);
    for (const { exported, cycle } of outcome.unbounded) {
      this.problems.push({ kind: 'expansion-unbounded', span: exported.option.valueSpan, key: exported.key, cycle });
    }
  }

  result(section: string): UwsgiConfig {
    const placeholders = new Map<string, PlaceholderDefinition>();
    for (const exported of this.exported) {
      const known = placeholders.get(exported.key);
      if (known) known.shadowed.push(exported.option);
      else placeholders.set(exported.key, { name: exported.key, option: exported.option, shadowed: [] });
    }
    return {
      file: this.top,
      section,
      options: this.exported.map((exported) => exported.option),
      sections: this.files.flatMap((file) => file.sections),
      placeholders,
      notEvaluated: this.notEvaluated,
      unknownMagic: [...new Set(this.files)].flatMap((file) => file.unknownMagic.map((use) => ({ char: use.char, span: span(file.source, use.start, use.end) }))),
      undefinedPlaceholders: this.undefinedPlaceholders,
      placeholderCycles: this.placeholderCycles,
      immediateWithPlaceholder: this.immediateWithPlaceholder,
      includes: this.includes,
      files: this.files,
      problems: this.problems,
      ...(this.untakenSockets.length > 0 ? { untakenSockets: this.untakenSockets } : {}),
    };
  }
}

/** A command-line option as an entry: key and value spans in the file that gives it. */
function commandLineEntry(option: CommandLineOption): UwsgiEntry {
  const source = option.keySpan.source;
  const start = Math.min(option.keySpan.start, option.valueSpan.start);
  const end = Math.max(option.keySpan.end, option.valueSpan.end);
  return {
    key: option.key,
    rawKey: source.text.slice(option.keySpan.start, option.keySpan.end),
    keyStart: option.keySpan.start,
    keyEnd: option.keySpan.end,
    rawValue: option.value,
    value: option.value,
    // Spans may lie in another file than the key (Debian's data); keep the value's own span.
    valueStart: option.valueSpan.source === source ? option.valueSpan.start : option.keySpan.start,
    valueEnd: option.valueSpan.source === source ? option.valueSpan.end : option.keySpan.end,
    hasEquals: true,
    equalsAt: -1,
    start,
    end,
    line: positionAt(source, start).line,
    section: 'uwsgi',
    sectionIndex: -1,
    templated: false,
    index: -1,
    source,
  };
}

/** The top-level file parsed for this resolution (section and process facts change its magic). */
function topFile(file: UwsgiIniFile, options: ResolveOptions | ResolveOptionsAsync, section: string): UwsgiIniFile {
  const parse: ParseOptions = { ...file.options };
  let changed = false;
  for (const key of ENV_KEYS) {
    if (options[key] !== undefined && options[key] !== parse[key]) {
      (parse as Record<string, unknown>)[key] = options[key];
      changed = true;
    }
  }
  if (options.section !== undefined && file.magicVars.x !== options.section && !(options.section === 'uwsgi' && file.magicVars.x === '')) {
    parse.configName = `${file.options.configName === undefined ? file.source.path : splitConfigName(file.options.configName).path}:${section}`;
    changed = true;
  }
  return changed ? parseUwsgiIni(file.source, parse) : file;
}

/** The section to load: asked for, or named by the file's `name.ini:section`, else `uwsgi`. */
function sectionAsked(file: UwsgiIniFile, options: { section?: string }): string {
  if (options.section !== undefined) return options.section === '' ? 'uwsgi' : options.section;
  return file.magicVars.x === '' ? 'uwsgi' : file.magicVars.x;
}

/** Resolves a parsed file with a synchronous reader. */
export function resolveUwsgi(file: UwsgiIniFile, options: ResolveOptions = {}): UwsgiConfig {
  const section = sectionAsked(file, options);
  const resolver = new Resolver(options.commandLineOnly ? file : topFile(file, options, section), options);
  const run = resolver.run(section);
  let step = run.next();
  while (!step.done) step = run.next(options.readFile ? options.readFile(step.value) : undefined);
  return resolver.result(section);
}

/** Resolves a parsed file with a reader that may be asynchronous. */
export async function resolveUwsgiAsync(file: UwsgiIniFile, options: ResolveOptionsAsync = {}): Promise<UwsgiConfig> {
  const section = sectionAsked(file, options);
  const resolver = new Resolver(options.commandLineOnly ? file : topFile(file, options, section), options);
  const run = resolver.run(section);
  let step = run.next();
  while (!step.done) step = run.next(options.readFile ? await options.readFile(step.value) : undefined);
  return resolver.result(section);
}
