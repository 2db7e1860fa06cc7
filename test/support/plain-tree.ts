// An nginx syntax tree as plain data, for tests that compare two parses of one text (the shape
// cache against the grammar alone): every field the parser sets, nothing that refers back.
import type { NginxDirective, NginxWord } from '../../src/nginx/ast.js';

export function plainWord(w: NginxWord) {
  return { value: w.value, raw: w.raw, quote: w.quote, start: w.start, end: w.end };
}

export function plainDirective(d: NginxDirective): unknown {
  return {
    name: d.name,
    nameWord: plainWord(d.nameWord),
    args: d.args.map(plainWord),
    start: d.start,
    end: d.end,
    blockStart: d.blockStart,
    rawBody: d.rawBody,
    templated: d.templated,
    block: d.block ? d.block.map(plainDirective) : null,
  };
}
