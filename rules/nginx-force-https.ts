// nginx/force-https: a server on port 80 serves the site while another server (or the same one)
// serves the same name over TLS: visitors who type the name, and links with http://, get the
// plain-text site, open to anyone on the network. The port-80 server should only redirect.
// A port-80 server counts as redirecting when its own level has a return or a rewrite
// (redirect/permanent), or its `location /` does, or an if on $scheme/$https does (one server
// for both ports). ACME challenge locations may serve content. Facts: nginx docs (return,
// listen); a server without listen listens on port 80 (as root).
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan, type NginxDirective, type NginxQuery, type Scope } from '../src/query/index.js';

const redirects = (ds: readonly NginxDirective[]) => ds.some((d) => d.name === 'return' || (d.name === 'rewrite' && /^(redirect|permanent)$/.test(d.args[2]?.value ?? '')) || (d.name === 'rewrite' && /^https:\/\//.test(d.args[1]?.value ?? '')));

/** The server's names as nginx compares them (lower case), without the catch-all `_` and regexes. */
function names(nginx: NginxQuery, server: Scope): string[] {
  const out: string[] = [];
  const lines = nginx.atLevel(server, 'server_name');
  for (let i = 0; i < lines.length; i++) {
    const args = lines[i].args;
    for (let k = 0; k < args.length; k++) {
      const n = args[k].value.toLowerCase();
      if (n !== '' && n !== '_' && !n.startsWith('~')) out.push(n);
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/force-https',
    description: 'A port-80 server serves content for a name that also has an HTTPS server, instead of redirecting',
    defaultSeverity: 'warning',
    tags: ['security', 'tls'],
    securitySeverity: 5.9,
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const nginx = context.query.nginx;
    // A name is served over TLS only by a listen with ssl or an `ssl on`: without either in the
    // run, no port-80 server can shadow one (and no server needs reading). listenFlags() answers
    // only for a run without syntax errors, where the config's list holds every line of its tree.
    const sslListen = nginx.listenFlags()?.ssl ?? true;
    for (const config of nginx.configs) {
      if (!sslListen && !nginx.has('ssl', { config, templated: true })) continue;
      const servers = nginx.servers(config);
      const tlsNames = new Map<string, Scope>();
      for (const s of servers) {
        const tls = nginx.atLevel(s, 'listen').some((d) => nginx.listen(d)?.ssl) || nginx.atLevel(s, 'ssl').some((d) => d.args[0]?.value === 'on');
        if (tls) for (const n of names(nginx, s)) if (!tlsNames.has(n)) tlsNames.set(n, s);
      }
      // No name is served over TLS: no port-80 server can shadow one.
      if (tlsNames.size === 0) continue;
      for (const s of servers) {
        const listens = nginx.atLevel(s, 'listen');
        const plain = listens.length === 0 ? null : listens.find((d) => { const a = nginx.listen(d); return a !== null && !a.ssl && a.text.endsWith(':80'); });
        if (listens.length > 0 && !plain) continue;
        const shared = names(nginx, s).find((n) => tlsNames.has(n));
        if (!shared) continue;
        if (redirects(s.directives)) continue;
        const root = s.children.find((c) => c.kind === 'location' && c.directive?.args.length === 1 && c.directive.args[0].value === '/');
        if (root && redirects(root.directives)) continue;
        if (s.children.some((c) => c.kind === 'if' && /\$(scheme|https)\b/.test(c.directive?.args.map((a) => a.value).join(' ') ?? '') && redirects(c.directives))) continue;
        if (s.children.every((c) => c.kind !== 'location' || /acme-challenge/.test(c.directive?.args.map((a) => a.value).join(' ') ?? '')) && !s.directives.some((d) => /^(root|alias|try_files|index|autoindex|proxy_pass|uwsgi_pass|fastcgi_pass)$/.test(d.name))) continue;
        const other = tlsNames.get(shared)!;
        const message = `this server answers ${shared} over plain HTTP on port 80 with the site itself, while ${other === s ? 'it also serves' : 'another server serves'} it over HTTPS: visitors and http:// links get an unencrypted, tamperable site; make it redirect: "return 301 https://$host$request_uri;"`;
        context.report({ span: wordSpan(plain ?? s.directive!), message, related: other !== s && other.directive ? [relatedAt(other.directive, 'the HTTPS server', other.directive.nameWord)] : [] });
      }
    }
  },
};
