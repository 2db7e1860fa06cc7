// nginx/resolver-missing: a pass target with variables (in its host or only after it) whose host
// is a name, in a block with no `resolver`. With variables anywhere in the target nginx resolves
// the host per request (ngx_http_proxy_eval parses it with no_resolve), and
// only through `resolver` (not /etc/hosts, not the system's DNS): every request fails with 502,
// error log "no resolver defined to resolve app". A name that is an upstream block, or an IP
// address, needs none. Facts: ngx_http_proxy_handler / ngx_http_upstream_init_request (nginx
// 1.22.1), the docker `set $upstream app:8000; proxy_pass http://$upstream;` pattern. Only
// hosts whose values the config spells out (set, map) are judged.
import { hostPart, relatedAt, variablesIn, wordSpan, type NginxDirective, type NginxQuery, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const PASS = new Set(['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass']);

/** The values `$name` can take per the config (`set` in this block and outer ones, map outputs), or null when not all are known. */
function valuesOf(nginx: NginxQuery, scope: Scope, root: Scope, name: string): { value: string; from: NginxDirective }[] | null {
  const out: { value: string; from: NginxDirective }[] = [];
  for (let s: Scope | null = scope; s; s = s.parent) {
    for (const d of s.directives) if (d.name === 'set' && d.args[0]?.value === `$${name}` && d.args[1]) out.push({ value: d.args[1].value, from: d });
  }
  nginx.forEachBlockIn(root, (s) => {
    if (s.directive?.name !== 'map' || s.directive.args[1]?.value !== `$${name}`) return;
    for (const e of s.directives) if (e.args[0] && e.name !== 'hostnames' && e.name !== 'volatile' && e.name !== 'include') out.push({ value: e.args[0].value, from: e });
  });
  if (out.length === 0 || out.some((v) => v.value.includes('$'))) return null;
  return out;
}

/** Whether nginx needs no lookup for the host. `localhost` is a name like any other here: without a resolver, "no resolver defined to resolve localhost". */
function isAddress(host: string): boolean {
  return host === '' || host.startsWith('unix:') || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
}

export const rule: Rule = {
  meta: {
    id: 'nginx/resolver-missing',
    description: 'A pass target with a variable that holds a host name, and no resolver: every request fails with 502',
    defaultSeverity: 'error',
    tags: ['security', 'runtime'],
    securitySeverity: 3.1,
    fixable: false,
    precision: 'high',
    gixy: ['missing_resolver', 'stale_dns_cache'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const config of nginx.configs) {
      // Each pass line is judged on its own: one name at a time, no merging into list order.
      for (const lines of nginx.directivesEach(PASS, { config })) {
        for (let i = 0; i < lines.length; i++) {
          const { directive: d, scope } = lines[i];
          // A target without a variable is resolved once, at start-up (most of them: no `$` at all).
          if (!d.args[0] || !d.args[0].value.includes('$') || nginx.effective(scope, 'resolver').length > 0 || nginx.unseenInclude(scope, config)) continue;
          // $request_uri, $uri and $document_uri start with "/": the host ends before them.
          let host = hostPart(d.args[0].value).replace(/^[^/?]*:\/\//, '').replace(/\$(\{(request_uri|uri|document_uri)\}|(request_uri|uri|document_uri)(?![A-Za-z0-9_])).*$/, '');
          // Variables only after the host (`https://api.example.com/$uri`) make nginx resolve the literal host per request too.
          const uses = variablesIn(host);
          let from: NginxDirective | null = null;
          let known = true;
          for (const use of [...uses].reverse()) {
            const values = valuesOf(nginx, scope, nginx.root(config), use.name);
            if (!values) {
              known = false;
              break;
            }
            // One value suffices to show a name: the first that is one.
            const named = values.find((v) => !isAddress(v.value.replace(/^[a-z]+:\/\//, '').replace(/:\d*$/, '').split('/')[0])) ?? values[0];
            host = host.slice(0, use.start) + named.value + host.slice(use.end);
            from = named.from;
          }
          if (!known) continue;
          host = host.replace(/^[a-z]+:\/\//, '').split('/')[0];
          const name = host.startsWith('unix:') ? host : host.replace(/:\d+$/, '');
          if (isAddress(name) || nginx.upstreams(config).has(name.toLowerCase())) continue;
          // A literal target elsewhere with this host makes an implicit upstream nginx looks up first.
          if (nginx.passTargets(config).some((t) => t.address?.type === 'tcp' && t.address.host.toLowerCase() === name.toLowerCase())) continue;
          // A fragment (sites-enabled, conf.d, a server-level snippet) is read inside an http block
          // the run does not hold: a resolver there reaches this line. Only a whole nginx.conf is sure.
          const whole = config.root.context === 'main';
          const unless = whole ? '' : ' (unless the http block of the nginx.conf that includes this file sets one: lint that nginx.conf with it to know)';
          const message = `"${d.args[0].value}" resolves "${name}" per request, and no resolver is set here${unless}: nginx does not use /etc/hosts or the system's DNS for it, so every request gets 502 ("no resolver defined"); add "resolver <dns address>;" (127.0.0.11 in Docker) or name the backend in an upstream block`;
          context.report({ span: wordSpan(d, d.args[0]), message, related: from ? [relatedAt(from, `"${name}" comes from here`)] : [], ...(whole ? {} : { severity: 'warning' as const }) });
        }
      }
    }
  },
};
