// Applying fixes: the `fix` ranges a result carries (offsets into the file's text after any BOM,
// as ESLint's are) are spliced into the text, in order; a fix that overlaps or touches one
// already taken waits for the next pass, after a re-lint has recomputed the offsets. Unsafe fixes
// (they change what the server does) are applied only when asked for, as ruff's --unsafe-fixes.
// Files are replaced whole, never rewritten in place: a failed write leaves the original intact.
import type * as Crypto from 'node:crypto';
import { accessSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { FixApplicability } from './diagnostic.js';
import type { LintResult } from './result.js';

// node:crypto loads a score of Node's internal modules (3 ms): only a --fix run that writes needs it.
let cryptoModule: typeof Crypto | undefined;
const crypto = (): typeof Crypto => (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);

export interface TextEdit {
  /** [start, end) in UTF-16 code units of the text. */
  range: [number, number];
  text: string;
  /** An edit marked unsafe is applied only with `unsafeFixes`; one without a mark is applied. */
  applicability?: FixApplicability;
}

export interface ApplyFixesOptions {
  /** Apply unsafe edits too (the CLI's --unsafe-fixes). Default false. */
  unsafeFixes?: boolean;
}

export interface AppliedFixes {
  output: string;
  /** Edits spliced in. */
  applied: number;
  /** Edits left for another pass (they overlapped one applied) or out of range. */
  skipped: number;
  /** Unsafe edits left out, because `unsafeFixes` was not set. */
  unsafe: number;
}

/** Applies the edits that do not overlap, earliest first; the text is never changed in place. */
export function applyFixes(text: string, edits: readonly TextEdit[], options: ApplyFixesOptions = {}): AppliedFixes {
  const allowed = edits.filter((e) => options.unsafeFixes || e.applicability !== 'unsafe');
  const sorted = [...allowed].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let output = '';
  let copied = 0;
  let lastEnd = -1;
  let applied = 0;
  let skipped = 0;
  for (const edit of sorted) {
    const [start, end] = edit.range;
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length)) {
      skipped++;
      continue;
    }
    if (start <= lastEnd) {
      skipped++;
      continue;
    }
    output += text.slice(copied, start) + edit.text;
    copied = end;
    lastEnd = end;
    applied++;
  }
  output += text.slice(copied);
  return { output, applied, skipped, unsafe: edits.length - allowed.length };
}

export interface FixFilesOptions {
  /** The directory the result's relative paths are relative to. */
  cwd: string;
  /** Apply unsafe fixes too (--unsafe-fixes). */
  unsafeFixes?: boolean;
  /** Display paths of files not to touch again in this run (one that failed in an earlier pass). */
  skip?: ReadonlySet<string>;
  /** Called with the file's real path after the fixed copy is written, before the original is re-read: a test hook. */
  beforeReplace?: (realPath: string) => void;
}

export interface FixedFile {
  filePath: string;
  applied: number;
}

/** A file that had fixes to apply and was left as it was, and why. */
export interface FixFailure {
  filePath: string;
  reason: string;
}

export interface FixFilesResult {
  fixed: FixedFile[];
  failed: FixFailure[];
}

const BOM = '\uFEFF';

/**
 * Applies the fixes (the safe ones, and the unsafe ones when asked) to the files on disk. A file
 * that cannot be fixed (unreadable, not UTF-8, changed since it was linted or while it was being
 * fixed, not writable) is left as it was and named in `failed`; the other files are still fixed.
 */
