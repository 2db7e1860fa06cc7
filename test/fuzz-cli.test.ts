// The real CLI (dist/, spawned) on hostile trees: mangled corpus files, control characters in
// contents and file names, binary bytes, huge lines, paths that climb out of the tree (`include
// ../../../../etc/passwd;`, `ini = /proc/self/environ`, symlinks out), with and without --fix.
// Seeded, so a failure replays: 200 cases in 20 runs of 10 case directories each, 2 runs at a
// time. Each property is its own test below, so one that fails names what broke; a failure lists
// the run (its seed and directory) and what was seen. FUZZ_CLI_RUN=<n> replays run n alone.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNginx } from '../src/nginx/parse.js';
import type { NginxDirective } from '../src/nginx/ast.js';
import { createSourceFile, positionAt } from '../src/source.js';
import { parseUwsgiIni } from '../src/uwsgi/index.js';
import { mangle } from './support/mangle.js';
import { seeded } from './support/random.js';
import { sharedCorpusDir } from './support/shared.js';

const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'bin', 'nginx-uwsgi-lint.js');
const SEED = 20261202;
const RUNS = 20;
const CASES_PER_RUN = 10;
const PARALLEL = 2;
const RUN_TIMEOUT_MS = 45_000;

// ---------------------------------------------------------------- the seed files
const corpusDir = sharedCorpusDir;

function filesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, out);
    else if (entry.isFile() && !/\.(tsv|md|json)$/.test(entry.name) && statSync(path).size < 200_000) out.push(path);
  }
  return out;
}

function seedFiles(): string[] {
  const fromCorpus = filesUnder(corpusDir);
  if (fromCorpus.length > 0) return fromCorpus;
  console.info('fuzz-cli: ../shared/corpus not found; mangling examples/ and test/fixtures instead');
  return [...filesUnder(join(repo, 'examples')), ...filesUnder(join(repo, 'test', 'fixtures'))];
}

// ---------------------------------------------------------------- what must never show
/** Unique per test run: it is in files outside the linted root, and in the CLI's environment. */
const TOKEN = `SENTINEL${randomBytes(8).toString('hex')}`;
const ENV_TOKEN = `ENVSENTINEL${randomBytes(8).toString('hex')}`;

const OUTSIDE_FILES: Record<string, string> = {
  'secret.conf': `${TOKEN} on;\nserver {\n    listen 80;\n    server_name ${TOKEN}.example;\n    uwsgi_pass unix:/run/${TOKEN}.sock;\n}\n`,
  'secret.ini': `[uwsgi]\nsocket = /run/${TOKEN}.sock\n${TOKEN} = 1\nchmod-socket = 0666\n`,
  'secret.txt': `${TOKEN}\n`,
};

// ---------------------------------------------------------------- generating a case
const CONTROLS = ['\x1b]0;pwned\x07', '\x1b[2J', '\x1b[31m', '\x07', '\x08', '\x0b', '\x0c', '\r', '\x7f', '\x9b', '\x85', '\x00', '\x1b'];

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)];
}

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

/** Control characters where they end up in messages: keys, values, names, paths. */
function withControls(text: string, next: () => number): string {
  let out = text;
  const lines = out.split('\n');
  for (let k = 0, n = 1 + Math.floor(next() * 4); k < n; k++) {
    const i = Math.floor(next() * lines.length);
    const line = lines[i];
    const at = next() < 0.5 ? Math.min(line.length, 1 + Math.floor(next() * 6)) : Math.floor(next() * (line.length + 1));
    lines[i] = insertAt(line, at, pick(CONTROLS, next));
  }
  out = lines.join('\n');
  return out;
}

function withBinary(text: string, next: () => number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (next() < 0.3) return randomBytesFrom(next, 64 + Math.floor(next() * 2000));
  const at = Math.floor(next() * (bytes.length + 1));
  return Buffer.concat([bytes.subarray(0, at), randomBytesFrom(next, 1 + Math.floor(next() * 40)), bytes.subarray(at)]);
}

function randomBytesFrom(next: () => number, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}

function withHugeLine(text: string, ini: boolean, next: () => number): string {
  // Mostly long; now and then past the 1 MB statement cap.
  const size = next() < 0.1 ? 1_100_000 : 4000 + Math.floor(next() * 60_000);
  const line = ini ? `env = X=${'a'.repeat(size)}` : `server_name ${'h.example '.repeat(Math.ceil(size / 10))};`;
  const lines = text.split('\n');
  lines.splice(Math.floor(next() * (lines.length + 1)), 0, line);
  return lines.join('\n');
}

