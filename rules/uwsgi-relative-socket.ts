// uwsgi/relative-socket: a relative unix socket path and no `chdir`.
// Facts: a relative path is taken from uWSGI's working directory; `chdir` happens before binding,
// so with it the path is relative to `chdir`, without it to wherever uWSGI was started (e2e:
// test/e2e/pairs.test.ts, the socket lands in the launch directory, not the app's; 502). Only an
// absolute `chdir`, or the "uwsgiLaunchDir" setting, keeps it quiet: a launch directory a
// Dockerfile or unit of the run names does not.
import type { Rule } from '../src/rule.js';
import { unexpanded } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/relative-socket',
    description: 'A relative unix socket path with no `chdir`: the socket lands wherever uWSGI happens to be started',
    defaultSeverity: 'warning',
    tags: ['sockets', '502'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const launchDir = context.project.settings.uwsgiLaunchDir;
    if (launchDir) return; // the user told us where uWSGI starts: the pairing rules compare real paths
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      for (const binding of uwsgi.sockets(config)) {
        if (unexpanded(binding.option.partialValue) || !binding.relative || binding.anchor === 'chdir' || binding.option.templated) continue;
        const option = binding.option;
        const path = option.value ?? option.rawValue;
        context.report({
          span: option.valueSpan,
          message: `\`${option.key} = ${path}\` is relative and there is no \`chdir\`: uWSGI creates it in the directory it is started from (systemd: /, docker: WORKDIR), not next to the app, and nginx looks elsewhere (502). Use an absolute path (\`/run/uwsgi/${path.split('/').pop()}\`) or set \`chdir\``,
        });
      }
    }
  },
};
