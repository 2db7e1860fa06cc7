// Fingerprints that let a CI system match a finding across runs (SARIF partialFingerprints, the
// GitLab Code Quality fingerprint): the rule, the path as reported (relative to the working
// directory, so the same on every machine) and the text of the line, never its number, so they
// survive edits above the finding; identical lines are told apart by their occurrence.
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type { LintMessage } from '../result.js';
import { lineText } from '../source.js';
import type { ResultSources } from './sources.js';

// node:crypto loads a score of Node's internal modules, 3 ms of every run: only the reports that
// fingerprint need it (the CLI bundle keeps the require inside this function).
let cryptoModule: typeof Crypto | undefined;
const crypto = (): typeof Crypto => (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);

export interface Fingerprint {
  /** 32 hex digits of the rule, the path and the line's text (whitespace collapsed). */
  hash: string;
  /** 1 for the first finding with this hash in the report, 2 for the next, ... */
  occurrence: number;
}

/** Hands out the fingerprints of one report, in the order of its findings. */
export class Fingerprints {
  private readonly seen = new Map<string, number>();

  constructor(private readonly sources: ResultSources) {}

  /** `filePath` as the result names the file; `reportedPath` as the report does, if it differs. */
  next(filePath: string, m: Pick<LintMessage, 'ruleId' | 'line'>, reportedPath = filePath): Fingerprint {
    const source = this.sources.get(filePath);
    const line = source ? lineText(source, m.line) : '';
    const hash = sha256(`${m.ruleId}\0${reportedPath}\0${line.trim().replace(/\s+/g, ' ')}`).slice(0, 32);
    const occurrence = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, occurrence);
    return { hash, occurrence };
  }
}

export function sha256(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex');
}
