// The command line: parse flags, find the files, lint them, print a report, choose the exit code.
// Exit 0: no errors (and warnings within --max-warnings); 1: problems; 2: usage or fatal error,
// told in one line on stderr. No exception ever reaches the user as a stack trace.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rules as registry } from '../rules/index.js';
import type { RuleSetting } from './config.js';
import { runConfiguration } from './config-run.js';
import { discoverFiles } from './discover.js';
import { fixFiles, withFixFailures, type FixFailure } from './fix.js';
import { lint, lintText } from './lint.js';
import { partialInput } from './pair-context.js';
import { escapeControls } from './reporters/escape.js';
import { formatCheckstyle } from './reporters/checkstyle.js';
import { formatGithub } from './reporters/github.js';
import { formatGitlab } from './reporters/gitlab.js';
import { formatJson } from './reporters/json.js';
import { readPackageInfo, readRuleDoc } from './reporters/package-files.js';
import { formatSarif } from './reporters/sarif.js';
import { formatText } from './reporters/text.js';
import type { LintResult } from './result.js';
import { printConfigFor } from './print-config.js';
import { listRules, listRulesJson } from './list-rules.js';
import { didYouMean } from './suggest.js';
import { createTiming, formatTiming, timed, timingRows } from './timing.js';

// The bin calls them once the bundle is loaded (bin/nginx-uwsgi-lint.js).
export { capYoungGeneration, uncapYoungGeneration } from './young-generation.js';
export { restoreTurbofanDefaults, tuneTurbofanForShortRun } from './turbofan-short-run.js';

export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  /** Environment for colour decisions (NO_COLOR, FORCE_COLOR); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Reads all of standard input (--stdin); defaults to process.stdin. */
  readStdin?: () => Promise<string>;
}

interface ReportOptions {
  color: boolean;
  cwd: string;
  /** Fatal problems, for formats that carry them (SARIF). */
  fatal?: string[];
}

/** One line a format: adding a reporter is adding its entry here. */
const formats: Record<string, (result: LintResult, options: ReportOptions) => string> = {
  text: (result, options) => formatText(result, { color: options.color }),
  json: (result) => formatJson(result),
  sarif: (result, options) =>
    formatSarif(result, { cwd: options.cwd, notifications: options.fatal?.map((message) => ({ message, level: 'error' })) }),
  github: (result) => formatGithub(result),
  gitlab: (result, options) => formatGitlab(result, { cwd: options.cwd }),
  checkstyle: (result) => formatCheckstyle(result),
};

const NAME = 'nginx-uwsgi-lint';
const SEVERITY_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];
/** Passes of fix, re-lint: enough for fixes that waited on an overlapping one. */
const MAX_FIX_PASSES = 10;

const HELP = `Usage: ${NAME} [options] [paths...]

Lint nginx configs and uWSGI ini files, each alone and together as a pair.
Paths are files, directories (walked; node_modules, .git and dist skipped) or globs;
default is the current directory. Files are told apart by content.

Options:
  -f, --format <name>        output format: ${Object.keys(formats).join(', ')} (default: text)
  -o, --output <file>        write the report to a file instead of standard output
  -c, --config <file>        configuration file for every file (default: each file's
                             closest .nginx-uwsgi-lint.json, package.json "nginx-uwsgi-lint"
                             key or pyproject.toml [tool.nginx-uwsgi-lint], from its directory up)
      --rule <id>:<severity> set a rule to error, warning, info or off (repeatable)
      --fix                  apply the safe fixes, write the files, then re-lint
      --unsafe-fixes         with --fix, apply the unsafe fixes too (they change what
                             the server does: an ignored line takes effect, a value changes)
      --[no-]pair-context    read the other side of the pair too ("pairs", else the git work
                             tree's configs); report on the given files only (default: on for files)
      --stdin                lint standard input instead of files
      --stdin-filename <p>   the name standard input is reported (and classified) under
      --color                force coloured output
      --no-color             disable coloured output
  -q, --quiet                report errors only
      --max-warnings <n>     exit 1 when there are more than n warnings
      --list-rules           list the rules with their default severity (--format json: with
                             their gixy checks and options)
      --explain <rule>       print a rule's documentation
      --print-config [path]  print the settings a file (default: the current directory)
                             gets, defaults included, and the file they come from, as JSON
      --lsp                  run as a language server on stdin/stdout, for editors
                             (docs/editors.md)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 problems found (or a file --fix could not write), 2 usage or fatal error.
`;

/** A failure to report in one line and exit 2. */
class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: CommandLine | undefined;
  try {
    args = parseCommandLine(argv);
    return await run(args, io);
  } catch (error) {
    // The reason may quote a file name or a config file's text: escaped like the text report.
    io.stderr.write(`${NAME}: ${escapeControls(oneLine(error))}\n`);
    // A SARIF consumer (code scanning) still gets a document, saying the run failed.
    if (args?.format === 'sarif') {
      try {
        emit(args, io, formats.sarif(emptyResult(), { color: false, cwd: io.cwd, fatal: [oneLine(error)] }));
      } catch {
        // The report itself cannot be written: the line on stderr has to do.
      }
    }
    return 2;
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'unexpected error';
}

