// nginx/host-spoofing: the backend is handed the client's raw Host header
// (`proxy_set_header Host $http_host`, `uwsgi_param HTTP_HOST $http_host`, the same for
// X-Forwarded-Host, a query argument or a cookie, alone or inside a longer value such as
// `$cookie_tenant.example.com`). $http_host is whatever the client sent; $host is the name // nginx validated and matched (lower-cased, port removed, the server_name when the header
// is absent). Apps build absolute URLs from it: password-reset links, redirects, cache keys.
// Facts: nginx docs ($host, $http_name); gixy's host_spoofing (MEDIUM). Debian 12's uwsgi_params
// (nginx-common 1.22.1-9+deb12u11, copied in src/nginx/standard-files.ts) ends with
// `uwsgi_param HTTP_HOST $host;` and is not flagged.
import type { Rule } from '../src/rule.js';
import { variablesIn, wordSpan } from '../src/query/index.js';

const HEADER_DIRECTIVES: Record<string, (name: string) => boolean> = {
  proxy_set_header: (n) => /^(host|x-forwarded-host)$/i.test(n),
  grpc_set_header: (n) => /^(host|x-forwarded-host)$/i.test(n),
  uwsgi_param: (n) => /^(HTTP_HOST|HTTP_X_FORWARDED_HOST|SERVER_NAME)$/.test(n),
  fastcgi_param: (n) => /^(HTTP_HOST|HTTP_X_FORWARDED_HOST|SERVER_NAME)$/.test(n),
  scgi_param: (n) => /^(HTTP_HOST|HTTP_X_FORWARDED_HOST|SERVER_NAME)$/.test(n),
};

/**
 * Variables the client writes: the raw Host and X-Forwarded-Host headers, query arguments and
 * cookies. nginx reads variable names case-insensitively ($HTTP_HOST is $http_host).
 */
const CLIENT_WRITTEN = /^(http_host|http_x_forwarded_host|arg_.+|cookie_.+)$/i;

export const rule: Rule = {
  meta: {
    id: 'nginx/host-spoofing',
    description: 'The backend gets the Host header as the client wrote it ($http_host): forged links and redirects',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 6.1,
    fixable: false,
    precision: 'high',
    gixy: ['host_spoofing'],
  },
  check(context) {
    // What this rule says of a line depends on the line alone, not on the block it is included
    // into: each line once, however many includes reach it (uwsgi_params, by every location).
    for (const [name, isHostHeader] of Object.entries(HEADER_DIRECTIVES)) {
      const lines = context.query.nginx.lines(name);
      for (let i = 0; i < lines.length; i++) {
        const d = lines[i];
        const header = d.args[0];
        const value = d.args[1];
        if (!header || !value || !isHostHeader(header.value)) continue;
        const raw = variablesIn(value.value).find((v) => CLIENT_WRITTEN.test(v.name));
        if (!raw) continue;
        const message = `${header.value} is set from $${raw.name}, which the client writes as it likes: a forged Host ends up in the app's links and redirects (password-reset poisoning); use $host`;
        context.report({ span: wordSpan(d, value), message });
      }
    }
  },
};
