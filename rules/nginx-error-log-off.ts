// nginx/error-log-off: `error_log off;` does not turn the error log off. ngx_log_set_log
// (src/core/ngx_log.c) knows `stderr`, `memory:` and `syslog:`; any other first argument is a file
// name, opened relative to the prefix (ngx_conf_open_file): nginx writes its errors to a file
// named `off` (`/usr/share/nginx/off` with Debian's prefix; `nginx -t` creates it), which no
// logrotate rule knows and which grows without bound. `access_log off` is a keyword; `error_log
// off` is not. nginx accepts the config and nothing is exploitable, so: info.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/error-log-off',
    description: '`error_log off` writes errors to a file named "off"; it does not turn logging off',
    defaultSeverity: 'info',
    tags: ['gixy'],
    fixable: false,
    precision: 'very-high',
    gixy: ['error_log_off'],
  },
  check({ query, report }) {
    for (const { directive: d } of query.nginx.directives('error_log')) {
      const word = d.args[0];
      if (!word || word.value.toLowerCase() !== 'off') continue;
      const message = `error_log ${word.value} does not turn the error log off: nginx writes errors to a file named "${word.value}" under its prefix (/usr/share/nginx/${word.value} on Debian), which no log rotation knows; write "error_log /var/log/nginx/error.log crit;" to log only serious errors, or "error_log /dev/null crit;" to discard them`;
      report({ span: wordSpan(d, word), message });
    }
  },
};
