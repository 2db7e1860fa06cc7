// What lint() and lintText() accept, checked before anything is read: a mistake in the call is a
// LintOptionsError naming the option and what was expected (as the CLI's usage errors do), never a
// bare TypeError from deep inside a run, and never a run over something the caller did not mean.
import { ConfigError, validateConfig, type RuleScopeConfig, type UserConfig } from './config.js';
import type { SkippedPath } from './discover.js';
import type { FileKind } from './result.js';
import type { Timing } from './timing.js';
import type { PathHost } from './posix-path.js';

/** A call to lint() or lintText() that cannot be run as given; `option` names the culprit (`files[2]`, `config.rules`). */
export class LintOptionsError extends TypeError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.name = 'LintOptionsError';
    this.option = option;
  }
}

export interface CheckedRunOptions {
  cwd?: string;
  config?: UserConfig;
  ruleScopes?: RuleScopeConfig[];
  /** true: the configuration file found from cwd upward; a path: that file; absent or false: none. */
  configFile?: string | true;
  timing?: Timing;
}

export interface CheckedTextInput {
  path: string;
  text: string;
  kind?: FileKind;
  section?: string;
}

const KINDS: readonly FileKind[] = ['nginx', 'uwsgi', 'context'];

/** A value as a message shows what was given instead. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The options both calls share: cwd, config (validated as a config file is), configFile, timing. */
function checkRunOptions(call: string, options: Record<string, unknown>, known: readonly string[]): CheckedRunOptions {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new LintOptionsError(key, `${call}: unknown option "${key}" (known: ${known.join(', ')})`);
  }
  const { cwd, config, timing } = options;
  if (cwd !== undefined && (typeof cwd !== 'string' || cwd === '')) throw new LintOptionsError('cwd', `${call}: "cwd" must be a directory path (a non-empty string), got ${shown(cwd)}`);
  let checked: UserConfig | undefined;
  if (config !== undefined) {
    try {
      checked = validateConfig(config, `${call}: option "config"`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw new LintOptionsError(err.setting ? `config.${err.setting}` : 'config', err.message);
    }
  }
  const ruleScopes = checkRuleScopes(call, options.ruleScopes);
  if (timing !== undefined && !isRecord(timing)) throw new LintOptionsError('timing', `${call}: "timing" must be an object from createTiming(), got ${shown(timing)}`);
  const { configFile } = options;
  if (configFile !== undefined && typeof configFile !== 'boolean' && (typeof configFile !== 'string' || configFile === '')) {
    throw new LintOptionsError('configFile', `${call}: "configFile" must be true (look for the configuration file as the CLI does), false (read none) or a file path, got ${shown(configFile)}`);
  }
  return { cwd: cwd as string | undefined, config: checked, ...(ruleScopes ? { ruleScopes } : {}), timing: timing as Timing | undefined, ...(configFile === true || typeof configFile === 'string' ? { configFile } : {}) };
}

