// pair/loopback-unreachable: uWSGI listens on loopback only and nginx connects to it by a name
// that is not loopback (`socket = 127.0.0.1:3031`, `uwsgi_pass app:3031;`).
// Facts:
// - a socket bound to 127.0.0.1 accepts only connections addressed to 127.0.0.1 (core/socket.c
//   binds the host as written; test/e2e/uwsgi-protocol-exposure.test.ts: even 127.0.0.2 is
//   refused); from another container or host: 502, connect() failed (111: Connection refused);
// - a compose service name (or `container_name`, a network alias) resolves through Docker's
//   embedded DNS to the container's address on the compose network, never to loopback;
// - any other name may be an /etc/hosts alias of 127.0.0.1 where nginx runs: not knowable here.
// The pairing by port (src/pair/address.ts, accepts) treats names it cannot resolve as a possible match; this rule
// says when that match cannot connect.
import { bindingText, isLoopback, optionSpan, passText, targetSpan, wordSpan, type BoundSocket, type Endpoint, type RelatedInformation, type UwsgiConfig } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/loopback-unreachable',
    description: 'uWSGI listens on loopback only while nginx connects by a name of another container or host: connection refused, 502',
    defaultSeverity: 'error',
    tags: ['pair', '502', 'sockets'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const { pair } = context.query;
    const p = pair.pairing();
    for (const tp of p.targets) {
      for (const endpoint of tp.endpoints) {
        const address = endpoint.address;
        if (address.type !== 'tcp' || isLoopback(address.host) || IP.test(address.host)) continue;
        const unreachable = loopbackOnly(endpoint, address.host, p.bindings);
        if (!unreachable) continue;
        const { config, binding } = unreachable;
        const port = address.port ?? '?';
        const named = pair.composeService(address.host);
        const startedElsewhere = named !== null && config.launch !== undefined && !(config.launch.kind === 'compose' && config.launch.name === named.service.name);
        const certain = named !== null && named.service.networkMode !== 'host' && !startedElsewhere;
        const nginxSide = endpoint.server ? wordSpan(endpoint.server.directive, endpoint.server.directive.args[0]) : targetSpan(tp.target);
        const related: RelatedInformation[] = [{ span: optionSpan(binding.option), message: `uWSGI listens on loopback only: ${bindingText(binding)}` }];
        if (endpoint.server) related.push({ span: targetSpan(tp.target), message: `nginx connects through this upstream: ${passText(tp.target)}` });
        if (named) related.push({ span: named.service.nameSpan, message: `compose service ${named.service.name}` });
        const loopbackPass = `\`${tp.target.directive.name} 127.0.0.1:${port};\``;
        const everyInterface = `\`${binding.option.key} = 0.0.0.0:${binding.address?.type === 'tcp' && binding.address.port !== null ? binding.address.port : port}\``;
        if (certain) {
          context.report({
            span: nginxSide,
            message:
              `nginx connects to ${address.host}:${port}, a compose service that Docker's DNS resolves to its container's network address, but \`${bindingText(binding)}\` listens on loopback only: ` +
              `the connection is refused and every request is a 502 (connect() failed (111: Connection refused)). ` +
              `Bind uWSGI to its container's interfaces (${everyInterface}) and keep that port unpublished, or run nginx in the same container and write ${loopbackPass}.`,
            related,
          });
        } else {
          context.report({
            span: nginxSide,
            severity: 'warning',
            message:
              `nginx connects to ${address.host}:${port}, but \`${bindingText(binding)}\` listens on loopback only: unless ${address.host} resolves to 127.0.0.1 where nginx runs (an /etc/hosts alias), ` +
              `nginx on another host or in another container gets connection refused and every request is a 502. ` +
              `If nginx runs on the same host, write ${loopbackPass}; if it runs elsewhere, bind ${everyInterface} (in a container, keep the port unpublished). ` +
              `Lint the compose file with these configs and a compose service name makes this certain.`,
            related,
          });
        }
      }
    }
  },
};

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+)$/i;

/**
 * The loopback binding nginx reaches by a non-loopback name: every binding the endpoint matched
 * by port is on loopback, or (its port being a variable) the binding's config is started by the
 * compose service of that name.
 */
function loopbackOnly(endpoint: Endpoint, host: string, all: readonly BoundSocket[]): BoundSocket | null {
  const onLoopback = (b: BoundSocket) => b.binding.host !== null && isLoopback(b.binding.host);
  if (endpoint.matches.length > 0) return endpoint.matches.every(onLoopback) ? endpoint.matches[0] : null;
  const startedAs = (config: UwsgiConfig) => config.launch?.kind === 'compose' && config.launch.name.toLowerCase() === host.toLowerCase();
  const candidates = all.filter((b) => b.binding.address === null && onLoopback(b) && startedAs(b.config));
  if (candidates.length === 0) return null;
  // Only when nothing else of that config listens where nginx could reach it.
  const config = candidates[0].config;
  const others = all.filter((b) => b.config === config && b.binding.protocol !== 'shared' && !onLoopback(b));
  return others.length === 0 ? candidates[0] : null;
}
