// The span a rule blames: a word of a directive, or its name.
import { span, type RelatedInformation, type SourceSpan } from '../diagnostic.js';
import type { NginxDirective, NginxWord } from '../nginx/ast.js';

/** The span of `word` (a word of `d`), or of the directive's name when no word is given. */
export function wordSpan(d: NginxDirective, word: NginxWord | null = null): SourceSpan {
  const w = word ?? d.nameWord;
  return span(d.source, w.start, w.end);
}

/** A place a finding points to besides its own: a word of `d`, or the whole directive (name to end). */
export function relatedAt(d: NginxDirective, message: string, word: NginxWord | null = null): RelatedInformation {
  return { span: word ? span(d.source, word.start, word.end) : span(d.source, d.nameWord.start, d.end), message };
}
