// nginx/invalid-upstream-address: a pass target or upstream `server` address nginx refuses while
// reading the line, so nginx -t fails. Facts (nginx source: each module's *_pass handler, then
// ngx_http_upstream_add or ngx_http_upstream_server, then ngx_parse_url in src/core/ngx_inet.c;
// checked with nginx -t 1.22.1, test/nginx-t-parity.test.ts):
// - proxy_pass takes only `http://` or `https://` (any case): anything else is `invalid URL prefix`,
//   `proxy_pass 127.0.0.1:8000;` and `proxy_pass unix:/run/app.sock;` included;
// - uwsgi_pass strips `uwsgi://` or `suwsgi://`, grpc_pass `grpc://` or `grpcs://`, fastcgi_pass and
//   scgi_pass nothing; after that a `/` or `?` is `invalid host` (only proxy_pass has a URI part):
//   `uwsgi_pass /run/app.sock;`, `uwsgi_pass unxi:/run/app.sock;`, `uwsgi_pass http://app:8000;`,
//   `server http://app:8000;` in an upstream;
// - a port is 1-65535 in digits (`invalid port`), a host is not empty (`no host`), `unix:` (any
//   case) needs a path (`no path in the unix domain socket`) that fits sun_path, 107 bytes (`too
//   long path in the unix domain socket`).
// A target with variables is read per request, and a line a template fills in is not known: neither
// is judged. Pairing never sees these targets (nginx would not start), so this rule is their verdict.
import { closest, wordSpan, type NginxDirective, type PassTarget, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const SEMICOLON = 0x3b;

export const rule: Rule = {
  meta: {
    id: 'nginx/invalid-upstream-address',
    description: 'A pass target or upstream server address nginx refuses (no http:// on proxy_pass, a socket path without unix:, a bad port): nginx -t fails',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'upstream'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const nginx = context.query.nginx;
    // A line several configs reach (a fragment linted alone and through its main config) says the same in each.
    const blamed = new Set<string>();
    const blame = (d: NginxDirective, message: string) => {
      const at = `${d.source.path}\0${d.start}`;
      // A line cut short (no `;`: nginx/syntax's) never reaches its handler: nginx stops at the next token.
      if (blamed.has(at) || nginx.filledIn(d) || d.source.text.charCodeAt(d.end - 1) !== SEMICOLON) return;
      blamed.add(at);
      context.report({ span: wordSpan(d, d.args[0]), message });
    };
    // Lines nginx refuses for their place (uwsgi_pass in a limit_except): that error comes first.
    const misplaced = new Set(nginx.refused('not-allowed').map(({ item }) => item.directive));
    for (const config of nginx.configs) {
      for (const t of nginx.passTargets(config)) {
        // nginx checks a directive's place before its handler reads the target, and an http pass
        // directive belongs inside a location: one elsewhere is nginx/wrong-context's, or stream's
        // `proxy_pass host:port;` (a stream server has no location), which takes no scheme.
        if (t.invalid !== null && inLocation(t.scope) && !misplaced.has(t.directive)) blame(t.directive, `${t.invalid}: ${passAdvice(t)}`);
      }
      for (const upstream of nginx.upstreams(config).values()) {
        for (const server of upstream.servers) {
          if (server.invalid !== null) blame(server.directive, `${server.invalid}: ${addressAdvice('server', '', server.directive.args[0].value, errorOf(server.invalid))}`);
        }
      }
    }
  },
};

/** Whether a scope is a location or lies inside one (an `if` or `limit_except` in a location). */
function inLocation(scope: Scope | null): boolean {
  for (let s = scope; s !== null; s = s.parent) {
    if (s.kind === 'location') return true;
    if (s.kind === 'server' || s.kind === 'http' || s.kind === 'stream' || s.kind === 'main') return false;
  }
  return false;
}

/** What to write instead of a pass target nginx refuses. */
function passAdvice(t: PassTarget): string {
  const d = t.directive;
  const value = d.args[0].value;
  if (t.invalid === 'invalid URL prefix') {
    if (/^unix:/i.test(value)) {
      return `proxy_pass needs http:// or https:// before the address; for an HTTP server on that socket write proxy_pass http://${value}; for a uWSGI \`socket\` write uwsgi_pass ${value}; (with include uwsgi_params;)`;
    }
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1].toLowerCase();
    if (scheme === 'uwsgi' || scheme === 'suwsgi') return `proxy_pass speaks HTTP; for a uWSGI socket write uwsgi_pass ${value}; (with include uwsgi_params;)`;
    if (scheme !== undefined) return `proxy_pass takes http:// or https:// only; write proxy_pass http://${value.slice(scheme.length + 3)};`;
    return `proxy_pass needs http:// or https:// before the address; write proxy_pass http://${value};`;
  }
  // The address after the prefix the directive stripped (the target's scheme, when it was written).
  const own = t.scheme !== null && value.toLowerCase().startsWith(`${t.scheme}://`) ? value.slice(0, t.scheme.length + 3) : '';
  return addressAdvice(d.name, own, value.slice(own.length), errorOf(t.invalid!));
}