/** Lines that climb out of the tree, as each server would read them. */
function nginxTricks(outside: string, fromCase: string): string {
  return [
    'include ../../../../etc/passwd;',
    'include ../../../../proc/self/environ;',
    `include ${fromCase}/secret.conf;`,
    `include ${outside}/secret.conf;`,
    `include ${fromCase}/*.conf;`,
    'include /dev/zero;',
  ].join('\n');
}

function iniTricks(outside: string, fromCase: string): string {
  return [
    '[uwsgi]',
    'ini = /proc/self/environ',
    `ini = ${fromCase}/secret.ini`,
    `include = ${outside}/secret.ini`,
    `inherit = ${fromCase}/secret.ini:uwsgi`,
    `socket = @(${fromCase}/secret.txt)`,
    `pythonpath = @(${outside}/secret.txt)`,
    'ini = /dev/stdin',
    'for-readline = /etc/passwd',
    'env = %(_)',
    'endfor =',
  ].join('\n');
}

const CONTROL_NAMES = ['a\x1b[2Jb', 'c\x1b]0;t\x07d', 'e\rf', 'g\x7fh', 'tab\tname'];

interface CaseFile {
  name: string;
  bytes: Buffer;
}

function makeCase(dir: string, outside: string, seeds: string[], next: () => number): void {
  mkdirSync(dir, { recursive: true });
  const fromCase = relative(dir, outside);
  const files: CaseFile[] = [];
  const count = 1 + Math.floor(next() * 3);
  for (let k = 0; k < count; k++) {
    const source = pick(seeds, next);
    const text = readFileSync(source, 'utf8');
    const ini = /\[uwsgi\]/.test(text) || extname(source).startsWith('.ini');
    const ext = ini ? '.ini' : '.conf';
    const kind = next();
    let bytes: Buffer;
    if (kind < 0.35) bytes = Buffer.from(mangle(text, next), 'utf8');
    else if (kind < 0.5) bytes = Buffer.from(withControls(text, next), 'utf8');
    else if (kind < 0.58) bytes = withBinary(text, next);
    else if (kind < 0.64) bytes = Buffer.from(withHugeLine(text, ini, next), 'utf8');
    else if (kind < 0.72) bytes = Buffer.from(`${text}\n${ini ? iniTricks(outside, fromCase) : nginxTricks(outside, fromCase)}\n`, 'utf8');
    else bytes = Buffer.from(text, 'utf8');
    const stem = next() < 0.06 ? pick(CONTROL_NAMES, next) : `f${k}`;
    files.push({ name: `${stem}${ext}`, bytes });
  }
  if (next() < 0.3) files.push({ name: 'tricks.conf', bytes: Buffer.from(`http {\n${nginxTricks(outside, fromCase)}\n}\n`) });
  if (next() < 0.3) files.push({ name: 'tricks.ini', bytes: Buffer.from(`${iniTricks(outside, fromCase)}\n`) });
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  // Symlinks out of the tree, to a file and to a directory, absolute and relative.
  if (next() < 0.3) symlinkSync(join(outside, 'secret.conf'), join(dir, 'link.conf'));
  if (next() < 0.3) symlinkSync(join(fromCase, 'secret.ini'), join(dir, 'link.ini'));
  if (next() < 0.2) symlinkSync(fromCase, join(dir, 'linkdir'));
}

