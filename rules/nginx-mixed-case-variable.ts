// nginx/mixed-case-variable: one variable written in two spellings of case, `$Target_Backend` and
// `$target_backend`, `$HTTP_HOST` and `$http_host`. nginx reads variable names without regard to
// case (ngx_http_get_variable_index and ngx_http_get_variable compare and hash the lower-case
// name; checked on nginx 1.22.1: after `set $Foo x`, `$foo` and `$FOO` give "x", and `$HOST`,
// `$Http_User_Agent` read the request's). So nothing breaks, but the config reads as if it held
// two variables, and a reader (or a `grep`) misses half the places one is set or read. Info.
// Words that are regexes (location, rewrite patterns, `if` regexes, `~` keys) are not read.
import { ifCondition, relatedAt, wordSpan, type NginxDirective, type NginxWord } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The words of a line that can name variables (not its regexes). */
function valueWords(d: NginxDirective): NginxWord[] {
  if (d.name === 'location') return [];
  if (d.name === 'rewrite') return d.args.slice(1);
  let words = d.args.filter((w) => !w.value.startsWith('~'));
  if (d.name === 'if' && d.block) {
    const regex = ifCondition(d)?.word;
    if (regex) words = words.filter((w) => w !== regex);
  }
  return words;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/mixed-case-variable',
    description: 'One variable written in two cases ($Host and $host): nginx reads them as one, the config reads as two',
    defaultSeverity: 'info',
    tags: ['style'],
    fixable: false,
    precision: 'very-high',
    gixy: ['mixed_case_variable'],
  },
  check(context) {
    const nginx = context.query.nginx;
    // Each name's bucket on its own (no merge into one list): the first spelling of a variable is
    // the one of the lowest run order, found in a first pass.
    const buckets = nginx.directivesEach(nginx.names());
    const first = new Map<unknown, Map<string, { spelling: string; order: number; d: NginxDirective; word: NginxWord }>>();
    // The lines that name a variable at all, once.
    const withVariables: { config: unknown; order: number; d: NginxDirective; words: NginxWord[] }[] = [];
    for (const bucket of buckets) {
      for (let i = 0; i < bucket.length; i++) {
        const { directive: d, config, order } = bucket[i];
        let any = false;
        for (const w of d.args) if (w.value.includes('$')) any = true;
        if (any) withVariables.push({ config, order, d, words: valueWords(d).filter((w) => w.value.includes('$')) });
      }
    }
    const eachVariable = (visit: (config: unknown, order: number, d: NginxDirective, word: NginxWord, spelling: string) => void) => {
      for (const { config, order, d, words } of withVariables) {
        for (const word of words) {
          VARIABLE.lastIndex = 0;
          for (let m = VARIABLE.exec(word.value); m; m = VARIABLE.exec(word.value)) visit(config, order, d, word, m[1] ?? m[2]);
        }
      }
    };
    eachVariable((config, order, d, word, spelling) => {
      let seen = first.get(config);
      if (!seen) first.set(config, (seen = new Map()));
      const lower = spelling.toLowerCase();
      const earlier = seen.get(lower);
      if (!earlier || order < earlier.order) seen.set(lower, { spelling, order, d, word });
    });
    eachVariable((config, _order, d, word, spelling) => {
      const earlier = first.get(config)!.get(spelling.toLowerCase())!;
      if (earlier.spelling === spelling) return;
      context.report({
        span: wordSpan(d, word),
        message: `"$${spelling}" is the variable written "$${earlier.spelling}" before: nginx reads variable names without regard to case, so both name one variable, and the two spellings hide where it is set and read; write "$${earlier.spelling}" everywhere`,
        related: [relatedAt(earlier.d, `"$${earlier.spelling}" first written here`, earlier.word)],
      });
    });
  },
};