export function fixFiles(result: LintResult, options: FixFilesOptions): FixFilesResult {
  const fixed: FixedFile[] = [];
  const failed: FixFailure[] = [];
  for (const file of result.results) {
    if (options.skip?.has(file.filePath)) continue;
    const edits = file.messages.flatMap((m) => (m.fix && (options.unsafeFixes || m.fix.applicability === 'safe') ? [m.fix] : []));
    if (edits.length === 0 || file.text === undefined) continue;
    const fail = (reason: string) => failed.push({ filePath: file.filePath, reason });
    const absPath = resolve(options.cwd, file.filePath);
    let raw: Buffer;
    try {
      raw = readFileSync(absPath);
    } catch (error) {
      fail(`cannot read it again (${errorCode(error)})`);
      continue;
    }
    const onDisk = raw.toString('utf8');
    // Bytes that are not UTF-8 would not survive the round trip.
    if (!Buffer.from(onDisk, 'utf8').equals(raw)) {
      fail('it is not UTF-8, and rewriting it would replace the bytes that are not');
      continue;
    }
    const hasBom = onDisk.startsWith(BOM);
    if ((hasBom ? onDisk.slice(1) : onDisk) !== file.text) {
      fail('it changed on disk since it was linted; run again');
      continue;
    }
    const { output, applied } = applyFixes(file.text, edits, { unsafeFixes: options.unsafeFixes });
    if (applied === 0 || output === file.text) continue;
    const problem = replaceFile(absPath, raw, Buffer.from(hasBom ? BOM + output : output, 'utf8'), options.beforeReplace);
    if (problem !== null) fail(problem);
    else fixed.push({ filePath: file.filePath, applied });
  }
  return { fixed, failed };
}

/**
 * Replaces the file's content with `bytes`, as editors that save safely do: a temporary file in
 * the same directory (so the rename stays on one file system) gets the bytes, the original's mode
 * and owner, and an fsync; the original is re-read, and only if it still holds `expected` is the
 * temporary renamed over it. A symlink is written through (its target is replaced, the link kept).
 * Returns why the file was left alone, or null when it was replaced.
 */
function replaceFile(absPath: string, expected: Buffer, bytes: Buffer, beforeReplace?: (realPath: string) => void): string | null {
  let target: string;
  let stat;
  try {
    target = realpathSync(absPath);
    stat = statSync(target);
  } catch (error) {
    return `cannot find it again (${errorCode(error)})`;
  }
  if (!stat.isFile()) return 'it is no longer a regular file';
  // Renaming over a file with other hard links would split them: the other names keep the old text.
  if (stat.nlink > 1) return `it has ${stat.nlink} hard links, and replacing it would leave the other links with the old text`;
  // A rename would replace a file its mode protects: leave it alone, as an in-place write would fail.
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    return `it is not writable (${errorCode(error)})`;
  }
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}-${crypto().randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o600);
  } catch (error) {
    return `cannot create the fixed copy in ${dir} (${errorCode(error)}): --fix writes it beside the file and renames it over the file, which needs write access to the directory`;
  }
  try {
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
      const created = fstatSync(fd);
      if (created.uid !== stat.uid || created.gid !== stat.gid) {
        try {
          fchownSync(fd, stat.uid, stat.gid);
        } catch (error) {
          throw new Error(`the fixed copy cannot be given the file's owner ${stat.uid}:${stat.gid} (${errorCode(error)})`);
        }
      }
      fchmodSync(fd, stat.mode & 0o7777);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    beforeReplace?.(target);
    let now: Buffer;
    try {
      now = readFileSync(target);
    } catch (error) {
      unlinkQuietly(temp);
      return `cannot read it again (${errorCode(error)})`;
    }
    if (!now.equals(expected)) {
      unlinkQuietly(temp);
      return 'it changed on disk while it was being fixed; run again';
    }
    renameSync(temp, target);
  } catch (error) {
    unlinkQuietly(temp);
    const e = error as NodeJS.ErrnoException;
    return e.code ? `cannot write it (${e.code}); it is unchanged` : `${e.message}; it is unchanged`;
  }
  // The rename is durable once the directory is synced; not every file system allows it.
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // The file is replaced; only its durability across a crash is left to the system.
  }
  return null;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the directory refuses: nothing more to do.
  }
}

function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * The result with one `lint/fix-not-written` error on each file --fix had to leave alone, so that
 * every format reports it and the exit code says the fixes are incomplete.
 */
export function withFixFailures(result: LintResult, failures: readonly FixFailure[]): LintResult {
  if (failures.length === 0) return result;
  const reasons = new Map(failures.map((f) => [f.filePath, f.reason]));
  let added = 0;
  const results = result.results.map((file) => {
    const reason = reasons.get(file.filePath);
    if (reason === undefined) return file;
    added++;
    const message = {
      ruleId: 'lint/fix-not-written',
      severity: 'error' as const,
      message: `--fix could not write its fixes to this file: ${reason}`,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      related: [],
    };
    return { ...file, messages: [message, ...file.messages], errorCount: file.errorCount + 1 };
  });
  return { ...result, results, errorCount: result.errorCount + added };
}