// ---------------------------------------------------------------- running the CLI
interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runCli(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, NO_COLOR: '1', NUL_FUZZ_SECRET: ENV_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

// ---------------------------------------------------------------- what a file holds
/** The uWSGI keys or nginx directive names of a text, with the offsets of each. */
function namesOf(path: string, bytes: Buffer, kind: 'nginx' | 'uwsgi'): { kind: 'nginx' | 'uwsgi'; names: { name: string; start: number; end: number }[]; syntaxErrors: number } | null {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return null;
  const source = createSourceFile(path, text);
  if (kind === 'uwsgi') {
    const file = parseUwsgiIni(source);
    return { kind, names: file.entries.map((e) => ({ name: e.key, start: e.keyStart, end: e.keyEnd })), syntaxErrors: file.problems.filter((p) => p.kind === 'syntax').length };
  }
  const file = parseNginx(source);
  const names: { name: string; start: number; end: number }[] = [];
  const walk = (ds: NginxDirective[]) => {
    for (const d of ds) {
      names.push({ name: d.name, start: d.nameWord.start, end: d.nameWord.end });
      if (d.block) walk(d.block);
    }
  };
  walk(file.directives);
  return { kind, names, syntaxErrors: file.problems.filter((p) => p.kind === 'syntax').length };
}

interface JsonReport {
  results: { filePath: string; kind: string; messages: { ruleId: string; fix?: { range: [number, number]; text: string } }[] }[];
}

// ---------------------------------------------------------------- the runs
type Property = 'exit' | 'stack' | 'json' | 'controls' | 'outside-read' | 'outside-written' | 'fix-keeps';
const failures: Record<Property, string[]> = { exit: [], stack: [], json: [], controls: [], 'outside-read': [], 'outside-written': [], 'fix-keeps': [] };
let base = '';
let ranRuns = 0;

const STACK = /^\s+at .+(\(|:\d+:\d+)|\b(TypeError|RangeError|ReferenceError|SyntaxError|internal error)\b/m;
// Raw C0 controls other than tab and newline, DEL and C1 controls (the output decoded as UTF-8).
const RAW_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

function rawControl(text: string): string | null {
  const m = RAW_CONTROL.exec(text.replace(/\n/g, ''));
  if (!m) return null;
  const at = m.index;
  return JSON.stringify(text.replace(/\n/g, '').slice(Math.max(0, at - 30), at + 10));
}

function leaked(text: string): string | null {
  for (const needle of [TOKEN, ENV_TOKEN, 'root:x:0:0:']) if (text.includes(needle)) return needle === TOKEN ? 'a file outside the root' : needle === ENV_TOKEN ? '/proc/self/environ' : '/etc/passwd';
  return null;
}

async function oneRun(r: number, seeds: string[], outside: string): Promise<void> {
  const seed = SEED + r;
  const next = seeded(seed);
  const root = join(base, `run${r}`);
  for (let c = 0; c < CASES_PER_RUN; c++) makeCase(join(root, `c${c}`), outside, seeds, next);
  const format = r % 2 === 0 ? 'text' : 'github';
  const where = `run ${r} (seed ${seed}, ${root})`;
  const before = snapshot(root);
  if (process.env.FUZZ_CLI_RUN !== undefined) for (const [path, bytes] of before) writeFileSync(join(base, `before-${path.replace(/\//g, '_')}`), bytes);

  const json = await runCli(['--format', 'json', '.'], root);
  const fix = await runCli(['--fix', '--no-color', '--format', format, '.'], root);
  ranRuns++;

  for (const [name, run] of [['--format json', json], [`--fix --format ${format}`, fix]] as const) {
    if (run.timedOut || run.code === null || ![0, 1, 2].includes(run.code)) failures.exit.push(`${where} ${name}: exit ${run.timedOut ? 'timeout' : run.code}; stderr ${run.stderr.slice(0, 300)}`);
    const stack = STACK.exec(run.stderr) ?? STACK.exec(run.stdout);
    if (stack) failures.stack.push(`${where} ${name}: ${JSON.stringify(stack[0])} in ${run.stderr.slice(0, 300) || run.stdout.slice(0, 300)}`);
    const leak = leaked(run.stdout + run.stderr);
    if (leak) failures['outside-read'].push(`${where} ${name}: the output holds the content of ${leak}`);
  }
  for (const [name, text] of [[`--fix --format ${format}`, fix.stdout], ['stderr', fix.stderr + json.stderr]] as const) {
    const raw = rawControl(text);
    if (raw) failures.controls.push(`${where} ${name}: raw control byte near ${raw}`);
  }
  let report: JsonReport | null = null;
  if (json.code !== 2) {
    try {
      report = JSON.parse(json.stdout) as JsonReport;
    } catch (error) {
      failures.json.push(`${where}: --format json wrote no JSON (${(error as Error).message})`);
    }
  }
  for (const [name, content] of Object.entries(OUTSIDE_FILES)) {
    if (readFileSync(join(outside, name), 'utf8') !== content) failures['outside-written'].push(`${where}: --fix wrote ${join(outside, name)}, outside the root`);
  }
  if (report) checkFixes(where, root, before, report);
}

/** Every regular file of the tree (not through symlinks), by path relative to it. */
function snapshot(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return out;
}

/** A fixed file re-parses as well as before and keeps every key or directive, but those a reported fix edits. */
function checkFixes(where: string, root: string, before: Map<string, Buffer>, report: JsonReport): void {
  const fixRanges = new Map<string, [number, number][]>();
  const kinds = new Map(report.results.map((f) => [f.filePath, f.kind]));
  for (const file of report.results) {
    const ranges = file.messages.flatMap((m) => (m.fix ? [m.fix.range] : []));
    if (ranges.length > 0) fixRanges.set(file.filePath, ranges);
  }
  for (const [path, old] of before) {
    const full = join(root, path);
    if (!existsSync(full) || lstatSync(full).isSymbolicLink()) {
      failures['fix-keeps'].push(`${where}: ${JSON.stringify(path)} is gone after --fix`);
      continue;
    }
    const now = readFileSync(full);
    if (now.equals(old)) continue;
    // Read as the CLI read it (its JSON report says which kind each file is).
    const kind = kinds.get(path);
    if (kind !== 'nginx' && kind !== 'uwsgi') {
      failures['fix-keeps'].push(`${where}: --fix changed ${JSON.stringify(path)}, which it did not lint as nginx or uWSGI`);
      continue;
    }
    const was = namesOf(path, old, kind);
    const is = was ? namesOf(path, now, kind) : null;
    if (!was || !is) {
      failures['fix-keeps'].push(`${where}: --fix rewrote ${JSON.stringify(path)}, which is not UTF-8 text`);
      continue;
    }
    if (was.syntaxErrors === 0 && is.syntaxErrors > 0) failures['fix-keeps'].push(`${where}: ${JSON.stringify(path)} no longer parses after --fix (${is.syntaxErrors} syntax errors)`);
    const ranges = fixRanges.get(path) ?? [];
    const kept = new Set(is.names.map((n) => n.name));
    // A later fix pass may rename a key the first report had no fix for (the section header fixed
    // first, then the keys under it): a name still on its line is a rename, not a loss.
    const oldText = createSourceFile(path, old.toString('utf8'));
    const newText = createSourceFile(path, now.toString('utf8'));
    const linesWithNames = new Set(is.names.map((n) => positionAt(newText, n.start).line));
    for (const n of was.names) {
      if (kept.has(n.name)) continue;
      if (linesWithNames.has(positionAt(oldText, n.start).line)) continue;
      // Fix ranges and name offsets are both in the text without a byte-order mark.
      const edited = ranges.some(([s, e]) => s < n.end && n.start < Math.max(e, s + 1));
      if (!edited) failures['fix-keeps'].push(`${where}: --fix lost ${was.kind === 'uwsgi' ? 'key' : 'directive'} ${JSON.stringify(n.name)} of ${JSON.stringify(path)} without a fix that edits it`);
    }
  }
}

describe.skipIf(!existsSync(join(repo, 'dist', 'bundle')) && !existsSync(join(repo, 'dist', 'src')))('the CLI on hostile trees (seeded fuzz)', () => {
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'nul-fuzz-cli-'));
    const outside = join(base, 'outside');
    mkdirSync(outside);
    for (const [name, content] of Object.entries(OUTSIDE_FILES)) writeFileSync(join(outside, name), content);
    const seeds = seedFiles();
    expect(seeds.length).toBeGreaterThan(0);
    const only = process.env.FUZZ_CLI_RUN;
    const runs = only === undefined ? Array.from({ length: RUNS }, (_, r) => r) : [Number(only)];
    const worker = async () => {
      for (let r = runs.shift(); r !== undefined; r = runs.shift()) await oneRun(r, seeds, outside);
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  }, 240_000);

  afterAll(() => {
    if (process.env.FUZZ_CLI_REPORT) writeFileSync(process.env.FUZZ_CLI_REPORT, JSON.stringify(failures, null, 2));
    // Kept when something failed, to replay by hand; the failure messages name the run directory.
    if (base && Object.values(failures).every((f) => f.length === 0)) rmSync(base, { recursive: true, force: true });
  });

  it(`ran ${RUNS} runs of ${CASES_PER_RUN} cases`, () => {
    expect(ranRuns).toBe(process.env.FUZZ_CLI_RUN === undefined ? RUNS : 1);
  });
  it('exits 0, 1 or 2, within the time limit', () => {
    expect(failures.exit).toEqual([]);
  });
  it('prints no stack trace and no JavaScript error', () => {
    expect(failures.stack).toEqual([]);
  });
  it('writes valid JSON with --format json', () => {
    expect(failures.json).toEqual([]);
  });
  it('prints no raw control characters (text and github formats, stderr)', () => {
    expect(failures.controls).toEqual([]);
  });
  it('prints nothing of files outside the root, /proc/self/environ or /etc/passwd', () => {
    expect(failures['outside-read']).toEqual([]);
  });
  it('never writes a file outside the root', () => {
    expect(failures['outside-written']).toEqual([]);
  });
  it('--fix leaves files that re-parse and keep every key and directive a fix does not edit', () => {
    expect(failures['fix-keeps']).toEqual([]);
  });
});

