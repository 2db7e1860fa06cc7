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

/**
 * Whether the word at `k` of a line can name variables (not a regex): `ifRegex` is the regex word
 * of an `if` line, if any. Asked word by word: the rule reads every line with a `$` in a run.
 */
function isValueWord(d: NginxDirective, k: number, ifRegex: NginxWord | null): boolean {
  if (d.name === 'location') return false;
  if (d.name === 'rewrite') return k > 0;
  const w = d.args[k];
  return !w.value.startsWith('~') && w !== ifRegex;
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
    // Per config, its lines in run order (each once: a line that several places include says the
    // same at each): the first spelling of a variable is the one of its first line.
    const uses: { d: NginxDirective; word: NginxWord; spelling: string; earlier: { spelling: string; d: NginxDirective; word: NginxWord } }[] = [];
    for (const config of nginx.configs) {
      const first = new Map<string, { spelling: string; d: NginxDirective; word: NginxWord }>();
      const lines = nginx.variableLines({ config });
      for (let i = 0; i < lines.length; i++) {
        const d = lines[i];
        const ifRegex = d.name === 'if' && d.block ? (ifCondition(d)?.word ?? null) : null;
        for (let k = 0; k < d.args.length; k++) {
          const word = d.args[k];
          if (!word.value.includes('$') || !isValueWord(d, k, ifRegex)) continue;
          VARIABLE.lastIndex = 0;
          for (let m = VARIABLE.exec(word.value); m; m = VARIABLE.exec(word.value)) {
            const spelling = m[1] ?? m[2];
            const lower = spelling.toLowerCase();
            const earlier = first.get(lower);
            if (!earlier) first.set(lower, { spelling, d, word });
            else if (earlier.spelling !== spelling) uses.push({ d, word, spelling, earlier });
          }
        }
      }
    }
    for (const { d, word, spelling, earlier } of uses) {
      context.report({
        span: wordSpan(d, word),
        message: `"$${spelling}" is the variable written "$${earlier.spelling}" before: nginx reads variable names without regard to case, so both name one variable, and the two spellings hide where it is set and read; write "$${earlier.spelling}" everywhere`,
        related: [relatedAt(earlier.d, `"$${earlier.spelling}" first written here`, earlier.word)],
      });
    }
  },
};
