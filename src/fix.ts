// Applying fixes: the `fix` ranges a result carries (offsets into the file's text after any BOM,
// as ESLint's are) are spliced into the text, in order; a fix that overlaps or touches one
// already taken waits for the next pass, after a re-lint has recomputed the offsets.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintResult } from './result.js';

export interface TextEdit {
  /** [start, end) in UTF-16 code units of the text. */
  range: [number, number];
  text: string;
}

export interface AppliedFixes {
  output: string;
  /** Edits spliced in. */
  applied: number;
  /** Edits left for another pass (they overlapped one applied) or out of range. */
  skipped: number;
}

/** Applies the edits that do not overlap, earliest first; the text is never changed in place. */
export function applyFixes(text: string, edits: readonly TextEdit[]): AppliedFixes {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
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
  return { output, applied, skipped };
}

export interface FixFilesOptions {
  /** The directory the result's relative paths are relative to. */
  cwd: string;
  /** Ids of rules whose fixes are safe to apply unattended (meta.fixable). */
  fixableRules: ReadonlySet<string>;
  /** Writes the fixed text; default writes the file (keeping a BOM it had). */
  write?: (absPath: string, text: string) => void;
}

export interface FixedFile {
  filePath: string;
  applied: number;
}

const BOM = '\uFEFF';

/**
 * Applies the fixes of fixable rules to the files on disk. A file whose text is no longer what
 * was linted (changed meanwhile, unreadable, not UTF-8) is left alone.
 */
export function fixFiles(result: LintResult, options: FixFilesOptions): FixedFile[] {
  const fixed: FixedFile[] = [];
  for (const file of result.results) {
    const edits = file.messages.filter((m) => m.fix && options.fixableRules.has(m.ruleId)).map((m) => m.fix!);
    if (edits.length === 0 || file.text === undefined) continue;
    const absPath = resolve(options.cwd, file.filePath);
    let raw: Buffer;
    try {
      raw = readFileSync(absPath);
    } catch {
      continue;
    }
    const onDisk = raw.toString('utf8');
    // Bytes that are not UTF-8 would not survive the round trip: leave such a file alone.
    if (!Buffer.from(onDisk, 'utf8').equals(raw)) continue;
    const hasBom = onDisk.startsWith(BOM);
    if ((hasBom ? onDisk.slice(1) : onDisk) !== file.text) continue;
    const { output, applied } = applyFixes(file.text, edits);
    if (applied === 0 || output === file.text) continue;
    const text = hasBom ? BOM + output : output;
    if (options.write) options.write(absPath, text);
    else writeFileSync(absPath, text);
    fixed.push({ filePath: file.filePath, applied });
  }
  return fixed;
}
