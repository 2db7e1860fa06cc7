// The file texts a result carries, by display path: reporters that show source lines (text) or
// turn offsets into regions (SARIF) look them up here, each parsed into a line table once.
import type { LintResult } from '../result.js';
import { computeLineStarts, type SourceFile } from '../source.js';

export class ResultSources {
  private readonly texts = new Map<string, string>();
  private readonly files = new Map<string, SourceFile>();

  constructor(result: LintResult) {
    for (const [path, text] of Object.entries(result.sources ?? {})) this.texts.set(path, text);
    for (const file of result.results) if (file.text !== undefined) this.texts.set(file.filePath, file.text);
  }

  get(path: string): SourceFile | null {
    const cached = this.files.get(path);
    if (cached) return cached;
    const text = this.texts.get(path);
    if (text === undefined) return null;
    const source: SourceFile = { path, text, hasBom: false, lineStarts: computeLineStarts(text) };
    this.files.set(path, source);
    return source;
  }
}
