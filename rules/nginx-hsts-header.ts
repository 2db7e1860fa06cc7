// nginx/hsts-header: an HTTPS server that sends no Strict-Transport-Security header, or one with
// a short max-age. Without HSTS (RFC 6797) a browser that reaches the site over plain http (a
// typed address, an old link) can be kept on http by an attacker on the path, who then reads
// the cookies and pages (SSL stripping, RFC 6797 §2.3.1). A max-age under about six months
// lets the browser forget between visits; a header without max-age is ignored (§6.1.1).
// A hardening finding, not an exploit of the config as written: the backend may send the header
// itself, which the run cannot see. So info.
// Facts: gixy-ng's hsts_header (missing: MEDIUM, max-age under 15768000 s: LOW). A server is
// HTTPS when one of its listens says ssl (or quic), another server's listen on the same address
// says ssl (ngx_http_add_addresses: ssl is a property of the address), or `ssl on` (before
// nginx 1.25.1). `ssl_reject_handshake on` sends no response at all. The headers in force are
// add_header's (ngx_http_headers_merge_conf: the server's own, else http's; add_header_inherit
// merge adds http's) or a headers-more `more_set_headers` at this level or one around it.
import type { Rule, RuleContext } from '../src/rule.js';
import { relatedAt, wordSpan, type NginxDirective, type NginxQuery, type NginxWord, type Scope } from '../src/query/index.js';

const HSTS = 'strict-transport-security';

export const rule: Rule = {
  meta: {
    id: 'nginx/hsts-header',
    description: 'An HTTPS server without a Strict-Transport-Security header, or with a short max-age',
    defaultSeverity: 'info',
    tags: ['security', 'gixy'],
    securitySeverity: 3.7,
    fixable: false,
    precision: 'high',
    gixy: ['hsts_header'],
    options: {
      minMaxAge: {
        type: 'number',
        default: 15768000,
        description: 'The shortest HSTS max-age (seconds) not reported; gixy-ng uses six months (15768000)',
      },
    },
  },
  check(context) {
    const nginx = context.query.nginx;
    const minMaxAge = typeof context.options.minMaxAge === 'number' ? context.options.minMaxAge : 15768000;
    // A weak value is judged where it is written, each line once.
    for (const d of nginx.lines('add_header')) {
      if (d.args[0]?.value.toLowerCase() === HSTS && d.args[1]) checkValue(context.report, d, d.args[1], minMaxAge);
    }
    for (const d of nginx.lines('more_set_headers')) {
      for (const a of d.args) {
        const m = /^\s*strict-transport-security\s*:\s*(.*)$/is.exec(a.value);
        if (m) checkValue(context.report, d, a, minMaxAge, m[1]);
      }
    }
    // A fragment that a main config of the run includes is judged there, with its http block.
    const inMainConfig = new Map<unknown, unknown>();
    for (const c of nginx.configs) if (c.root.context === 'main') for (const f of c.files) if (!inMainConfig.has(f.source)) inMainConfig.set(f.source, c);
    for (const config of nginx.configs) {
      if (!nginx.mentions(config, 'listen')) continue;
      const main = inMainConfig.get(config.root.source);
      if (config.root.context !== 'main' && main !== undefined && main !== config) continue;
      const servers = nginx.servers(config);
      const sslAddresses = new Set<string>();
      for (const s of servers) for (const l of nginx.atLevel(s, 'listen')) if (nginx.listen(l)?.ssl) sslAddresses.add(nginx.listen(l)!.text);
      for (const server of servers) {
        const https = httpsListen(nginx, server, sslAddresses);
        if (!https || !server.directive) continue;
        if (nginx.effective(server, 'ssl_reject_handshake').some((d) => d.args[0]?.value === 'on')) continue;
        if (nginx.unseenIncludeWithin(server, config)) continue;
        // `return 444` at the server level closes every connection without a response.
        if (nginx.atLevel(server, 'return').some((d) => d.args[0]?.value === '444')) continue;
        const inForce = headersInForce(nginx, server);
        if (inForce === null || inForce.lines.some(isHsts) || setWithin(nginx, server)) continue;
        const unless = inForce.outerUnseen ? ', unless the backend or the http block of the nginx.conf that includes this file (not in the run) sends it' : ', unless the backend sends it';
        const message = `this HTTPS server sends no Strict-Transport-Security header: a browser that reaches the site over plain http can be kept there by an attacker on the path, who reads its cookies and pages (SSL stripping); add 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;' here (or in http)${unless}`;
        context.report({ span: wordSpan(server.directive), message, related: [relatedAt(https, 'served over TLS')] });
      }
    }
  },
};

