// nginx/missing-worker-processes: a whole nginx.conf without `worker_processes` at its top level
// runs one worker process (ngx_core_module_init_conf, src/core/nginx.c:
// `ngx_conf_init_value(ccf->worker_processes, 1)`), so nginx uses one CPU core however many the
// machine has. `worker_processes` is a main-context directive (NGX_MAIN_CONF|NGX_DIRECT_CONF):
// written inside `events` or `http`, nginx -t refuses it ("is not allowed here",
// nginx/wrong-context reports that), so it does not count. Only a whole main config is judged
// (see query.nginx.wholeMainConfig): a fragment cannot see the nginx.conf that includes it, and a
// top-level include the run could not read may hold the line. A heuristic (info): one worker is
// enough for a small site, and the container or VM may have one core.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/missing-worker-processes',
    description: 'A whole nginx.conf without `worker_processes`: nginx runs one worker on one CPU core',
    defaultSeverity: 'info',
    tags: ['performance', 'gixy'],
    fixable: false,
    precision: 'high',
    gixy: ['missing_worker_processes'],
  },
  check({ query, report }) {
    const nginx = query.nginx;
    for (const config of nginx.configs) {
      if (!nginx.wholeMainConfig(config)) continue;
      const root = nginx.root(config);
      if (nginx.atLevel(root, 'worker_processes').length > 0) continue;
      if (nginx.unseenInclude(root, config)) continue;
      const top = root.children.find((c) => c.kind === 'events') ?? root.children.find((c) => c.kind === 'http');
      if (!top?.directive || nginx.inTemplatedFile(top.directive)) continue;
      const misplaced = nginx.directives('worker_processes', { config }).find((item) => item.scope !== root);
      const where = misplaced ? ` ("worker_processes" inside "${misplaced.scope.directive?.name ?? 'a block'}" is not read there: nginx -t refuses it)` : '';
      const message = `no "worker_processes" at the top level of this nginx.conf${where}: nginx runs one worker process (the default 1), using one CPU core; add "worker_processes auto;" above "${top.directive.name}" (one worker per core)`;
      report({ span: wordSpan(top.directive), message });
    }
  },
};
