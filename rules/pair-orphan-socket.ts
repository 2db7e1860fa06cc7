// pair/orphan-socket: a uWSGI socket that no nginx config of the run connects to.
// Only when the run holds nginx configs (otherwise nothing can be said), and only for sockets whose
// address is known. The socket the `http =` router forwards to (socket #0 without `http-to`) is
// used by the router; a socket a pass target nearly names is reported by pair/socket-mismatch.
// Any pass target computed at request time might reach it: then nothing is reported.
import { bindingText, fittingPass, optionSpan, type SocketBinding } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/orphan-socket',
    description: 'A uWSGI socket that no nginx config of the run connects to: a leftover, or a listener that bypasses nginx',
    defaultSeverity: 'info',
    tags: ['pair'],
    fixable: false,
    precision: 'medium',
  },
  check(context) {
    const { nginx, pair } = context.query;
    if (nginx.configs.length === 0) return;
    const p = pair.pairing();
    if (p.targets.some((t) => t.target.unknown !== null || t.unknownServers.length > 0)) return;
    const suggested = new Set<SocketBinding>();
    for (const j of pair.endpoints()) if (j.verdict.kind === 'miss' && j.verdict.nearest) suggested.add(j.verdict.nearest.binding);
    for (const { config, binding } of p.bindings) {
      if (p.used.has(binding) || suggested.has(binding) || !binding.address || binding.protocol === 'shared' || binding.unixScheme) continue;
      if (usedByRouter(config.options, binding, p.bindings.filter((b) => b.config === config).map((b) => b.binding))) continue;
      const line = fittingPass(binding);
      context.report({
        span: optionSpan(binding.option),
        message:
          `No nginx config in this run connects to \`${bindingText(binding)}\`: nothing reaches the app through it${binding.allInterfaces ? ', except clients that connect to it directly, bypassing nginx' : ''}. ` +
          `Remove it if it is a leftover${line ? `, or point nginx at it: \`${line}\`` : ''}.`,
      });
    }
  },
};

/** `http =` without `http-to` forwards to the first socket of the config. */
function usedByRouter(options: { key: string }[], binding: SocketBinding, bindings: SocketBinding[]): boolean {
  if (!bindings.some((b) => b.protocol === 'http-router' || b.protocol === 'https-router')) return false;
  if (options.some((o) => o.key === 'http-to')) return false;
  const first = bindings.find((b) => b.protocol !== 'http-router' && b.protocol !== 'https-router');
  return first === binding;
}
