// nginx/overlapping-captures: CVE-2026-9256 (nginx 0.1.17 to 1.30.1 and 1.31.0, fixed in 1.30.2
// and 1.31.1). A rewrite whose replacement reads two numbered captures of which one sits inside
// the other (`^/((.*))$` with `$1$2`) and escapes them: a redirect (`redirect`, `permanent`, or a
// replacement starting with http:// or https://) escapes every capture, otherwise those after the
// first `?` are escaped as arguments. nginx sizes the buffer from one escaped copy of the matched
// text, the two overlapping captures write it twice: a heap overflow a request with `+` or `&`
// triggers (worker crash, heap data in the response; code execution where ASLR is off).
// Not affected (ngx_http_script_compile, ngx_http_rewrite): a replacement that also names a
// variable (`$host`), or reads one capture twice (sc.dup_capture), takes the length pass that
// escapes; a final `?` alone is stripped and escapes nothing; named references ($name) are not
// captures by number. Warning: only the nginx build decides (distributions backport the fix);
// silent when settings.nginxVersion names a fixed release.
import { captureGroups, captureRefs, namesVariable, nested, nginxHasFix, wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/overlapping-captures',
    description: 'A rewrite escaping two nested captures ($1$2 of ^/((.*))$): heap overflow on nginx before 1.30.2 (CVE-2026-9256)',
    defaultSeverity: 'warning',
    tags: ['security'],
    securitySeverity: 8.1,
    fixable: false,
    precision: 'high',
    gixy: ['overlapping_captures'],
  },
  check(context) {
    if (nginxHasFix(context.project.settings.nginxVersion, ['1.30.2', '1.31.1']) === true) return;
    for (const { directive: d } of context.query.nginx.directives('rewrite')) {
      const pattern = d.args[0];
      const replacement = d.args[1];
      if (!pattern || !replacement) continue;
      let text = replacement.value;
      if (text.endsWith('?')) text = text.slice(0, -1);
      if (namesVariable(text)) continue;
      const refs = captureRefs(text);
      if (refs.length < 2 || new Set(refs.map((r) => r.n)).size !== refs.length) continue;
      const flag = d.args[2]?.value;
      const redirect = flag === 'redirect' || flag === 'permanent' || /^https?:\/\//.test(text);
      const question = text.indexOf('?');
      const escaped = redirect ? refs : question < 0 ? [] : refs.filter((r) => r.start > question);
      if (escaped.length < 2) continue;
      const groups = captureGroups(pattern.value);
      if (!groups) continue;
      const count = groups.parents.length;
      let pair: [number, number] | null = null;
      for (let a = 0; a < escaped.length && !pair; a++) {
        for (let b = a + 1; b < escaped.length && !pair; b++) {
          const [x, y] = [escaped[a].n, escaped[b].n];
          if (x <= count && y <= count && nested(groups, x, y)) pair = [x, y];
        }
      }
      if (!pair) continue;
      const where = redirect ? 'a redirect, where nginx escapes every capture' : 'the query string, where nginx escapes the captures';
      context.report({
        span: wordSpan(d, replacement),
        message: `"$${pair[0]}" and "$${pair[1]}" read nested groups of "${pattern.value}" (one inside the other) in ${where}: on nginx before 1.30.2 (stable) or 1.31.1 (mainline) the escaped copies overflow a buffer sized for one, a heap overflow any request can trigger (CVE-2026-9256); upgrade nginx (then set "nginxVersion" so the linter knows), or read only one of the two groups`,
      });
    }
  },
};