/** `ruleScopes`: a list of { dir, rules }, each `rules` checked as a configuration file's. */
function checkRuleScopes(call: string, scopes: unknown): RuleScopeConfig[] | undefined {
  if (scopes === undefined) return undefined;
  if (!Array.isArray(scopes)) throw new LintOptionsError('ruleScopes', `${call}: "ruleScopes" must be a list of { dir, rules }, got ${shown(scopes)}`);
  return scopes.map((scope: unknown, i) => {
    const at = `ruleScopes[${i}]`;
    if (!isRecord(scope) || typeof scope.dir !== 'string' || scope.dir === '') throw new LintOptionsError(at, `${call}: "${at}" must be { dir, rules } with dir a directory path, got ${shown(scope)}`);
    try {
      validateConfig({ rules: scope.rules ?? {} }, `${call}: option "${at}"`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw new LintOptionsError(`${at}.rules`, err.message);
    }
    return { dir: scope.dir, rules: (scope.rules ?? {}) as RuleScopeConfig['rules'] };
  });
}

/** loadConfig()'s options: where to start, or which file to read. */
export function checkLoadConfigOptions(options: unknown): { cwd?: string; configFile?: string } {
  const call = 'loadConfig()';
  if (options === undefined) return {};
  if (!isRecord(options)) throw new LintOptionsError('options', `${call} takes an options object such as { cwd: 'deploy' }, got ${shown(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'cwd' && key !== 'configFile') throw new LintOptionsError(key, `${call}: unknown option "${key}" (known: cwd, configFile)`);
  }
  const { cwd, configFile } = options;
  if (cwd !== undefined && (typeof cwd !== 'string' || cwd === '')) throw new LintOptionsError('cwd', `${call}: "cwd" must be a directory path (a non-empty string), got ${shown(cwd)}`);
  if (configFile !== undefined && (typeof configFile !== 'string' || configFile === '')) throw new LintOptionsError('configFile', `${call}: "configFile" must be a file path (a non-empty string), got ${shown(configFile)}`);
  return { ...(cwd !== undefined ? { cwd: cwd as string } : {}), ...(configFile !== undefined ? { configFile: configFile as string } : {}) };
}

/** lint()'s options: `files` is one path or a list of paths, each given once. */
export function checkLintOptions(options: unknown, host: Pick<PathHost, 'cwd' | 'resolve'>): CheckedRunOptions & { files: string[]; roots?: string[]; skipped?: SkippedPath[]; literal?: string[]; pairContext?: boolean } {
  const call = 'lint()';
  if (!isRecord(options)) {
    throw new LintOptionsError('options', `${call} takes an options object such as { files: ['site.conf', 'app.ini'] }, got ${shown(options)}`);
  }
  const run = checkRunOptions(call, options, ['files', 'cwd', 'config', 'configFile', 'timing', 'roots', 'skipped', 'literal', 'ruleScopes', 'pairContext']);
  const { roots, skipped, literal, pairContext } = options;
  if (pairContext !== undefined && typeof pairContext !== 'boolean') {
    throw new LintOptionsError('pairContext', `${call}: "pairContext" must be true or false, got ${shown(pairContext)}`);
  }
  if (roots !== undefined && (!Array.isArray(roots) || roots.some((r) => typeof r !== 'string' || r === ''))) {
    throw new LintOptionsError('roots', `${call}: "roots" must be a list of directory paths (non-empty strings), got ${shown(roots)}`);
  }
  if (skipped !== undefined && (!Array.isArray(skipped) || skipped.some((s) => !isRecord(s) || typeof s.path !== 'string' || !isRecord(s.problem)))) {
    throw new LintOptionsError('skipped', `${call}: "skipped" must be a list of { path, problem } from discoverFiles(), got ${shown(skipped)}`);
  }
  if (literal !== undefined && (!Array.isArray(literal) || literal.some((l) => typeof l !== 'string' || l === ''))) {
    throw new LintOptionsError('literal', `${call}: "literal" must be a list of paths (non-empty strings) from discoverFiles(), got ${shown(literal)}`);
  }
  const given = options.files;
  const files = typeof given === 'string' ? [given] : given;
  if (!Array.isArray(files)) {
    throw new LintOptionsError('files', `${call}: "files" must be a path or a list of paths (strings), got ${shown(given)}`);
  }
  const seen = new Map<string, number>();
  const base = host.resolve(run.cwd ?? host.cwd());
  files.forEach((f: unknown, i) => {
    const option = typeof given === 'string' ? 'files' : `files[${i}]`;
    if (typeof f !== 'string' || f === '') throw new LintOptionsError(option, `${call}: "${option}" must be a file path (a non-empty string), got ${shown(f)}`);
    const key = host.resolve(base, f);
    const first = seen.get(key);
    if (first !== undefined) throw new LintOptionsError(option, `${call}: "${option}" (${f}) names the same file as "files[${first}]" (${files[first]}); give each file once`);
    seen.set(key, i);
  });
  return { ...run, files: files as string[], ...(roots ? { roots: roots as string[] } : {}), ...(skipped ? { skipped: skipped as SkippedPath[] } : {}), ...(literal ? { literal: literal as string[] } : {}), ...(pairContext !== undefined ? { pairContext } : {}) };
}

/**
 * lintText()'s arguments: one input or a list, each with a path and a text, no path twice (the
 * texts stand for files, and one file cannot hold two texts) unless each names another section.
 */
export function checkLintTextArgs(inputs: unknown, options: unknown, host: Pick<PathHost, 'cwd' | 'resolve'>): { inputs: CheckedTextInput[]; options: CheckedRunOptions } {
  const call = 'lintText()';
  if (options !== undefined && !isRecord(options)) throw new LintOptionsError('options', `${call}: the second argument must be an options object ({ cwd, config }), got ${shown(options)}`);
  const run = checkRunOptions(call, options ?? {}, ['cwd', 'config', 'configFile', 'timing', 'ruleScopes']);
  const list = isRecord(inputs) ? [inputs] : inputs;
  if (!Array.isArray(list)) {
    throw new LintOptionsError('inputs', `${call} takes a list of { path, text } objects (or one), got ${shown(inputs)}`);
  }
  const base = host.resolve(run.cwd ?? host.cwd());
  const seen = new Map<string, { index: number; text: string }>();
  const seenSections = new Map<string, number>();
  const checked = list.map((input: unknown, i): CheckedTextInput => {
    const at = isRecord(inputs) ? 'inputs' : `inputs[${i}]`;
    if (!isRecord(input)) throw new LintOptionsError(at, `${call}: "${at}" must be an object { path, text }, got ${shown(input)}`);
    const { path, text, kind, section } = input;
    if (typeof path !== 'string' || path === '') throw new LintOptionsError(`${at}.path`, `${call}: "${at}.path" must be a file path (a non-empty string), got ${shown(path)}`);
    if (typeof text !== 'string') throw new LintOptionsError(`${at}.text`, `${call}: "${at}.text" must be the file's text (a string), got ${shown(text)}`);
    if (kind !== undefined && !KINDS.includes(kind as FileKind)) throw new LintOptionsError(`${at}.kind`, `${call}: "${at}.kind" must be one of ${KINDS.join(', ')}, got ${shown(kind)}`);
    if (section !== undefined && (typeof section !== 'string' || section === '')) throw new LintOptionsError(`${at}.section`, `${call}: "${at}.section" must be a section name (a non-empty string), got ${shown(section)}`);
    const key = host.resolve(base, path);
    const first = seen.get(key);
    // `app.ini` read for two sections is one file seen twice; two texts for one path is a mistake.
    if (first !== undefined && first.text !== text) {
      throw new LintOptionsError(`${at}.path`, `${call}: "${at}.path" (${path}) names the same file as "inputs[${first.index}].path" with another text; give each file once`);
    }
    const sectionKey = `${key}\0${section ?? ''}`;
    const same = seenSections.get(sectionKey);
    if (same !== undefined) {
      throw new LintOptionsError(`${at}.path`, `${call}: "${at}.path" (${path}) names the same file${section !== undefined ? ` and section` : ''} as "inputs[${same}]"; give each file once`);
    }
    if (first === undefined) seen.set(key, { index: i, text });
    seenSections.set(sectionKey, i);
    return { path, text, ...(kind !== undefined ? { kind: kind as FileKind } : {}), ...(section !== undefined ? { section: section as string } : {}) };
  });
  return { inputs: checked, options: run };
}
