// nginx/version-disclosure: nginx sends its version in the Server header and on error pages
// unless `server_tokens off`. `server_tokens on|build` written out: warning (gixy's
// version_disclosure, HIGH, flags only these). A whole nginx.conf whose http block leaves the
// default (on) in force: info, on the `http` line. A sites-enabled fragment is not judged for the
// default: it cannot see the http block of the nginx.conf that includes it (Debian's ships
// `# server_tokens off;` commented out, so lint nginx.conf too). Nor is a config with an include
// the run could not read anywhere in http: it may hold the server_tokens off.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/version-disclosure',
    description: '`server_tokens` not off: the nginx version goes out in every Server header and error page',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 2.7,
    fixable: false,
    precision: 'very-high',
    gixy: ['version_disclosure'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const { directive: d } of nginx.directives('server_tokens')) {
      if (d.args[0]?.value === 'on' || d.args[0]?.value === 'build') {
        const message = `server_tokens ${d.args[0].value} sends the nginx version in the Server header and error pages, telling attackers which known vulnerabilities to try; write "server_tokens off;"`;
        context.report({ span: wordSpan(d, d.args[0]), message });
      }
    }
    for (const config of nginx.configs) {
      if (config.root.context !== 'main') continue;
      for (const http of nginx.blocks(config, 'http')) {
        if (http.kind !== 'http' || !http.directive || nginx.inTemplatedFile(http.directive)) continue;
        // A file the run could not read, anywhere in http, may hold the server_tokens off.
        if (nginx.unseenIncludeWithin(http, config)) continue;
        if (http.directives.some((d) => d.name === 'server_tokens')) continue;
        const servers = http.children.filter((c) => c.kind === 'server');
        if (servers.length > 0 && servers.every((s) => s.directives.some((d) => d.name === 'server_tokens' && d.args[0]?.value === 'off'))) continue;
        const message = 'no "server_tokens off;" in http: nginx sends its version (default "on") in the Server header and error pages; add "server_tokens off;" to the http block';
        context.report({ span: wordSpan(http.directive), message, severity: 'info' });
      }
    }
  },
};
