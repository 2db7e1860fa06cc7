// nginx/add-header-multiline: a response header value written over several lines. nginx copies
// the value as written, newlines included (observed with nginx 1.22.1). A newline followed by a
// space or tab is an obs-fold (deprecated by RFC 7230 §3.2.4; clients may reject the response,
// nginx as a proxy does); a newline at the start of a line ends the header there and starts
// another: a broken or injected header. Facts: gixy's add_header_multiline (LOW for the fold,
// HIGH for a bare newline).
import type { Rule } from '../src/rule.js';
import { wordSpan, type NginxWord } from '../src/query/index.js';

const HEADER_DIRECTIVES = ['add_header', 'add_trailer', 'more_set_headers', 'more_set_input_headers'];

export const rule: Rule = {
  meta: {
    id: 'nginx/add-header-multiline',
    description: 'A header value spanning several lines: deprecated folding, or a newline that ends the header early',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 4.3,
    fixable: false,
    precision: 'very-high',
    gixy: ['add_header_multiline'],
  },
  check(context) {
    // A value is judged by itself, not by the block it is included into: each line once.
    for (const d of HEADER_DIRECTIVES.flatMap((name) => context.query.nginx.lines(name))) {
      let values: NginxWord[] = [];
      if (d.name === 'add_header' || d.name === 'add_trailer') values = d.args.slice(1, 2);
      else if (d.name === 'more_set_headers' || d.name === 'more_set_input_headers') {
        let skip = false;
        for (const a of d.args) {
          if (skip) skip = false;
          else if (a.value === '-s' || a.value === '-t') skip = true;
          else if (!a.value.startsWith('-')) values.push(a);
        }
      } else continue;
      for (const v of values) {
        if (!v.value.includes('\n')) continue;
        const bare = /\n(?![ \t])/.test(v.value.replace(/\r/g, ''));
        const message = bare
          ? `this header value has a line break followed by text at the line start: the header ends there and the rest goes out as a header of its own (a broken or injected header); write the value on one line`
          : `this header value is folded over several lines (obs-fold, deprecated by RFC 7230): clients and proxies may reject the response; write the value on one line`;
        context.report({ span: wordSpan(d, v), message, severity: bare ? 'error' : 'warning' });
      }
    }
  },
};
