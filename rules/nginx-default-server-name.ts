// nginx/default-server-name: a server marked default_server that names one real domain and hands
// the client's Host to the app. As the default it also answers every other Host (scanners, IP
// addresses, forged names), so the app sees hosts it never expected: Django answers 400
// "Invalid HTTP_HOST header" and mails an error per request, or, without ALLOWED_HOSTS, builds
// links with the forged name. The precise, low-noise condition: the listen says default_server
// (an explicit choice), server_name lists a domain (a dot, not `_`, not a regex, not an IP), and
// the server passes the Host on: uwsgi_pass/fastcgi_pass/scgi_pass (HTTP_HOST is always sent) or
// proxy_set_header Host $host/$http_host. Implicit defaults (the first server) are not judged:
// every single-site config has one, and the other sites of sites-enabled are often not linted.
import type { Rule } from '../src/rule.js';
import { wordSpan, type NginxQuery, type Scope } from '../src/query/index.js';

function passesHost(nginx: NginxQuery, server: Scope): boolean {
  let found = false;
  nginx.forEachBlockIn(server, (s) => {
    for (const d of s.directives) {
      if (/^(uwsgi_pass|fastcgi_pass|scgi_pass)$/.test(d.name)) found = true;
      if (d.name === 'proxy_pass' && nginx.effective(s, 'proxy_set_header').some((h) => /^host$/i.test(h.args[0]?.value ?? '') && /\$(host|http_host)\b/.test(h.args[1]?.value ?? ''))) found = true;
    }
  });
  return found;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/default-server-name',
    description: 'A default_server with a specific domain passes every other Host to the app too',
    defaultSeverity: 'warning',
    tags: ['security', 'django'],
    securitySeverity: 5.3,
    fixable: false,
    precision: 'medium',
  },
  check(context) {
    const nginx = context.query.nginx;
    // Only a default server is judged: no listen of the run says default_server, nothing to read.
    if (nginx.listenFlags()?.defaultServer === false) return;
    for (const config of nginx.configs) {
      for (const s of nginx.blocks(config, 'server')) {
        if (s.kind !== 'server' || nginx.contextOf(s) !== 'server' || !s.directive || nginx.inTemplatedFile(s.directive)) continue;
        const listen = nginx.atLevel(s, 'listen').find((d) => nginx.listen(d)?.defaultServer);
        if (!listen) continue;
        const domains = s.directives.filter((d) => d.name === 'server_name').flatMap((d) => d.args).filter((a) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(a.value) && !/^[\d.]+$/.test(a.value));
        const catchAll = s.directives.filter((d) => d.name === 'server_name').flatMap((d) => d.args).some((a) => a.value === '_' || a.value === '' || a.value.startsWith('~') || a.value.startsWith('*') || a.value === 'localhost');
        if (domains.length === 0 || catchAll || !passesHost(nginx, s)) continue;
        const flag = listen.args.find((a) => a.value === 'default_server' || a.value === 'default')!;
        context.report({ span: wordSpan(listen, flag), message: `this server is for ${domains[0].value} but is also the default server: requests with any other Host (scanners, the bare IP, forged names) reach the app with that Host (Django: 400 and an error mail each; without ALLOWED_HOSTS, links built from it); drop default_server here and add a catch-all "server { listen ${listen.args[0].value} default_server; server_name _; return 444; }"` });
      }
    }
  },
};
