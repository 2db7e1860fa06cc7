// nginx/no-port-in-upstream: `uwsgi_pass app;` (also fastcgi_pass, scgi_pass)
// naming no `upstream app` block and giving no port. nginx -t: `no port in upstream "app"`.
// Facts: these modules have no default port; a name that matches an `upstream` block
// (case-insensitive, defined before or after) uses it; otherwise the name becomes an implicit
// upstream that needs a port (ngx_http_upstream_init_round_robin; checked against nginx -t by
// test/nginx-t-parity.test.ts). `proxy_pass http://app` defaults to port 80 and is fine. Targets with
// variables are resolved per request and not judged. An upstream block in any file of the run
// counts; a fragment (sites-enabled) whose upstream may live in a file beside it that the run
// did not see gets a warning, a whole nginx.conf an error.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/no-port-in-upstream',
    description: '`uwsgi_pass`, `fastcgi_pass` or `scgi_pass` to a name with no port and no upstream block: nginx -t fails',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'upstream'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const nginx = context.query.nginx;
    // Upstream blocks where nginx takes them (in http), in any file of the run.
    const anywhere = new Set<string>();
    for (const config of nginx.configs) {
      for (const s of nginx.blocks(config, 'upstream')) {
        if (nginx.contextOf(s) === 'upstream' && s.directive?.args[0]) anywhere.add(s.directive.args[0].value.toLowerCase());
      }
    }
    // A line is blamed once, with the first verdict on it (the messages differ by how sure it is).
    const blamed = new Set<string>();
    // Whole configs first: a fragment they include gets their (sure) verdict.
    const configs = [...nginx.configs].sort((a, b) => Number(b.root.context === 'main') - Number(a.root.context === 'main'));
    for (const config of configs) {
      const whole = config.root.context === 'main';
      // nginx checks ports after reading everything: a syntax error anywhere stops it first.
      if (!nginx.httpBlockComplete(config)) continue;
      for (const t of nginx.passTargets(config)) {
        const d = t.directive;
        if (t.module === 'proxy' || t.module === 'grpc' || nginx.filledIn(d)) continue;
        // The model matches upstream blocks anywhere; nginx only those in http.
        const named = t.upstream && !anywhere.has(t.upstream.name) ? t.upstream.name : null;
        if (!named && (t.upstream || t.address?.type !== 'tcp' || t.address.port !== null)) continue;
        const arg = d.args[0];
        const host = named ? arg.value.replace(/^[a-z]+:\/\//i, '') : (t.address as { host: string }).host;
        if (anywhere.has(host.toLowerCase())) continue;
        // An include the run could not read may define the upstream.
        const sure = whole && !nginx.unseenInclude(t.scope, config);
        const message = `no port in upstream "${host}": ${d.name} has no default port and no "upstream ${host}" block is defined; write ${d.name} ${host}:PORT; or define upstream ${host} { server ...; }${sure ? '' : ' (unless a file included beside this one, or one this run could not read, defines it)'}`;
        const at = `${d.source.path}\0${arg.start}`;
        if (blamed.has(at)) continue;
        blamed.add(at);
        context.report({ span: wordSpan(d, arg), message, severity: sure ? 'error' : 'warning' });
      }
    }
  },
};
