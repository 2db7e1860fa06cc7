// Where a finding points: the span of a word of a directive, or of its name.
import type { SourceSpan } from '../diagnostic.js';
import type { NginxDirective, NginxWord } from '../nginx/ast.js';

/** The span of `word` of `directive`, or of its name when there is no such word. */
export function wordSpan(directive: NginxDirective, word: NginxWord | undefined | null): SourceSpan {
  if (!word) return { source: directive.source, start: directive.nameWord.start, end: directive.nameWord.end };
  return { source: directive.source, start: word.start, end: word.end };
}
