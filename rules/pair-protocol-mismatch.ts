// pair/protocol-mismatch: nginx reaches a uWSGI socket but speaks another protocol on it.
// Facts (test/e2e/pairs.test.ts and test/e2e/rules.test.ts, run for real; the table of fitting
// pairs is src/pair/protocol.ts):
// - `socket` (uwsgi protocol) behind proxy_pass: 502, uWSGI logs `invalid request block size`;
// - `http =` (the HTTP router) behind uwsgi_pass: a hang until uwsgi_read_timeout (60s), then 504;
// - `http-socket` behind uwsgi_pass: 502 after about 4 s;
// - fastcgi-socket only behind fastcgi_pass, scgi-socket only behind scgi_pass;
// - https-socket / https only behind proxy_pass https://, suwsgi only behind uwsgi_pass suwsgi://.
import {
  bindingText,
  fileName,
  fittingPass,
  fittingSocket,
  formatDuration,
  optionSpan,
  parseDuration,
  passText,
  protocolFits,
  spokenProtocol,
  targetSpan,
  uwsgiValue,
  wordSpan,
  type NginxQuery,
  type PassTarget,
  type SocketBinding,
} from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/protocol-mismatch',
    description: 'nginx reaches the uWSGI socket but speaks another protocol than the socket (uwsgi vs HTTP, FastCGI, TLS): 502 or 504',
    defaultSeverity: 'error',
    tags: ['pair', '502', '504'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const seen = new Set<string>();
    for (const j of context.query.pair.endpoints()) {
      if (j.verdict.kind !== 'matched') continue;
      const { target } = j.pairing;
      const matches = j.endpoint.matches.map((m) => m.binding).filter((b) => !b.missingPlugin);
      if (matches.length === 0 || matches.some((b) => protocolFits(target, b.protocol) !== false)) continue;
      const b = matches[0];
      const server = j.endpoint.server;
      const span = server ? wordSpan(server.directive, server.directive.args[0]) : targetSpan(target);
      const key = `${span.source.path}:${span.start}:${target.directive.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const related = [{ span: optionSpan(b.option), message: `uWSGI listens here with ${protocolName(b)}: ${bindingText(b)} (${fileName(b.option.source.path)})` }];
      if (server) related.unshift({ span: targetSpan(target), message: `nginx speaks ${spokenProtocol(target)} here: ${passText(target)}` });
      context.report({ span, message: message(context.query.nginx, target, b), related });
    }
  },
};

function protocolName(b: SocketBinding): string {
  switch (b.protocol) {
    case 'uwsgi':
    case 'puwsgi':
      return 'the uwsgi protocol';
    case 'suwsgi':
      return 'uwsgi over TLS';
    case 'http':
      return 'HTTP';
    case 'https':
      return 'HTTPS';
    case 'http-router':
      return 'HTTP (the HTTP router process)';
    case 'https-router':
      return 'HTTPS (the HTTPS router process)';
    case 'fastcgi':
      return 'FastCGI';
    case 'scgi':
      return 'SCGI';
    default:
      return b.protocol;
  }
}

function consequence(nginx: NginxQuery, target: PassTarget, b: SocketBinding): string {
  const p = b.protocol;
  if (target.module === 'proxy' && (p === 'uwsgi' || p === 'puwsgi')) {
    return 'every request is a 502 Bad Gateway; uWSGI reads the HTTP request line as a uwsgi packet header and logs "invalid request block size: ... (max 4096)...skip"';
  }
  if (target.module === 'uwsgi' && p === 'http-router') {
    const timeout = nginx.effective(target.scope, 'uwsgi_read_timeout').at(-1)?.args[0]?.value;
    const ms = timeout ? parseDuration(timeout) : 60_000;
    return `every request hangs until uwsgi_read_timeout (${ms === null ? timeout : formatDuration(ms)}${timeout ? '' : ', the default'}) runs out, then nginx answers 504 Gateway Time-out: a slow timeout, not a fast 502`;
  }
  if (target.module === 'uwsgi' && (p === 'http' || p === 'https')) {
    return 'every request is a 502 Bad Gateway after about 4 seconds: uWSGI\'s HTTP parser waits for a request line that never comes';
  }
  if (target.module === 'proxy' && target.scheme === 'https' && (p === 'http' || p === 'http-router')) {
    return 'nginx starts a TLS handshake with a plain HTTP socket: every request is a 502 (SSL_do_handshake() failed)';
  }
  if (target.module === 'proxy' && target.scheme !== 'https' && (p === 'https' || p === 'https-router')) {
    return 'nginx sends plain HTTP to a TLS socket: every request is a 502 (upstream prematurely closed connection)';
  }
  if (target.module === 'uwsgi' && (p === 'uwsgi' || p === 'puwsgi' || p === 'suwsgi')) {
    return target.scheme === 'suwsgi' ? 'nginx starts TLS on a plain uwsgi socket: every request is a 502' : 'nginx sends a plain uwsgi packet to a TLS socket: every request is a 502';
  }
  return 'uWSGI cannot parse what nginx sends: every request is a 502 Bad Gateway';
}

function message(nginx: NginxQuery, target: PassTarget, b: SocketBinding): string {
  const pass = fittingPass(b);
  const socketValue = b.option.value?.split(',')[0] ?? uwsgiValue(b.address!);
  return (
    `\`${passText(target)}\` speaks ${spokenProtocol(target)}, but uWSGI listens there with ${protocolName(b)} (\`${bindingText(b)}\`): ${consequence(nginx, target, b)}. ` +
    `Write \`${pass ?? '...'}\`${pass?.startsWith('uwsgi_pass') ? ' (with `include uwsgi_params;`)' : ''} in nginx, or make uWSGI speak ${spokenProtocol(target)}: \`${fittingSocket(target, socketValue)}\`.`
  );
}
