// nginx/worker-rlimit-nofile-vs-connections: the open-file limit of a worker below twice its
// `worker_connections`. Every connection is a descriptor (worker_connections counts the
// connections to proxied servers too), and a connection sending a file or buffering a response to a
// temp file holds a second one: at full load a worker needs about twice as many. A worker at its
// limit fails accept() and open() with EMFILE ("Too many open files") before it reaches
// worker_connections. Facts: `worker_rlimit_nofile` sets RLIMIT_NOFILE in each worker
// (ngx_worker_process_init, src/os/unix/ngx_process_cycle.c); without it the workers keep the limit
// nginx was started with (systemd's default soft limit is 1024, a shell's `ulimit -n` often 1024).
// `worker_connections` defaults to 512 (DEFAULT_CONNECTIONS, src/event/ngx_event.c), which also
// warns at start when worker_connections exceed the limit ("exceed open file resource limit").
// A heuristic (info): the factor 2 is a rule of thumb (gixy's), and the limit nginx inherits is
// not in the config. A value missing on one side is judged only in a whole nginx.conf; a fragment
// is judged only when it holds both lines.
import { wordSpan, type NginxConfig, type NginxDirective, type Query } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const DEFAULT_WORKER_CONNECTIONS = 512;
/** The soft limit nginx often inherits: systemd's DefaultLimitNOFILE soft value, and most shells'. */
const USUAL_INHERITED_LIMIT = 1024;

export const rule: Rule = {
  meta: {
    id: 'nginx/worker-rlimit-nofile-vs-connections',
    description: '`worker_rlimit_nofile` (or the inherited open-file limit) below twice `worker_connections`',
    defaultSeverity: 'info',
    tags: ['performance', 'gixy'],
    fixable: false,
    precision: 'medium',
    gixy: ['worker_rlimit_nofile_vs_connections'],
  },
  check({ query, report }) {
    for (const config of query.nginx.configs) {
      const limit = firstNumber(query, config, 'worker_rlimit_nofile');
      const connections = firstNumber(query, config, 'worker_connections');
      if (limit && connections) {
        if (limit.value >= 2 * connections.value) continue;
        const below = limit.value < connections.value ? ` (below worker_connections itself: nginx warns "worker_connections exceed open file resource limit" at start)` : '';
        const message = `worker_rlimit_nofile ${limit.value} is less than twice worker_connections ${connections.value}${below}: each connection takes a descriptor and each file it serves (or buffers to a temp file) another, so at full load a worker needs about twice worker_connections and may run out of descriptors ("Too many open files") before reaching worker_connections; write "worker_rlimit_nofile ${2 * connections.value};" or more`;
        report({ span: wordSpan(limit.directive, limit.directive.args[0]), message });
        continue;
      }
      if (!query.nginx.wholeMainConfig(config)) continue;
      if (limit && !query.nginx.mentions(config, 'worker_connections') && !unseenInEvents(query, config)) {
        if (limit.value >= 2 * DEFAULT_WORKER_CONNECTIONS) continue;
        const message = `worker_rlimit_nofile ${limit.value} is less than twice the default worker_connections (${DEFAULT_WORKER_CONNECTIONS}): workers may fail with "Too many open files" before reaching it; write "worker_rlimit_nofile ${2 * DEFAULT_WORKER_CONNECTIONS};" or more`;
        report({ span: wordSpan(limit.directive, limit.directive.args[0]), message });
      } else if (connections && !query.nginx.mentions(config, 'worker_rlimit_nofile') && !query.nginx.unseenInclude(query.nginx.root(config), config)) {
        if (USUAL_INHERITED_LIMIT >= 2 * connections.value) continue;
        const message = `worker_connections ${connections.value} with no "worker_rlimit_nofile": workers keep the open-file soft limit nginx starts with, often ${USUAL_INHERITED_LIMIT} (systemd's default soft limit, a login shell's), less than twice ${connections.value}, so they may run out of descriptors ("Too many open files") first; add "worker_rlimit_nofile ${2 * connections.value};" at the top level, or ignore this if nginx starts with a higher limit (see /proc/<nginx pid>/limits)`;
        report({ span: wordSpan(connections.directive, connections.directive.args[0]), message });
      }
    }
  },
};

/** The first line named `name` that a config reads, with its number (null: none, or not a number). */
function firstNumber(query: Query, config: NginxConfig, name: string): { directive: NginxDirective; value: number } | null {
  const first = query.nginx.directives(name, { config })[0]?.directive;
  const word = first?.args[0];
  if (!first || !word || !/^\d+$/.test(word.value)) return null;
  return { directive: first, value: Number(word.value) };
}

/** Whether an events block of the config has an include the run could not read (it may set worker_connections). */
function unseenInEvents(query: Query, config: NginxConfig): boolean {
  return query.nginx.blocks(config, 'events').some((events) => query.nginx.unseenIncludeWithin(events, config));
}
