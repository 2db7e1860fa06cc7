// pair/buffer-size: uWSGI's request buffer is smaller than the headers nginx lets through.
// Facts (test/e2e/pairs.test.ts, run for real): with the default `buffer-size` (4096) a request
// with ~6 KB of headers (big cookies) is a 502 for `socket` and `http-socket` alike; uWSGI logs
// "invalid request block size"; `buffer-size = 32768` fixes it. nginx accepts request headers up to
// large_client_header_buffers (default 4 8k: 32 KB in all, 8 KB a line) and passes them on.
// Threshold: warn when buffer-size is below what nginx accepts in total (number x size), capped at
// 65535, the largest uwsgi packet.
import { bindingText, fileName, optionSpan, parseSize, protocolFits, targetSpan, wordSpan, type NginxDirective, type RelatedInformation, type Scope, type SocketBinding, type UwsgiConfig } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/buffer-size',
    description: "UWSGI's buffer-size (default 4096) is smaller than the request headers nginx lets through: big cookies get a 502",
    defaultSeverity: 'warning',
    tags: ['pair', '502', 'limits'],
    fixable: false,
    precision: 'medium',
  },
  check(context) {
    const { nginx, pair } = context.query;
    // The places already reported, by file and offset (a line several includes reach is one).
    const seen = new Map<string, Set<number>>();
    // What a socket's ini sets and what a block lets through, once each: thousands of targets of
    // a large config share a few inis and blocks, and the finding of one socket and one header
    // limit (its message and related places) is made once and given to each of its targets.
    const buffers = new Map<UwsgiConfig, ReturnType<typeof context.query.uwsgi.inForce>>();
    const limits = new Map<Scope, HeaderLimit | null>();
    const limitsBy = new Map<NginxDirective | null, HeaderLimit | null>();
    const findings = new Map<SocketBinding, Map<HeaderLimit, { message: string; related: RelatedInformation[] }>>();
    for (const j of pair.endpoints()) {
      if (j.verdict.kind !== 'matched') continue;
      const { target } = j.pairing;
      const bound = j.endpoint.matches.find((m) => protocolFits(target, m.binding.protocol) === true);
      if (!bound) continue;
      const path = target.directive.source.path;
      let reported = seen.get(path);
      if (reported?.has(target.directive.start)) continue;
      let buffer = buffers.get(bound.config);
      if (!buffer) buffers.set(bound.config, (buffer = context.query.uwsgi.inForce(bound.config, 'buffer-size')));
      if (!buffer.known) continue;
      const size = buffer.option ? Number.parseInt(buffer.option.value ?? '', 10) : 4096;
      if (!Number.isFinite(size)) continue;
      let accepted = limits.get(target.scope);
      if (accepted === undefined) {
        const d = nginx.effective(target.scope, 'large_client_header_buffers').at(-1) ?? null;
        accepted = limitsBy.get(d);
        if (accepted === undefined) limitsBy.set(d, (accepted = headerLimit(d)));
        limits.set(target.scope, accepted);
      }
      if (accepted === null) continue;
      const needed = Math.min(accepted.total, 65535);
      if (size >= needed) continue;
      if (!reported) seen.set(path, (reported = new Set()));
      reported.add(target.directive.start);
      let byLimit = findings.get(bound.binding);
      if (!byLimit) findings.set(bound.binding, (byLimit = new Map()));
      let finding = byLimit.get(accepted);
      if (!finding) {
        const related: RelatedInformation[] = [
          {
            span: optionSpan(buffer.option ?? bound.binding.option),
            message: buffer.option ? `uWSGI's request buffer: ${size} bytes` : `uWSGI socket with the default buffer-size of 4096 bytes: ${bindingText(bound.binding)} (${fileName(bound.binding.option.source.path)})`,
          },
        ];
        if (accepted.directive) related.push({ span: wordSpan(accepted.directive, accepted.directive.args[0]), message: `nginx accepts request headers up to ${accepted.total} bytes` });
        finding = {
          message:
            `nginx lets through up to ${accepted.total} bytes of request headers (large_client_header_buffers ${accepted.text}${accepted.directive ? '' : ', the default'}), ` +
            `but uWSGI reads at most ${size} (buffer-size${buffer.option ? '' : ' default'}): a request with big cookies or a long URL gets a 502 and uWSGI logs ` +
            `"invalid request block size: ... (max ${size})". Set \`buffer-size = 32768\` in the uWSGI config (at most 65535).`,
          related,
        };
        byLimit.set(accepted, finding);
      }
      context.report({ span: targetSpan(target), message: finding.message, related: finding.related });
    }
  },
};

/** How much of request headers nginx lets through where a target stands. */
interface HeaderLimit {
  total: number;
  text: string;
  directive: NginxDirective | null;
}

/** nginx's default: large_client_header_buffers 4 8k. */
const DEFAULT_LIMIT: HeaderLimit = { total: 4 * 8192, text: '4 8k', directive: null };

function headerLimit(d: NginxDirective | null): HeaderLimit | null {
  if (!d) return DEFAULT_LIMIT;
  const n = Number.parseInt(d.args[0]?.value ?? '', 10);
  const size = parseSize(d.args[1]?.value ?? '');
  if (!Number.isFinite(n) || size === null) return null;
  return { total: n * size, text: `${d.args[0].value} ${d.args[1].value}`, directive: d };
}
