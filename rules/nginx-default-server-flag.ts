// nginx/default-server-flag: two or more servers share one listen socket and none of them says
// `default_server`. nginx then makes the first of them (in the order it reads the files) the
// default: it answers every request whose Host no server_name matches (scanners, the bare IP,
// forged names). Which one that is follows from include order, not from a choice written down,
// and changes when a file is renamed or added. Facts: ngx_http_add_addrs / ngx_http_add_server
// (nginx 1.22.1): `default_server` or else the first server of an address is `default_server`.
// Sockets are compared as nginx binds them: a bare port or `*` is 0.0.0.0, a missing port is 80,
// `[::0]` is `[::]`, a server with no listen is on 0.0.0.0:80, and a `quic`/`udp` listen is a
// datagram socket of its own. IPv4 and IPv6 sockets are distinct. Two default servers on one
// socket is nginx/duplicate-directive's (nginx -t refuses it). Mail servers have no
// default_server flag (nginx refuses it there), so they are not judged. Only a whole nginx.conf
// is judged: a sites-enabled fragment cannot see the other sites (Debian's `default` site is
// the `listen 80 default_server` of most boxes). Info: the outcome is defined, only implicit.
import { wordSpan, type NginxDirective, type NginxQuery, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

interface Claim {
  server: Scope;
  /** The listen that puts the server on the socket; null for a server with no listen (0.0.0.0:80). */
  listen: NginxDirective | null;
  isDefault: boolean;
}

/** The socket a listen binds, as a key (`0.0.0.0:443 datagram`), or null when it cannot be told. */
function socketOf(nginx: NginxQuery, listen: NginxDirective): string | null | 'unix' {
  if (listen.args[0]?.value.startsWith('unix:')) return 'unix';
  const address = nginx.listen(listen);
  if (!address) return null;
  const datagram = hasFlag(listen, 'quic') ? 'quic' : hasFlag(listen, 'udp') ? 'udp' : null;
  return datagram ? `${address.text} (${datagram})` : address.text;
}

/** Whether a listen's parameters (after its address) hold `flag`. */
function hasFlag(listen: NginxDirective, flag: string): boolean {
  for (let i = 1; i < listen.args.length; i++) if (listen.args[i].value === flag) return true;
  return false;
}

/** The servers of one module by socket, or null when a listen cannot be read (templated, a host name). */
function claimsBySocket(nginx: NginxQuery, servers: readonly Scope[], implicitListen: boolean): Map<string, Claim[]> | null {
  const sockets = new Map<string, Claim[]>();
  // Indexed loops: thousands of servers, in code V8 has not optimised (a for-of makes an object per step).
  for (let s = 0; s < servers.length; s++) {
    const server = servers[s];
    const listens = nginx.atLevel(server, 'listen');
    if (listens.length === 0) {
      if (!implicitListen) continue;
      const claims = sockets.get('0.0.0.0:80') ?? [];
      claims.push({ server, listen: null, isDefault: false });
      sockets.set('0.0.0.0:80', claims);
      continue;
    }
    for (let l = 0; l < listens.length; l++) {
      const listen = listens[l];
      if (nginx.templated(listen)) return null;
      const socket = socketOf(nginx, listen);
      if (socket === 'unix') continue;
      if (socket === null) return null;
      let claims = sockets.get(socket);
      if (!claims) sockets.set(socket, (claims = []));
      claims.push({ server, listen, isDefault: hasFlag(listen, 'default_server') || hasFlag(listen, 'default') });
    }
  }
  return sockets;
}

function serverName(server: Scope): string | null {
  return server.directives.find((d) => d.name === 'server_name')?.args[0]?.value ?? null;
}

export const rule: Rule = {
  meta: {
    id: 'nginx/default-server-flag',
    description: 'Servers share a listen socket and none says default_server: the first one read answers every unknown Host',
    defaultSeverity: 'info',
    tags: ['servers'],
    fixable: false,
    precision: 'high',
    gixy: ['default_server_flag'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const config of nginx.configs) {
      if (config.root.context !== 'main') continue;
      const modules: [readonly Scope[], boolean, string][] = [];
      // http: the servers whose listens can be judged; skip the module if any server cannot be.
      const all = nginx.blocks(config, 'server').filter((s) => s.context === 'server');
      const judged = nginx.servers(config);
      if (all.length >= 2 && judged.length === all.length) modules.push([judged, true, 'http']);
      const stream = nginx.blocks(config, 'server').filter((s) => s.context === 'stream-server');
      if (stream.length >= 2 && stream.every((s) => s.directive && !nginx.inTemplatedFile(s.directive) && !nginx.unseenInclude(s, config))) modules.push([stream, false, 'stream']);
      for (const [servers, implicitListen, module] of modules) {
        const sockets = claimsBySocket(nginx, servers, implicitListen);
        if (!sockets) continue;
        for (const [socket, claims] of sockets) {
          if (new Set(claims.map((c) => c.server)).size < 2 || claims.some((c) => c.isDefault)) continue;
          const first = claims[0];
          const others = new Set(claims.map((c) => c.server)).size - 1;
          const name = serverName(first.server);
          const who = name ? `its first server (server_name ${name})` : 'its first server';
          const where = first.listen ? `"listen ${first.listen.args[0].value} default_server;"` : `"listen 80 default_server;"`;
          const stream = module === 'stream' ? ' (nginx before 1.25.5 has no stream virtual servers and refuses two stream servers on one socket: "duplicate ... address and port pair")' : '';
          const message = `${socket} is shared by this server and ${others} other${others === 1 ? '' : 's'}, and none says default_server: nginx makes ${who} the default, which answers every request whose Host no server_name matches, chosen by the order the files are read${stream}; mark the intended one ${where}, best a catch-all "server_name _; return 444;"`;
          const span = first.listen ? wordSpan(first.listen, first.listen.args[0]) : wordSpan(first.server.directive!);
          context.report({ span, message });
        }
      }
    }
  },
};
