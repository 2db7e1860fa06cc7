// Where a finding points: the span of a word of a directive, or of its name.
import type { RelatedInformation, SourceSpan } from '../diagnostic.js';
import type { NginxDirective, NginxWord } from '../nginx/ast.js';

/** The span of `word` of `directive`, or of its name when there is no such word. */
export function wordSpan(directive: NginxDirective, word?: NginxWord | null): SourceSpan {
  if (!word) return { source: directive.source, start: directive.nameWord.start, end: directive.nameWord.end };
  return { source: directive.source, start: word.start, end: word.end };
}

/** A related location for a finding: a word of a directive, or the whole directive from its name. */
export function relatedAt(d: NginxDirective, message: string, word: NginxWord | null = null): RelatedInformation {
  return { span: word ? { source: d.source, start: word.start, end: word.end } : { source: d.source, start: d.nameWord.start, end: d.end }, message };
}