/** The ngx_parse_url error at the start of an `<error> in upstream "..."` message. */
function errorOf(invalid: string): string {
  return invalid.slice(0, invalid.indexOf(' in upstream "'));
}

/**
 * What to write instead of an address nginx refuses with `error`: `name` is the directive,
 * `prefix` the scheme it stripped (kept in the advice), `rest` the address after it.
 */
function addressAdvice(name: string, prefix: string, rest: string, error: string): string {
  const write = (address: string) => `write ${name} ${prefix}${address};`;
  switch (error) {
    case 'invalid port': {
      const host = rest.startsWith('[') ? rest.slice(0, rest.indexOf(']') + 1) : rest.slice(0, rest.indexOf(':'));
      return `the port must be a number from 1 to 65535; ${write(`${host}:PORT`)}`;
    }
    case 'no host':
      return rest.startsWith('[') ? `write an IPv6 address inside [ ], as in ${name} ${prefix}[::1]:8000;` : `write the host before the port, as in ${name} ${prefix}127.0.0.1${rest.slice(rest.indexOf(':'))};`;
    case 'no path in the unix domain socket':
      return `write the socket's path after "unix:", as in ${name} ${prefix}unix:/run/uwsgi/app.sock;`;
    case 'too long path in the unix domain socket':
      return 'a unix socket path is at most 107 bytes (the kernel\'s sun_path); put the socket at a shorter path, such as /run/uwsgi/app.sock, on both sides';
    case 'invalid IPv6 address':
      return `only an IPv6 address goes inside [ ]; ${write('[::1]:PORT')} or name the host without brackets`;
    default:
      return invalidHostAdvice(name, prefix, rest);
  }
}

/** Advice for `invalid host`: a `/` or `?` where only host:port may stand, or a `[` never closed. */
function invalidHostAdvice(name: string, prefix: string, rest: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest)?.[1];
  if (scheme !== undefined) {
    const address = rest.slice(scheme.length + 3).replace(/[/?].*$/, '') || 'host:port';
    if (name === 'server') return `an upstream server is an address without a scheme; write server ${address};`;
    const http = /^https?$/i.test(scheme) && name === 'uwsgi_pass' ? ` (an HTTP backend, such as uWSGI's \`http-socket\`, is proxy_pass ${rest};)` : '';
    return `${name} takes an address without ${scheme}://; write ${name} ${address};${http}`;
  }
  if (rest.startsWith('/')) return `a unix socket path needs "unix:" before it; write ${name} ${prefix}unix:${rest};`;
  const colon = rest.indexOf(':');
  const head = colon === -1 ? '' : rest.slice(0, colon);
  const tail = colon === -1 ? '' : rest.slice(colon + 1);
  if (tail.startsWith('/') && head.length > 0 && closest(head.toLowerCase(), ['unix'], 2).length > 0) {
    return `"${head}:" is not "unix:"; did you mean ${name} ${prefix}unix:${tail};?`;
  }
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return `close the IPv6 address with "]", as in ${name} ${prefix}[::1]:8000;`;
    return `${name} takes no URI or query, only [address]:port; ${`write ${name} ${prefix}${rest.slice(0, close + 1)}${/^:\d+/.exec(rest.slice(close + 1))?.[0] ?? ''};`}`;
  }
  const cut = rest.search(/[/?]/);
  if (cut > 0) return `${name} takes no URI or query, only host:port; write ${name} ${prefix}${rest.slice(0, cut)};`;
  return `write ${name} ${prefix}host:port; or ${name} ${prefix}unix:/path/to.sock;`;
}
