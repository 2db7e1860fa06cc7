// pair/buffer-size: uWSGI's request buffer is smaller than the headers nginx lets through.
// Facts (test/e2e/pairs.test.ts, run for real): with the default `buffer-size` (4096) a request
// with ~6 KB of headers (big cookies) is a 502 for `socket` and `http-socket` alike; uWSGI logs
// "invalid request block size"; `buffer-size = 32768` fixes it. nginx accepts request headers up to
// large_client_header_buffers (default 4 8k: 32 KB in all, 8 KB a line) and passes them on.
// Threshold: warn when buffer-size is below what nginx accepts in total (number x size), capped at
// 65535, the largest uwsgi packet.
import { bindingText, fileName, optionSpan, parseSize, protocolFits, targetSpan, wordSpan, type NginxDirective, type NginxQuery, type RelatedInformation, type Scope, type UwsgiConfig } from '../src/query/index.js';
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
    const seen = new Set<string>();
    // What a socket's ini sets and what a block lets through, once each: thousands of targets of
    // a large config share a few inis and blocks.
    const buffers = new Map<UwsgiConfig, ReturnType<typeof context.query.uwsgi.inForce>>();
    const limits = new Map<Scope, ReturnType<typeof headerLimit>>();
    const textsOf = new Map<string, { message: string; buffer: string; headers: string }>();
    for (const j of pair.endpoints()) {
      if (j.verdict.kind !== 'matched') continue;
      const { target } = j.pairing;
      const bound = j.endpoint.matches.find((m) => protocolFits(target, m.binding.protocol) === true);
      if (!bound) continue;
      const key = `${target.directive.source.path}:${target.directive.start}`;
      if (seen.has(key)) continue;
      let buffer = buffers.get(bound.config);
      if (!buffer) buffers.set(bound.config, (buffer = context.query.uwsgi.inForce(bound.config, 'buffer-size')));
      if (!buffer.known) continue;
      const size = buffer.option ? Number.parseInt(buffer.option.value ?? '', 10) : 4096;
      if (!Number.isFinite(size)) continue;
      let accepted = limits.get(target.scope);
      if (accepted === undefined) limits.set(target.scope, (accepted = headerLimit(nginx, target.scope)));
      if (accepted === null) continue;
      const needed = Math.min(accepted.total, 65535);
      if (size >= needed) continue;
      seen.add(key);
      // The same finding for every target of a socket and a header limit: its texts made once.
      const textKey = `${size}\0${buffer.option ? '' : bindingText(bound.binding)}\0${bound.binding.option.source.path}\0${accepted.text}\0${accepted.directive ? 'set' : 'default'}`;
      let texts = textsOf.get(textKey);
      if (!texts) {
        texts = {
          message:
            `nginx lets through up to ${accepted.total} bytes of request headers (large_client_header_buffers ${accepted.text}${accepted.directive ? '' : ', the default'}), ` +
            `but uWSGI reads at most ${size} (buffer-size${buffer.option ? '' : ' default'}): a request with big cookies or a long URL gets a 502 and uWSGI logs ` +
            `"invalid request block size: ... (max ${size})". Set \`buffer-size = 32768\` in the uWSGI config (at most 65535).`,
          buffer: buffer.option ? `uWSGI's request buffer: ${size} bytes` : `uWSGI socket with the default buffer-size of 4096 bytes: ${bindingText(bound.binding)} (${fileName(bound.binding.option.source.path)})`,
          headers: `nginx accepts request headers up to ${accepted.total} bytes`,
        };
        textsOf.set(textKey, texts);
      }
      const related: RelatedInformation[] = [{ span: optionSpan(buffer.option ?? bound.binding.option), message: texts.buffer }];
      if (accepted.directive) related.push({ span: wordSpan(accepted.directive, accepted.directive.args[0]), message: texts.headers });
      context.report({
        span: targetSpan(target),
        message: texts.message,
        related,
      });
    }
  },
};

function headerLimit(nginx: NginxQuery, scope: Scope): { total: number; text: string; directive: NginxDirective | null } | null {
  const d = nginx.effective(scope, 'large_client_header_buffers').at(-1) ?? null;
  if (!d) return { total: 4 * 8192, text: '4 8k', directive: null };
  const n = Number.parseInt(d.args[0]?.value ?? '', 10);
  const size = parseSize(d.args[1]?.value ?? '');
  if (!Number.isFinite(n) || size === null) return null;
  return { total: n * size, text: `${d.args[0].value} ${d.args[1].value}`, directive: d };
}