function isHsts(d: NginxDirective): boolean {
  if (d.name === 'add_header') return d.args[0]?.value.toLowerCase() === HSTS;
  return d.args.some((a) => /^\s*strict-transport-security\s*:/i.test(a.value));
}

/** The listen (or `ssl on`) that makes the server speak TLS, or null. */
function httpsListen(nginx: NginxQuery, server: Scope, sslAddresses: ReadonlySet<string>): NginxDirective | null {
  // Indexed loops: every server of the run passes here, in code V8 has not optimised.
  const listens = nginx.atLevel(server, 'listen');
  for (let i = 0; i < listens.length; i++) {
    const l = listens[i];
    for (let k = 0; k < l.args.length; k++) if (l.args[k].value === 'ssl' || l.args[k].value === 'quic') return l;
    const address = nginx.listen(l);
    if (address && sslAddresses.has(address.text)) return l;
  }
  return nginx.effective(server, 'ssl').find((d) => d.args[0]?.value === 'on') ?? null;
}

/**
 * The add_header and more_set_headers lines in force at the server level; `outerUnseen` when the
 * server inherits from an http level the run does not hold (the file is a fragment an nginx.conf
 * includes). null when a template fills one in.
 */
function headersInForce(nginx: NginxQuery, server: Scope): { lines: NginxDirective[]; outerUnseen: boolean } | null {
  const own = nginx.atLevel(server, 'add_header');
  const mode = nginx.effective(server, 'add_header_inherit').at(-1)?.args[0]?.value;
  // headers-more adds the outer more_set_headers to a level's own (its merge_loc_conf).
  const lines: NginxDirective[] = [...own];
  for (let s: Scope | null = server; s; s = s.parent) lines.push(...nginx.atLevel(s, 'more_set_headers'));
  let outerUnseen = false;
  if ((own.length === 0 || mode === 'merge') && mode !== 'off') {
    for (let s = server.parent; s; s = s.parent) {
      if (s.kind !== 'http') continue;
      lines.push(...nginx.atLevel(s, 'add_header'));
      // A file's top level read as http is a fragment: its real http block is elsewhere.
      outerUnseen = s.directive === null;
      break;
    }
  }
  return nginx.anyTemplated(lines) ? null : { lines, outerUnseen };
}

/** Whether a block inside the server sets the header (it then has HSTS, if not everywhere). */
function setWithin(nginx: NginxQuery, server: Scope): boolean {
  let found = false;
  nginx.forEachBlockIn(server, (s) => {
    if (!found && s !== server) found = [...nginx.atLevel(s, 'add_header'), ...nginx.atLevel(s, 'more_set_headers')].some(isHsts);
  });
  return found;
}

function checkValue(report: RuleContext['report'], d: NginxDirective, word: NginxWord, minMaxAge: number, text = word.value): void {
  if (text.includes('$')) return;
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(text);
  if (!m) {
    report({ span: wordSpan(d, word), message: `this Strict-Transport-Security value has no max-age: browsers ignore the header (RFC 6797 §6.1.1); write "max-age=31536000; includeSubDomains"` });
    return;
  }
  const maxAge = Number(m[1]);
  if (maxAge >= minMaxAge) return;
  const message =
    maxAge === 0
      ? 'max-age=0 tells browsers to forget this site\'s HSTS: later visits may start over plain http again; keep it only while turning HSTS off on purpose, else write "max-age=31536000"'
      : `HSTS max-age=${maxAge} (${Math.floor(maxAge / 86400)} days) is short: a browser that does not come back within it forgets to insist on https, and the next first visit can be stripped; write max-age=31536000 (a year) or at least ${minMaxAge}`;
  report({ span: wordSpan(d, word), message });
}
