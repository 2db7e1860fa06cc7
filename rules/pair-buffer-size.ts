// pair/buffer-size: uWSGI's request buffer is smaller than the headers nginx lets through.
// Facts (FACTS.md, observed): with the default `buffer-size` (4096) a request with ~6 KB of headers
// (big cookies) is a 502 for `socket` and `http-socket` alike; uWSGI logs "invalid request block
// size"; `buffer-size = 32768` fixes it. nginx accepts request headers up to
// large_client_header_buffers (default 4 8k: 32 KB in all, 8 KB a line) and passes them on.
// Threshold: warn when buffer-size is below what nginx accepts in total (number x size), capped at
// 65535, the largest uwsgi packet.
import { posix } from 'node:path';
import { effective, type Scope } from '../src/nginx/model.js';
import { parseSize } from '../src/nginx/time.js';
import { bindingText, judgeEndpoints, optionSpan, protocolFits, settled, targetSpan, wordSpan } from '../src/pair/common.js';
import type { RelatedInformation } from '../src/diagnostic.js';
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
    const seen = new Set<string>();
    for (const j of judgeEndpoints(context.project)) {
      if (j.verdict.kind !== 'matched') continue;
      const { target } = j.pairing;
      const bound = j.endpoint.matches.find((m) => protocolFits(target, m.binding.protocol) === true);
      if (!bound) continue;
      const key = `${target.directive.source.path}:${target.directive.start}`;
      if (seen.has(key)) continue;
      const buffer = settled(bound.config, 'buffer-size');
      if (!buffer.known) continue;
      const size = buffer.option ? Number.parseInt(buffer.option.value ?? '', 10) : 4096;
      if (!Number.isFinite(size)) continue;
      const nginx = headerLimit(target.scope);
      if (nginx === null) continue;
      const needed = Math.min(nginx.total, 65535);
      if (size >= needed) continue;
      seen.add(key);
      const related: RelatedInformation[] = [
        buffer.option
          ? { span: optionSpan(buffer.option), message: `uWSGI's request buffer: ${size} bytes` }
          : { span: optionSpan(bound.binding.option), message: `uWSGI socket with the default buffer-size of 4096 bytes: ${bindingText(bound.binding)} (${posix.basename(bound.binding.option.source.path)})` },
      ];
      if (nginx.directive) related.push({ span: wordSpan(nginx.directive, nginx.directive.args[0]), message: `nginx accepts request headers up to ${nginx.total} bytes` });
      context.report({
        span: targetSpan(target),
        message:
          `nginx lets through up to ${nginx.total} bytes of request headers (large_client_header_buffers ${nginx.text}${nginx.directive ? '' : ', the default'}), ` +
          `but uWSGI reads at most ${size} (buffer-size${buffer.option ? '' : ' default'}): a request with big cookies or a long URL gets a 502 and uWSGI logs ` +
          `"invalid request block size: ... (max ${size})". Set \`buffer-size = 32768\` in the uWSGI config (at most 65535).`,
        related,
      });
    }
  },
};

function headerLimit(scope: Scope): { total: number; text: string; directive: (typeof scope.directives)[number] | null } | null {
  const d = effective(scope, 'large_client_header_buffers').at(-1) ?? null;
  if (!d) return { total: 4 * 8192, text: '4 8k', directive: null };
  const n = Number.parseInt(d.args[0]?.value ?? '', 10);
  const size = parseSize(d.args[1]?.value ?? '');
  if (!Number.isFinite(n) || size === null) return null;
  return { total: n * size, text: `${d.args[0].value} ${d.args[1].value}`, directive: d };
}
