// nginx/add-header-content-type: `add_header Content-Type ...` does not set the response's type,
// it adds a second Content-Type line. nginx writes the type it chose (r->headers_out.content_type,
// from `types`/default_type or the backend) itself in ngx_http_header_filter, and add_header
// handles only Cache-Control, Link, Last-Modified and ETag specially (ngx_http_set_headers[] in
// ngx_http_headers_filter_module.c); any other name is pushed onto the header list. Seen with
// nginx 1.22.1: a static file under `add_header Content-Type text/plain` goes out with
// `Content-Type: text/html` and `Content-Type: text/plain`. RFC 9110 allows one Content-Type;
// clients pick one or the other, so the type (and what a browser sniffs or renders) is not the
// one written. Not reported: a *_hide_header Content-Type in force (the backend's type is hidden,
// this line is the only one, as gixy's negatives have it), and headers-more's more_set_headers,
// which replaces the type itself (ngx_http_set_content_type_header of headers-more-nginx-module).
// Facts: gixy's add_header_content_type (LOW).
import type { Rule } from '../src/rule.js';
import { wordSpan, type NginxQuery, type Scope } from '../src/query/index.js';

const HIDE_HEADER = ['proxy_hide_header', 'fastcgi_hide_header', 'uwsgi_hide_header', 'scgi_hide_header', 'grpc_hide_header'];

export const rule: Rule = {
  meta: {
    id: 'nginx/add-header-content-type',
    description: '`add_header Content-Type` sends a second Content-Type header instead of setting the type',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 3.7,
    fixable: false,
    precision: 'very-high',
    gixy: ['add_header_content_type'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const { directive: d, scope } of nginx.directives('add_header')) {
      const name = d.args[0];
      if (!name || name.value.toLowerCase() !== 'content-type') continue;
      if (hidesContentType(nginx, scope)) continue;
      const type = d.args[1]?.value;
      const instead = type ? `"default_type ${type};" (or "types { } default_type ${type};" to override the extension's type)` : '"default_type <type>;"';
      const message = `add_header Content-Type adds a second Content-Type header beside the one nginx sends (from types, default_type or the backend), and clients may read either; set the type with ${instead}, or hide the backend's with proxy_hide_header Content-Type`;
      context.report({ span: wordSpan(d, name), message });
    }
  },
};

/** Whether a *_hide_header Content-Type is in force here (each list is inherited all-or-nothing). */
function hidesContentType(nginx: NginxQuery, scope: Scope): boolean {
  return HIDE_HEADER.some((name) => nginx.effective(scope, name).some((h) => h.args[0]?.value.toLowerCase() === 'content-type'));
}
