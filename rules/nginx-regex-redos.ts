// nginx/regex-redos: a regex with a repetition inside a repetition, `(a+)+`, `(.*)*`,
// `(\w+\d*)+`: on a URI that almost matches, PCRE tries every way to split it between the two
// loops, time exponential in its length. One request of a few hundred bytes holds a worker
// (which serves thousands of connections) until pcre_match_limit, then 500s. Checked: location
// regexes, `if` regexes, rewrite patterns and server_name regexes. The detector is
// deliberately narrow (sound, not complete): it flags only an unbounded loop whose body is one
// unbounded loop plus optional parts, where two splittings are always possible, and a loop over
// a choice of two single characters that overlap (`(\w|\d)+`, `(.|\s)*`).
import { ambiguousAlternationLoops, ifCondition, nestedQuantifiers, parseRegex, wordSpan, type NginxDirective, type NginxWord } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/regex-redos',
    description: 'A regex with nested repetition ((a+)+, (.*)*): one crafted URI takes exponential time (ReDoS)',
    defaultSeverity: 'warning',
    tags: ['security'],
    securitySeverity: 5.9,
    fixable: false,
    precision: 'high',
    gixy: ['regex_redos'],
  },
  check(context) {
    const nginx = context.query.nginx;
    // The message for a regex depends on its text alone: each text is judged once (the same
    // regexes stand in many locations of a large config).
    const messages = new Map<string, string | null>();
    const messageFor = (text: string): string | null => {
      const parsed = parseRegex(text);
      if (!parsed) return null;
      const loop = nestedQuantifiers(parsed)[0];
      const alternation = loop ? undefined : ambiguousAlternationLoops(parsed)[0];
      if (!loop && !alternation) return null;
      const part = text.slice((loop ?? alternation)!.start, (loop ?? alternation)!.end);
      return loop
        ? `"${part}" repeats a part that itself repeats: on a near-miss URI the regex engine tries every split between the two loops, exponential time per request (ReDoS); drop the inner or the outer repetition, or make the parts unambiguous`
        : `"${part}" repeats a choice whose branches can match the same character: on a near-miss URI the regex engine tries both for each one, exponential time per request (ReDoS); merge the branches into one class ([\\w.]) or make them exclusive`;
    };
    const judgeRegex = (d: NginxDirective, word: NginxWord, text: string) => {
      let message = messages.get(text);
      if (message === undefined) {
        message = messageFor(text);
        messages.set(text, message);
      }
      if (message !== null) context.report({ span: wordSpan(d, word), message });
    };
    // Every location and server_name of the run passes here: an indexed loop, no array per line,
    // and each line judged on its own (one name at a time, no merging into list order).
    for (const lines of nginx.directivesEach(['location', 'if', 'rewrite', 'server_name'])) {
      for (let i = 0; i < lines.length; i++) {
        const d = lines[i].directive;
        if (d.name === 'location' && d.block) {
          const location = nginx.location(d);
          if (!('invalidModifier' in location) && location.regex) judgeRegex(d, d.args[d.args.length - 1], location.name);
        } else if (d.name === 'if' && d.block) {
          const c = ifCondition(d);
          if (c && c.word) judgeRegex(d, c.word, c.raw);
        } else if (d.name === 'rewrite' && d.args[0]) {
          judgeRegex(d, d.args[0], d.args[0].value);
        } else if (d.name === 'server_name') {
          for (let k = 0; k < d.args.length; k++) if (d.args[k].value.startsWith('~')) judgeRegex(d, d.args[k], d.args[k].value.slice(1));
        }
      }
    }
  },
};
