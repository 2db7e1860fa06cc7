// nginx/origins: a regex that checks $http_origin or $http_referer (in `if` or a `map`) and
// also accepts an attacker's site. Each finding names a witness: a value the regex accepts that
// belongs to another domain, built from the domain the regex itself spells out:
//   https://example.com.evil.com (no end anchor), https://evilexample.com (no start anchor or
//   boundary before the name), https://wwwxexample.com (an unescaped dot: any character).
// The regex is run with JavaScript's engine, which agrees with PCRE on these constructs.
// Facts: gixy's origins (HIGH for Origin, the CORS check; MEDIUM for Referer).
import { ifCondition, wordSpan, type NginxDirective, type NginxWord } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** A value the regex accepts for another site, or null. */
export function weakWitness(source: string, caseless: boolean): string | null {
  let re: RegExp;
  try {
    re = new RegExp(source.replace(/\(\?P</g, '(?<'), caseless ? 'i' : '');
  } catch {
    return null;
  }
  const domains = new Set<string>();
  for (const m of source.matchAll(/(?:[a-z0-9-]+(?:\\\.|\.|\[\.\]))+[a-z]{2,}/gi)) domains.add(m[0]);
  for (const written of domains) {
    const domain = written.replace(/\\\.|\[\.\]/g, '.');
    for (const scheme of ['https', 'http']) {
      if (!re.test(`${scheme}://${domain}`) && !re.test(`${scheme}://${domain}/`)) continue;
      const witnesses = [`${scheme}://${domain}.evil.com`, `${scheme}://evil${domain}`, `${scheme}://evil.com/${scheme}://${domain}`];
      // Every dot but the last written unescaped: that position takes any character.
      const parts = written.split(/(\\\.|\[\.\]|\.)/);
      for (let i = 1; i < parts.length - 2; i += 2) {
        if (parts[i] === '.') witnesses.push(`${scheme}://${parts.slice(0, i).join('').replace(/\\\.|\[\.\]/g, '.')}x${parts.slice(i + 1).join('').replace(/\\\.|\[\.\]/g, '.')}`);
      }
      const hit = witnesses.find((w) => re.test(w));
      if (hit) return hit;
    }
  }
  return null;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/origins',
    description: 'A regex checking $http_origin or $http_referer that also accepts other sites (evil.com) as trusted',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    fixable: false,
    precision: 'high',
    gixy: ['origins'],
  },
  check(context) {
    const nginx = context.query.nginx;
    const judge = (d: NginxDirective, word: NginxWord, variable: string, regex: string, caseless: boolean, negated: boolean) => {
      if (variable !== '$http_origin' && variable !== '$http_referer') return;
      const witness = weakWitness(regex, caseless);
      if (!witness) return;
      const what = variable === '$http_origin' ? 'origin' : 'referrer';
      const message = `this regex ${negated ? 'lets' : 'accepts'} "${witness}" ${negated ? 'pass ' : ''}as a trusted ${what}: another site passes the check; anchor it ("^https://example\\.com$"), escape every dot, or list the exact values in a map`;
      context.report({ span: wordSpan(d, word), message, severity: variable === '$http_origin' ? 'error' : 'warning' });
    };
    for (const { directive: d } of nginx.directives('if')) {
      if (!d.block) continue;
      const c = ifCondition(d);
      if (c) judge(d, c.word, c.variable, c.raw, c.operator.endsWith('*'), c.operator.startsWith('!'));
    }
    for (const config of nginx.configs) {
      for (const s of nginx.blocks(config, 'map')) {
        const m = s.directive;
        if (m?.name !== 'map' || nginx.inTemplatedFile(m)) continue;
        for (const e of s.directives) {
          if (!e.nameWord.value.startsWith('~')) continue;
          const caseless = e.nameWord.value.startsWith('~*');
          judge(e, e.nameWord, m.args[0]?.value ?? '', e.nameWord.value.slice(caseless ? 2 : 1), caseless, false);
        }
      }
    }
  },
};
