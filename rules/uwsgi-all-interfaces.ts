// uwsgi/all-interfaces: a socket bound to every interface (`:3031`, `0.0.0.0:3031`, `[::]:3031`).
// Facts: core/socket.c binds an empty host or 0.0.0.0 to INADDR_ANY; `http = :8000` starts the
// HTTP router on every interface (FACTS.md: works, but the app is reachable around nginx).
import type { Rule } from '../src/rule.js';
import { unexpanded } from '../src/uwsgi/options.js';
import { socketBindings } from '../src/uwsgi/sockets.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/all-interfaces',
    description: 'A uWSGI socket listens on every interface: the app is reachable without going through nginx',
    defaultSeverity: 'warning',
    tags: ['security', 'sockets'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    for (const config of context.project.uwsgi) {
      for (const binding of socketBindings(config)) {
        if (unexpanded(binding.option.partialValue) || !binding.allInterfaces || binding.address?.type !== 'tcp' || binding.option.templated) continue;
        const option = binding.option;
        const port = binding.address.port ?? 'PORT';
        context.report({
          span: option.valueSpan,
          message: `\`${option.key} = ${option.value}\` listens on every network interface: anyone who can reach this host talks to uWSGI directly, around nginx (its TLS, limits and access rules). Bind to loopback (\`${option.key} = 127.0.0.1:${port}\`) when nginx runs on the same host; in a container, keep the port unpublished and reachable only from nginx's network`,
        });
      }
    }
  },
};
