// nginx/proxy-buffering-off: `proxy_buffering off` in force where a `proxy_pass` proxies. With
// buffering off nginx passes the response to the client as it reads it, with one buffer
// (proxy_buffer_size), and reads no more from the backend until the client has taken it
// (ngx_http_upstream_process_non_buffered_request, src/http/ngx_http_upstream.c): a slow or
// stalled client holds the backend connection, and the backend worker behind it, for as long as it
// likes, so a few slow readers can tie up every backend worker (slow-read DoS). With buffering on,
// nginx takes the response into memory or a temp file and frees the backend at once. A heuristic
// (info): streaming endpoints (server-sent events, long polling) need it off, and nothing is
// exploitable unless the backend has few workers. The line is judged where it reaches a
// proxy_pass (nginx's inheritance: the nearest level that sets it); a line that reaches none does
// nothing, since the directive only acts on proxied responses.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/proxy-buffering-off',
    description: '`proxy_buffering off` where a `proxy_pass` proxies: slow clients hold backend connections',
    defaultSeverity: 'info',
    tags: ['security', 'performance', 'gixy'],
    securitySeverity: 3.7,
    fixable: false,
    precision: 'medium',
    gixy: ['proxy_buffering_off'],
  },
  check({ query, report }) {
    const nginx = query.nginx;
    if (!nginx.has('proxy_buffering')) return;
    for (const { scope } of nginx.directives('proxy_pass')) {
      const inForce = nginx.effective(scope, 'proxy_buffering');
      const last = inForce[inForce.length - 1];
      const word = last?.args[0];
      if (!word || word.value.toLowerCase() !== 'off' || nginx.templated(last)) continue;
      const message =
        'proxy_buffering off makes nginx hand the response to the client as it reads it from the backend, so a slow client holds the backend connection (and its worker) until it has read everything, and a few slow readers can tie up the backend; remove the line (the default is on), or, for a streaming endpoint (server-sent events), have the backend send "X-Accel-Buffering: no" on those responses only';
      report({ span: wordSpan(last, word), message });
    }
  },
};
