// nginx/conflicting-server-name: two servers claim the same name on the same address; nginx
// warns `conflicting server name "x" on 0.0.0.0:80, ignored` and sends every request for that
// name to the first server: the second one's config for it is dead.
// Facts: ngx_http_server_names (nginx 1.22.1) hashes the plain and wildcard names of all servers
// on one address; a second equal key is ignored with that warning. Regex names (`~`) are not
// compared. A server with no listen is on 0.0.0.0:80. Names compare case-insensitively.
import { span } from '../src/diagnostic.js';
import type { NginxDirective, NginxWord } from '../src/nginx/ast.js';
import { anyTemplated, contextOf, listenAddress, httpBlockComplete, onceEach } from '../src/nginx/directives.js';
import { blocksNamed, directivesNamed, nginxModel } from '../src/nginx/model.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/conflicting-server-name',
    description: 'Two servers with the same server_name on one address: nginx ignores the second for that name',
    defaultSeverity: 'warning',
    tags: ['nginx -t', 'servers'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const first = onceEach();
    for (const config of context.project.nginx) {
      // nginx compares names after reading everything: a syntax error anywhere stops it first.
      if (!httpBlockComplete(config)) continue;
      const servers = blocksNamed(nginxModel(config).root, 'server').filter((s) => contextOf(s) === 'server');
      // address -> name -> the server_name word that claimed it first
      const claimed = new Map<string, Map<string, { word: NginxWord; directive: NginxDirective }>>();
      for (let s = 0; s < servers.length; s++) {
        const server = servers[s];
        const listens = directivesNamed(server, 'listen');
        const names = directivesNamed(server, 'server_name');
        if (anyTemplated(listens) || anyTemplated(names)) continue;
        const addresses: string[] = [];
        if (listens.length === 0) addresses.push('0.0.0.0:80');
        let unknownAddress = false;
        for (let i = 0; i < listens.length && !unknownAddress; i++) {
          const text = listenAddress(listens[i])?.text ?? null;
          if (text === null) unknownAddress = true;
          else if (!addresses.includes(text)) addresses.push(text);
        }
        if (unknownAddress) continue;
        for (let a = 0; a < addresses.length; a++) {
          const address = addresses[a];
          let byName = claimed.get(address);
          if (!byName) {
            byName = new Map();
            claimed.set(address, byName);
          }
          for (let n = 0; n < names.length; n++) {
            const d = names[n];
            for (let w = 0; w < d.args.length; w++) {
              const word = d.args[w];
              if (word.value.startsWith('~') || word.value.includes('$')) continue;
              const key = word.value.toLowerCase();
              const earlier = byName.get(key);
              if (!earlier) {
                byName.set(key, { word, directive: d });
                continue;
              }
              if (earlier.directive === d) continue;
              const message = `conflicting server name "${word.value}" on ${address}, ignored: an earlier server already has this name on this address, so requests for it never reach this server`;
              if (!first(d, word.start, message)) continue;
              context.report({
                span: span(d.source, word.start, word.end),
                message,
                related: [{ span: span(earlier.directive.source, earlier.word.start, earlier.word.end), message: 'claimed first here' }],
              });
            }
          }
        }
      }
    }
  },
};
