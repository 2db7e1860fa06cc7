// nginx/stale-dns-cache: a host name that nginx looks up once, at start-up, and then keeps: a pass
// target without variables (`proxy_pass https://api.example.com;`, nginx's implicit upstream,
// ngx_http_upstream_add with ngx_parse_url resolving) and an upstream `server` without `resolve`
// (ngx_http_upstream_server). The addresses found then are used until the next reload, whatever
// the name's TTL: when the name moves (a cloud load balancer, a recreated container), requests
// go to the old address. `server ... resolve` (with `zone` and a `resolver`; open source nginx
// 1.27.3+, ngx_http_upstream_round_robin.c) or a variable in the target with a `resolver`
// (ngx_http_upstream_init_request resolves per request) follows the name. Info: it fails only
// when the address changes, which nothing in the config tells; a target with variables is
// resolver-missing's business. IP addresses, unix sockets and localhost never move.
import { wordSpan, type NginxDirective, type NginxWord, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** Whether a host needs no DNS, or its answer cannot change: an IP address, localhost. */
function fixedHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(h) || h === 'localhost' || h === 'ip6-localhost' || h.endsWith('.localhost');
}

/** The host of a stream address (`db.example.com:5432`, `[::1]:53`), or null for a unix socket or a variable. */
function streamHost(arg: string): string | null {
  if (arg.startsWith('unix:') || arg.includes('$')) return null;
  if (arg.startsWith('[')) return arg.slice(1, arg.indexOf(']') < 0 ? arg.length : arg.indexOf(']'));
  const colon = arg.lastIndexOf(':');
  return colon < 0 ? arg : arg.slice(0, colon);
}

/** Whether the nginx version deployed is known to be older than 1.27.3, which brought `resolve` to open source nginx. */
function withoutResolveParameter(version: string | undefined): boolean {
  if (!version) return false;
  const [major, minor, patch = 0] = version.split('.').map(Number);
  return major < 1 || (major === 1 && (minor < 27 || (minor === 27 && patch < 3)));
}

export const rule: Rule = {
  meta: {
    id: 'nginx/stale-dns-cache',
    description: 'A backend host name nginx resolves once at start-up and keeps: a changed DNS record is not seen until a reload',
    defaultSeverity: 'info',
    tags: ['runtime', 'gixy'],
    fixable: false,
    precision: 'medium',
    gixy: ['stale_dns_cache', 'missing_resolver'],
  },
  check(context) {
    const nginx = context.query.nginx;
    const old = withoutResolveParameter(context.project.settings.nginxVersion);
    const fixInUpstream = old
      ? 'if it may change, set the name in a variable ("set $backend <name>;" then the variable in the target) with a "resolver" (nginx before 1.27.3 has no "resolve" parameter)'
      : 'if it may change, add "resolve" to the upstream server (with "zone" in the upstream and a "resolver", nginx 1.27.3+), or set the name in a variable with a "resolver"';
    const fixForTarget = old
      ? 'if it may change, name it in a variable with a "resolver" ("set $backend <name>;", then the variable in the target), or in an upstream block once nginx is 1.27.3+ ("server <name> resolve;")'
      : 'if it may change, name it in an upstream block with "server <name> resolve;", "zone" and a "resolver" (nginx 1.27.3+), or in a variable with a "resolver"';
    const report = (d: NginxDirective, word: NginxWord, what: string, host: string, fix: string) => {
      const message = `"${host}" (${what}) is looked up once, when nginx starts or reloads, and that address is kept: when the name moves (a cloud load balancer, a recreated container, a failover) requests go to the old address until nginx reloads; ${fix}`;
      context.report({ span: wordSpan(d, word), message });
    };
    for (const config of nginx.configs) {
      for (const target of nginx.passTargets(config)) {
        const d = target.directive;
        if (target.unknown !== null || target.upstream !== null || target.address?.type !== 'tcp' || !d.args[0] || nginx.templated(d)) continue;
        if (fixedHost(target.address.host)) continue;
        report(d, d.args[0], `the ${d.name} host`, target.address.host, fixForTarget);
      }
      for (const upstream of nginx.upstreams(config).values()) {
        for (const server of upstream.servers) {
          const d = server.directive;
          if (server.address?.type !== 'tcp' || !d.args[0] || nginx.templated(d)) continue;
          if (fixedHost(server.address.host) || d.args.some((a) => a.value === 'resolve')) continue;
          report(d, d.args[0], `a server of upstream "${upstream.name}"`, server.address.host, fixInUpstream);
        }
      }
      // The stream module resolves its proxy_pass hosts and upstream servers at start-up alike (ngx_stream_proxy_pass, ngx_stream_upstream_server).
      for (const stream of nginx.blocks(config, 'stream')) {
        const upstreams: Scope[] = [];
        const servers: Scope[] = [];
        nginx.forEachBlockIn(stream, (s) => (s.kind === 'upstream' && s.directive?.args[0] ? upstreams : servers).push(s));
        const names = new Set(upstreams.map((u) => u.directive!.args[0].value.toLowerCase()));
        for (const upstream of upstreams) {
          for (const d of upstream.directives) {
            const host = d.name === 'server' && d.args[0] && !nginx.templated(d) ? streamHost(d.args[0].value) : null;
            if (host === null || fixedHost(host) || d.args.some((a) => a.value === 'resolve')) continue;
            report(d, d.args[0], `a server of stream upstream "${upstream.directive!.args[0].value}"`, host, fixInUpstream);
          }
        }
        for (const server of servers) {
          for (const d of server.directives) {
            const host = d.name === 'proxy_pass' && d.args[0] && !nginx.templated(d) ? streamHost(d.args[0].value) : null;
            if (host === null || fixedHost(host) || names.has(d.args[0].value.toLowerCase())) continue;
            report(d, d.args[0], 'the stream proxy_pass host', host, fixForTarget);
          }
        }
      }
    }
  },
};
