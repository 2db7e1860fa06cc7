// nginx/valid-referers-none: `valid_referers none ...` accepts every request without a Referer,
// and any page can make a browser send one without it (Referrer-Policy: no-referrer, an https
// to http hop, a data: URL). As a protection (clickjacking, CSRF-ish checks) it is void; for
// hotlink protection it is a deliberate trade-off. Facts: ngx_http_referer_module docs; gixy's
// valid_referers (HIGH). Warning here: the same line is the nginx docs' hotlinking example.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/valid-referers-none',
    description: '`valid_referers none`: a missing Referer, which any page can arrange, counts as valid',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 4.3,
    fixable: false,
    precision: 'very-high',
    gixy: ['valid_referers'],
  },
  check(context) {
    for (const { directive: d } of context.query.nginx.directives('valid_referers')) {
      const none = d.args.find((a) => a.value === 'none');
      if (!none) continue;
      context.report({
        span: wordSpan(d, none),
        message: '"none" accepts requests without a Referer, and any site can make a browser omit it (Referrer-Policy: no-referrer): the check is bypassed; drop "none" if the check protects anything',
      });
    }
  },
};
