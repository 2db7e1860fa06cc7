// nginx/conflicting-server-name: two servers claim the same name on the same address; nginx
// warns `conflicting server name "x" on 0.0.0.0:80, ignored` and sends every request for that
// name to the first server: the second one's config for it is dead.
// Facts: ngx_http_server_names (nginx 1.22.1) hashes the plain and wildcard names of all servers
// on one address; a second equal key is ignored with that warning. Regex names (`~`) are not
// compared. A server with no listen is on 0.0.0.0:80. Names compare case-insensitively.
import type { Rule } from '../src/rule.js';
import { span, type NginxDirective } from '../src/query/index.js';

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
    const nginx = context.query.nginx;
    for (const config of nginx.configs) {
      // nginx compares names after reading everything: a syntax error anywhere stops it first.
      if (!nginx.httpBlockComplete(config)) continue;
      const servers = nginx.blocks(config, 'server').filter((s) => nginx.contextOf(s) === 'server');
      // address -> name (lowercased) -> the server_name line that claimed it first
      const claimed = new Map<string, Map<string, NginxDirective>>();
      for (let s = 0; s < servers.length; s++) {
        // One pass over the server's own lines for its listens and names: a large config has
        // thousands of servers, so no per-server lists and no object per claimed name.
        const lines = servers[s].directives;
        let names: NginxDirective[] | null = null;
        let firstAddress: string | null = null;
        let moreAddresses: string[] | null = null;
        let judged = true;
        for (let i = 0; i < lines.length && judged; i++) {
          const d = lines[i];
          if (d.name === 'server_name') {
            if (nginx.templated(d)) judged = false;
            else if (names === null) names = [d];
            else names.push(d);
          } else if (d.name === 'listen') {
            const text = nginx.templated(d) ? null : (nginx.listen(d)?.text ?? null);
            if (text === null) judged = false;
            else if (firstAddress === null) firstAddress = text;
            else if (text !== firstAddress && !(moreAddresses ??= []).includes(text)) moreAddresses.push(text);
          }
        }
        if (!judged || names === null) continue;
        // A server with no listen is on 0.0.0.0:80.
        claim(firstAddress ?? '0.0.0.0:80', names);
        if (moreAddresses !== null) for (let a = 0; a < moreAddresses.length; a++) claim(moreAddresses[a], names);
      }

      function claim(address: string, names: readonly NginxDirective[]) {
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
              byName.set(key, d);
              continue;
            }
            if (earlier === d) continue;
            const message = `conflicting server name "${word.value}" on ${address}, ignored: an earlier server already has this name on this address, so requests for it never reach this server`;
            const earlierWord = earlier.args.find((x) => x.value.toLowerCase() === key) ?? earlier.nameWord;
            context.report({
              span: span(d.source, word.start, word.end),
              message,
              related: [{ span: span(earlier.source, earlierWord.start, earlierWord.end), message: 'claimed first here' }],
            });
          }
        }
      }
    }
  },
};
