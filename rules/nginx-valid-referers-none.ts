// nginx/valid-referers-none: `valid_referers none ...` accepts every request without a Referer,
// and any page can make a browser send one without it (Referrer-Policy: no-referrer, an https
// to http hop, a data: URL). As a protection (clickjacking, CSRF-ish checks) it is void; for
// hotlink protection it is a deliberate trade-off. Facts: ngx_http_referer_module docs; gixy's
// valid_referers (HIGH). Warning here: the same line is the nginx docs' hotlinking example.
import type { Rule } from '../src/rule.js';
import { judgedDirectives, reporter } from '../src/nginx/security/walk.js';
import { named } from '../src/nginx/directives.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/valid-referers-none',
    description: '`valid_referers none`: a missing Referer, which any page can arrange, counts as valid',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const report = reporter(context);
    for (const { directive: d } of named(judgedDirectives(context.project), ['valid_referers'])) {
      if (d.name !== 'valid_referers') continue;
      const none = d.args.find((a) => a.value === 'none');
      if (none) report(d, none, '"none" accepts requests without a Referer, and any site can make a browser omit it (Referrer-Policy: no-referrer): the check is bypassed; drop "none" if the check protects anything');
    }
  },
};
