// uwsgi/all-interfaces: a socket bound to every interface (`:3031`, `0.0.0.0:3031`, `[::]:3031`),
// also when its port is a variable (`0.0.0.0:$(PORT)`, `:${PORT}`): the host decides.
// Facts:
// - core/socket.c binds an empty host, `*` or 0.0.0.0 to INADDR_ANY;
// - on a uwsgi-protocol socket the client sends the request variables itself, and uWSGI 2.0 reads
//   `UWSGI_FILE` among them (core/protocol.c uwsgi_parse_vars): `UWSGI_FILE=/path/x.py` loads a
//   new app, `UWSGI_FILE=exec://<command>` runs the command as the app's user, with no
//   authentication (test/e2e/uwsgi-protocol-exposure.test.ts);
// - on `http-socket`/`http` the headers arrive as `HTTP_*` variables (same e2e test): reaching it
//   bypasses nginx (TLS, limits, access rules), nothing more;
// - a container's unpublished port is reached only from the container's networks, not like a host's.
import { BestFindingPerSpan, type Rule } from '../src/rule.js';
import { maskHoles, type Exposure, type SocketBinding } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/all-interfaces',
    description: 'A uWSGI socket listens on every interface: whoever reaches a uwsgi-protocol socket runs code as the app, an HTTP one bypasses nginx',
    defaultSeverity: 'warning',
    tags: ['security', 'sockets'],
    securitySeverity: 9.8,
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    // One finding per line when two launches start one ini: an error over a warning, and the
    // launch that shows where it listens over one that does not.
    const found = new BestFindingPerSpan();
    for (const config of uwsgi.configs) {
      for (const binding of uwsgi.sockets(config)) {
        if (!binding.allInterfaces || binding.host === null) continue;
        const option = binding.option;
        const where = uwsgi.exposure(config, binding.address?.type === 'tcp' ? binding.address.port : null);
        const verdict: { message: string; severity?: 'error' } = UWSGI_PROTOCOL.has(binding.protocol) ? codeExecution(binding, where) : bypass(binding, where);
        found.offer((verdict.severity === 'error' ? 2 : 0) + (where.kind !== 'unknown' ? 1 : 0), {
          span: option.valueSpan,
          message: verdict.message,
          ...(verdict.severity ? { severity: verdict.severity } : {}),
          ...(where.kind !== 'unknown' ? { related: [{ span: where.span, message: where.why }] } : {}),
        });
      }
    }
    found.reportTo(context);
  },
};

/** Protocols whose client sends uWSGI's request variables itself (UWSGI_FILE, UWSGI_SCRIPT ...). */
const UWSGI_PROTOCOL = new Set(['uwsgi', 'puwsgi', 'suwsgi']);

const written = (b: SocketBinding) => `\`${b.option.key} = ${b.option.value ?? b.option.rawValue}\``;

/** The port as written (`3031`, `$(PORT)`, `${PORT}`), for the loopback line to suggest. */
function portText(b: SocketBinding): string {
  if (b.address?.type === 'tcp' && b.address.port !== null) return String(b.address.port);
  const raw = b.option.rawValue.split(',')[0].trim();
  const colon = maskHoles(raw).lastIndexOf(':');
  return colon >= 0 && colon < raw.length - 1 ? raw.slice(colon + 1) : 'PORT';
}

const RCE =
  "the uwsgi protocol has no authentication: a client that sends `UWSGI_FILE=exec://<command>` has uWSGI run the command as the app's user " +
  '(`UWSGI_FILE=/path/x.py` loads that file as a new app)';

function codeExecution(b: SocketBinding, where: Exposure): { message: string; severity?: 'error' } {
  const loopback = `\`${b.option.key} = 127.0.0.1:${portText(b)}\``;
  switch (where.kind) {
    case 'host':
    case 'published':
      return {
        severity: 'error',
        message:
          `${written(b)} listens on every interface and ${where.why}: anyone who reaches this port runs code on the server, since ${RCE}. ` +
          (where.kind === 'published'
            ? 'Do not publish the port (nginx reaches the container by its service name on the compose network), or publish it on 127.0.0.1 only'
            : `Bind to loopback (${loopback}) or a unix socket, since nginx connects from the same host`),
      };
    case 'published-loopback':
      return { message: `${written(b)}: ${where.why}, so every local user of the host can connect, and ${RCE}. Do not publish the port if only nginx's container connects` };
    case 'container':
      return {
        message:
          `${written(b)} listens on every interface of its container (${where.why}): that is how nginx in another container connects, and it is not the exposure of a host's port. ` +
          `Still, every container on the same network can connect, and ${RCE}. Keep the port unpublished and the network to nginx and the app`,
      };
    case 'container-ports-unknown':
      return {
        message:
          `${written(b)} listens on every interface of its container (${where.why}): unpublished, only containers on its network connect; published (\`docker run -p\`), anyone who reaches the host runs code, since ${RCE}. ` +
          `Keep the port unpublished, or bind to loopback (${loopback}) when nginx runs in the same container`,
      };
    default:
      return {
        message:
          `${written(b)} listens on every interface: on a host, anyone who reaches the port runs code on the server, since ${RCE}; ` +
          'in a container whose port is not published, only the containers on its network can connect. ' +
          `On a host, bind to loopback (${loopback}) or a unix socket; in a container, keep the port unpublished. ` +
          'Lint it with the systemd unit or compose file that starts uWSGI: on a host or a published port this is an error',
      };
  }
}

function bypass(b: SocketBinding, where: Exposure): { message: string } {
  const loopback = `\`${b.option.key} = 127.0.0.1:${portText(b)}\``;
  const why = 'clients reach the app around nginx (its TLS, limits and access rules); HTTP headers arrive as `HTTP_*` variables, so this is not the code execution of a uwsgi-protocol socket';
  switch (where.kind) {
    case 'container':
      return { message: `${written(b)} listens on every interface of its container (${where.why}): only containers on its network connect, and ${why}. Keep the port unpublished` };
    case 'unknown':
      return { message: `${written(b)} listens on every network interface: whoever reaches the port (a host's, or a container's published one) talks to uWSGI directly: ${why}. Bind to loopback (${loopback}) when nginx runs on the same host; in a container, keep the port unpublished and reachable only from nginx's network` };
    default:
      return { message: `${written(b)} listens on every interface and ${where.why}: ${why}. ${where.kind === 'published' ? 'Do not publish the port, or publish it on 127.0.0.1 only' : `Bind to loopback (${loopback}) when nginx runs on the same host`}` };
  }
}
