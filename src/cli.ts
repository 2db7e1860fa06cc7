// The command line: parse flags, find the files, lint them, print a report, choose the exit code.
// Exit 0: no errors (and warnings within --max-warnings); 1: problems; 2: usage or fatal error,
// told in one line on stderr. No exception ever reaches the user as a stack trace.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findConfig, loadConfigFile } from './config.js';
import { discoverFiles } from './discover.js';
import { lint } from './lint.js';
import { formatJson } from './reporters/json.js';
import { formatText } from './reporters/text.js';
import type { LintResult } from './result.js';

export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  /** Environment for colour decisions (NO_COLOR, FORCE_COLOR); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

interface ReportOptions {
  color: boolean;
}

/** One line a format: adding a reporter is adding its entry here. */
const formats: Record<string, (result: LintResult, options: ReportOptions) => string> = {
  text: (result, options) => formatText(result, { color: options.color }),
  json: (result) => formatJson(result),
};

const NAME = 'nginx-uwsgi-lint';

const HELP = `Usage: ${NAME} [options] [paths...]

Lint nginx configs and uWSGI ini files, each alone and together as a pair.
Paths are files, directories (walked; node_modules, .git and dist skipped) or globs;
default is the current directory. Files are told apart by content.

Options:
  -f, --format <name>     output format: ${Object.keys(formats).join(', ')} (default: text)
  -c, --config <file>     JSON configuration file (default: .nginx-uwsgi-lint.json
                          or package.json's "nginx-uwsgi-lint" key, from here up)
      --color             force coloured output
      --no-color          disable coloured output
  -q, --quiet             report errors only
      --max-warnings <n>  exit 1 when there are more than n warnings
  -h, --help              show this help
  -v, --version           show the version

Exit codes: 0 no errors, 1 problems found, 2 usage or fatal error.
`;

/** A failure to report in one line and exit 2. */
class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    io.stderr.write(`${NAME}: ${oneLine(error)}\n`);
    return 2;
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].trim() || 'unexpected error';
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCommandLine(argv);
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`${await readVersion()}\n`);
    return 0;
  }

  const report = formats[args.format];
  if (report === undefined) {
    throw new UsageError(`unknown format "${args.format}"; expected one of: ${Object.keys(formats).join(', ')}`);
  }
  // Validated, with its relative paths taken from the config file's directory.
  const { config } = args.config === undefined ? findConfig(io.cwd) : loadConfigFile(resolve(io.cwd, args.config));

  const paths = args.paths.length > 0 ? args.paths : ['.'];
  const { files, missing } = await discoverFiles(paths, { cwd: io.cwd });
  if (missing.length > 0) {
    throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  }
  if (files.length === 0) {
    throw new UsageError(`no nginx or uWSGI files found in ${paths.join(', ')}`);
  }

  const result = await lint({ files, cwd: io.cwd, config });
  const shown = args.quiet ? errorsOnly(result) : result;
  io.stdout.write(report(shown, { color: useColor(args.color, io) }));

  if (result.errorCount > 0) return 1;
  if (args.maxWarnings !== undefined && result.warningCount > args.maxWarnings) {
    io.stderr.write(`${NAME}: ${result.warningCount} warnings, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

interface CommandLine {
  paths: string[];
  format: string;
  config?: string;
  /** true: --color, false: --no-color, undefined: decide from the terminal. */
  color?: boolean;
  quiet: boolean;
  maxWarnings?: number;
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
        config: { type: 'string', short: 'c' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'max-warnings': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs explains itself at length ("To specify a positional argument..."): keep the first sentence.
    throw new UsageError(`${oneLine(error).replace(/\. To specify.*$/, '')} (see --help)`);
  }
  const { values, positionals, tokens } = parsed;

  // The last of --color / --no-color wins.
  let color: boolean | undefined;
  for (const token of tokens ?? []) {
    if (token.kind === 'option' && token.name === 'color') color = true;
    if (token.kind === 'option' && token.name === 'no-color') color = false;
  }

  let maxWarnings: number | undefined;
  const rawMax = values['max-warnings'];
  if (rawMax !== undefined) {
    if (!/^\d+$/.test(rawMax)) throw new UsageError(`--max-warnings needs a whole number, got "${rawMax}"`);
    maxWarnings = Number(rawMax);
  }

  return {
    paths: positionals,
    format: values.format ?? 'text',
    config: values.config,
    color,
    quiet: values.quiet ?? false,
    maxWarnings,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function useColor(flag: boolean | undefined, io: CliIo): boolean {
  if (flag !== undefined) return flag;
  const env = io.env ?? process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return io.stdout.isTTY === true && env.TERM !== 'dumb';
}

async function readVersion(): Promise<string> {
  // package.json is one level above src/cli.ts and two above dist/src/cli.js.
  for (const candidate of ['../package.json', '../../package.json']) {
    const text = await readFile(new URL(candidate, import.meta.url), 'utf8').catch(() => null);
    if (text === null) continue;
    const manifest = JSON.parse(text) as { name?: string; version?: string };
    if (manifest.name === NAME && manifest.version) return manifest.version;
  }
  throw new Error('cannot find package.json to read the version');
}

/** The result with warnings and infos removed (--quiet). */
function errorsOnly(result: LintResult): LintResult {
  const results = result.results.map((file) => ({
    ...file,
    messages: file.messages.filter((m) => m.severity === 'error'),
    warningCount: 0,
    infoCount: 0,
  }));
  return { results, errorCount: result.errorCount, warningCount: 0, infoCount: 0 };
}
