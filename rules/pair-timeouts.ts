// pair/timeouts: nginx stops waiting for uWSGI before uWSGI's harakiri would end the request.
// Facts (test/e2e/pairs.test.ts, run for real): `harakiri` shorter than a slow request: 502 (uWSGI kills the worker);
// `uwsgi_read_timeout` (default 60s) shorter than a slow request: 504.
// The order that matters: with uwsgi_read_timeout < harakiri, nginx answers 504 and closes, while
// the worker keeps running the request nobody waits for until harakiri (or forever): the worker is
// lost to other requests and harakiri never gets to log the slow request. The reverse (harakiri
// shorter than the nginx timeout) is the recommended order: uWSGI ends the request, nginx reports
// it as 502. So only nginx-shorter-than-harakiri is reported.
import { fileName, formatDuration, optionSpan, parseDuration, protocolFits, targetSpan, wordSpan, type PassTarget, type RelatedInformation } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/timeouts',
    description: "Nginx's read timeout (uwsgi_read_timeout, default 60s) is shorter than uWSGI's harakiri: nginx answers 504 while the worker keeps running",
    defaultSeverity: 'warning',
    tags: ['pair', '504', 'timeouts'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const { nginx, pair } = context.query;
    const seen = new Set<PassTarget>();
    for (const j of pair.endpoints()) {
      if (j.verdict.kind !== 'matched' || seen.has(j.pairing.target)) continue;
      const { target } = j.pairing;
      const bound = j.endpoint.matches.find((m) => protocolFits(target, m.binding.protocol) === true);
      if (!bound) continue;
      const harakiri = context.query.uwsgi.inForce(bound.config, 'harakiri');
      if (!harakiri.option || !harakiri.known) continue;
      const seconds = Number.parseInt(harakiri.option.value ?? '', 10);
      if (!(seconds > 0)) continue;
      const name = `${target.module}_read_timeout`;
      const d = nginx.effective(target.scope, name).at(-1) ?? null;
      const ms = d ? parseDuration(d.args[0]?.value ?? '') : 60_000;
      if (ms === null || ms >= seconds * 1000) continue;
      seen.add(target);
      const related: RelatedInformation[] = [{ span: optionSpan(harakiri.option), message: `uWSGI ends a request after ${seconds}s (${fileName(harakiri.option.source.path)})` }];
      if (d) related.push({ span: wordSpan(d, d.args[0]), message: `nginx waits ${formatDuration(ms)}` });
      context.report({
        span: targetSpan(target),
        message:
          `nginx waits ${formatDuration(ms)} for an answer (${name}${d ? '' : ' default'}), uWSGI lets a request run ${seconds}s (harakiri): a slow request gets a 504 from nginx ` +
          `while the worker keeps running it for nobody until harakiri, busy for other requests. Set \`${name} ${seconds + 5}s;\` (a little above harakiri), or lower harakiri below ${formatDuration(ms)}.`,
        related,
      });
    }
  },
};