async function run(args: CommandLine, io: CliIo): Promise<number> {
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`${readPackageInfo().version}\n`);
    return 0;
  }
  if (args.listRules) {
    io.stdout.write(args.format === 'json' ? listRulesJson() : listRules());
    return 0;
  }
  if (args.explain !== undefined) {
    const id = knownRule(args.explain, '--explain');
    const doc = readRuleDoc(id);
    if (doc === null) throw new Error(`no documentation found for ${id}`);
    io.stdout.write(doc.markdown.endsWith('\n') ? doc.markdown : doc.markdown + '\n');
    return 0;
  }

  const report = formats[args.format];
  if (args.printConfig) {
    if (args.paths.length > 1) throw new UsageError(`--print-config shows one file's configuration; got ${args.paths.length} paths`);
    io.stdout.write(JSON.stringify(printConfigFor(args.paths[0], { cwd: io.cwd, config: args.config, rules: args.rules }), null, 2) + '\n');
    return 0;
  }

  // TIMING=1, as in ESLint: where the time went, on standard error after the report.
  const timingRowCount = timingRows((io.env ?? process.env).TIMING);
  const timing = timingRowCount === null ? undefined : createTiming();
  let relint: () => Promise<LintResult>;
  if (args.stdin) {
    const text = await (io.readStdin ?? readProcessStdin)();
    const path = args.stdinFilename ?? '<stdin>';
    // Standard input gets the configuration of the file it stands for, as ESLint's --stdin-filename.
    const { config, ruleScopes } = runConfiguration([path], { cwd: io.cwd, config: args.config, rules: args.rules });
    relint = () => lintText([{ path, text }], { cwd: io.cwd, config, ruleScopes, timing });
  } else {
    const paths = args.paths.length > 0 ? args.paths : ['.'];
    // performance loads Node's perf_hooks modules: only when timing is asked for.
    const discoverStart = timing ? performance.now() : 0;
    const { files, missing, skipped, roots, literal } = await discoverFiles(paths, { cwd: io.cwd });
    timing?.phases.set('discover', performance.now() - discoverStart);
    if (missing.length > 0) {
      throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
    }
    if (files.length === 0 && skipped.length === 0) {
      throw new UsageError(`no nginx or uWSGI files found in ${paths.join(', ')}`);
    }
    // Only the given paths are read below: includes and links out of them are reported, not followed.
    const { config, ruleScopes } = runConfiguration(files, { cwd: io.cwd, config: args.config, rules: args.rules });
    const pairContext = args.pairContext ?? partialInput(args.paths.map((p) => resolve(io.cwd, p)));
    relint = () => lint({ files, cwd: io.cwd, config, ruleScopes, timing, roots, skipped, literal, pairContext });
  }

  let result = await relint();
  if (args.fix) {
    // A file that cannot be written is named and left alone; the others are still fixed.
    const failures: FixFailure[] = [];
    const skip = new Set<string>();
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const { fixed, failed } = fixFiles(result, { cwd: io.cwd, unsafeFixes: args.unsafeFixes, skip });
      for (const f of failed) {
        failures.push(f);
        skip.add(f.filePath);
        io.stderr.write(`${NAME}: ${visible(f.filePath)}: not fixed: ${visible(f.reason)}\n`);
      }
      if (fixed.length === 0) break;
      result = await relint();
    }
    result = withFixFailures(result, failures);
  }

  const shown = args.quiet ? errorsOnly(result) : result;
  const text = timed(timing, 'phases', 'report', () => report(shown, { color: args.output === undefined ? useColor(args.color, io) : args.color === true, cwd: io.cwd }));
  emit(args, io, text);
  if (timing && timingRowCount !== null) io.stderr.write(formatTiming(timing, timingRowCount));

  if (result.errorCount > 0) return 1;
  if (args.maxWarnings !== undefined && result.warningCount > args.maxWarnings) {
    io.stderr.write(`${NAME}: ${result.warningCount} warnings, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** The report, to --output or standard output. */
function emit(args: CommandLine, io: CliIo, text: string): void {
  if (args.output === undefined) {
    io.stdout.write(text);
    return;
  }
  const path = resolve(io.cwd, args.output);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new Error(`cannot write ${args.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

interface CommandLine {
  paths: string[];
  format: string;
  output?: string;
  config?: string;
  /** --rule settings, in order (a later one wins). */
  rules: Record<string, RuleSetting>;
  fix: boolean;
  unsafeFixes: boolean;
  stdin: boolean;
  stdinFilename?: string;
  /** true: --color, false: --no-color, undefined: decide from the terminal. */
  color?: boolean;
  pairContext?: boolean; // --pair-context, --no-pair-context; undefined: on when files are named and not both sides (src/pair-context.ts)
  quiet: boolean;
  maxWarnings?: number;
  listRules: boolean;
  explain?: string;
  printConfig: boolean;
  help: boolean;
  version: boolean;
}

function parseCommandLine(argv: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        rule: { type: 'string', multiple: true },
        fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'pair-context': { type: 'boolean' }, 'no-pair-context': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'max-warnings': { type: 'string' },
        'list-rules': { type: 'boolean' },
        explain: { type: 'string' },
        'print-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs explains itself at length ("To specify a positional argument..."): keep the first sentence.
    throw new UsageError(`${oneLine(error).replace(/\. To specify.*$/, '')} (see --help)`);
  }
  const { values, positionals, tokens } = parsed;

  // The last of --color / --no-color wins, and of --pair-context / --no-pair-context (a hook's entry, then its args).
  let color: boolean | undefined;
  let pairContext: boolean | undefined;
  for (const token of tokens ?? []) {
    if (token.kind === 'option' && /^(no-)?color$/.test(token.name)) color = token.name === 'color';
    if (token.kind === 'option' && /^(no-)?pair-context$/.test(token.name)) pairContext = token.name === 'pair-context';
  }

  const format = values.format ?? 'text';
  if (!Object.hasOwn(formats, format)) {
    throw new UsageError(`unknown format "${format}"; expected one of: ${Object.keys(formats).join(', ')}`);
  }

  let maxWarnings: number | undefined;
  const rawMax = values['max-warnings'];
  if (rawMax !== undefined) {
    if (!/^\d+$/.test(rawMax)) throw new UsageError(`--max-warnings needs a whole number, got "${rawMax}"`);
    maxWarnings = Number(rawMax);
  }

  const rules: Record<string, RuleSetting> = {};
  for (const raw of values.rule ?? []) {
    const colon = raw.lastIndexOf(':');
    if (colon <= 0) throw new UsageError(`--rule needs <rule>:<severity>, got "${raw}"`);
    const id = knownRule(raw.slice(0, colon), '--rule');
    const setting = raw.slice(colon + 1) as RuleSetting;
    if (!SEVERITY_SETTINGS.includes(setting)) {
      throw new UsageError(`--rule ${id}: unknown severity "${setting}"; expected one of: ${SEVERITY_SETTINGS.join(', ')}`);
    }
    rules[id] = setting;
  }

  const stdin = values.stdin ?? false;
  if (values['stdin-filename'] !== undefined && !stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (stdin && positionals.length > 0) throw new UsageError(`--stdin lints standard input; no paths with it (got ${positionals[0]})`);
  if (stdin && (values.fix || pairContext)) throw new UsageError(`${values.fix ? '--fix writes files' : '--pair-context reads the files beside the given ones'}; it cannot be used with --stdin`);
  if (values['unsafe-fixes'] && !values.fix) throw new UsageError('--unsafe-fixes only widens --fix; give both');
  if (values.output === '') throw new UsageError('--output needs a file name');

  return {
    paths: positionals,
    format,
    output: values.output,
    config: values.config,
    rules,
    fix: values.fix ?? false,
    unsafeFixes: values['unsafe-fixes'] ?? false,
    stdin,
    stdinFilename: values['stdin-filename'],
    color,
    pairContext,
    quiet: values.quiet ?? false,
    maxWarnings,
    listRules: values['list-rules'] ?? false,
    explain: values.explain,
    printConfig: values['print-config'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** The id of a registered rule, or a usage error with the nearest id. */
function knownRule(id: string, flag: string): string {
  const ids = registry.map((r) => r.meta.id);
  if (ids.includes(id)) return id;
  const guess = didYouMean(id, ids);
  throw new UsageError(`${flag}: unknown rule "${id}"${guess ? `; did you mean "${guess}"?` : ''} (see --list-rules)`);
}

function useColor(flag: boolean | undefined, io: CliIo): boolean {
  if (flag !== undefined) return flag;
  const env = io.env ?? process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return io.stdout.isTTY === true && env.TERM !== 'dumb';
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function emptyResult(): LintResult {
  return { results: [], errorCount: 0, warningCount: 0, infoCount: 0 };
}

/** The result with warnings and infos removed (--quiet). */
function errorsOnly(result: LintResult): LintResult {
  const results = result.results.map((file) => ({
    ...file,
    messages: file.messages.filter((m) => m.severity === 'error'),
    warningCount: 0,
    infoCount: 0,
  }));
  return { ...result, results, errorCount: result.errorCount, warningCount: 0, infoCount: 0 };
}

/** A path or reason from the file system, with control characters shown as escapes, for stderr. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
