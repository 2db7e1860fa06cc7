// nginx/origins: a regex that checks $http_origin or $http_referer (in `if` or a `map`) and
// also accepts an attacker's site. Each finding names a witness: a value the regex accepts that
// belongs to another domain, built from the domain the regex itself spells out:
//   https://example.com.evil.com (no end anchor), https://evilexample.com (no start anchor or
//   boundary before the name), https://wwwxexample.com (an unescaped dot: any character).
// The regex is run with JavaScript's engine, which agrees with PCRE on these constructs.
// Facts: gixy's origins (HIGH for Origin, the CORS check; MEDIUM for Referer).
import type { Rule } from '../src/rule.js';
import type { NginxWord } from '../src/nginx/ast.js';
import { blocksNamed, nginxModel } from '../src/nginx/directives.js';
import { inTemplatedFile, named } from '../src/nginx/directives.js';
import { judgedDirectives, reporter } from '../src/nginx/security/walk.js';
import { ifCondition } from '../src/nginx/security/variables.js';

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
  },
  check(context) {
    const report = reporter(context);
    const judge = (d: Parameters<typeof report>[0], word: NginxWord, variable: string, regex: string, caseless: boolean, negated: boolean) => {
      if (variable !== '$http_origin' && variable !== '$http_referer') return;
      const witness = weakWitness(regex, caseless);
      if (!witness) return;
      const what = variable === '$http_origin' ? 'origin' : 'referrer';
      const message = `this regex ${negated ? 'lets' : 'accepts'} "${witness}" ${negated ? 'pass ' : ''}as a trusted ${what}: another site passes the check; anchor it ("^https://example\\.com$"), escape every dot, or list the exact values in a map`;
      report(d, word, message, variable === '$http_origin' ? 'error' : 'warning');
    };
    for (const { directive: d } of named(judgedDirectives(context.project), ['if'])) {
      if (d.name !== 'if' || !d.block) continue;
      const c = ifCondition(d);
      if (c) judge(d, c.word, c.variable, c.raw, c.operator.endsWith('*'), c.operator.startsWith('!'));
    }
    for (const config of context.project.nginx) {
      for (const s of blocksNamed(nginxModel(config).root, 'map')) {
        const m = s.directive;
        if (m?.name !== 'map' || inTemplatedFile(m)) continue;
        for (const e of s.directives) {
          if (!e.nameWord.value.startsWith('~')) continue;
          const caseless = e.nameWord.value.startsWith('~*');
          judge(e, e.nameWord, m.args[0]?.value ?? '', e.nameWord.value.slice(caseless ? 2 : 1), caseless, false);
        }
      }
    }
  },
};
