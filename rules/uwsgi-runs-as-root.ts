// uwsgi/runs-as-root: an instance with no `uid`, so it keeps the identity it was started with.
// Facts: uWSGI drops privileges only when `uid`/`gid` are set (core/uwsgi.c uwsgi_as_root); started
// by root (init script, docker without USER) the app runs as root. Deployments that start it as a
// service user (systemd User=, docker USER) say so with "uwsgiStartsAs": "service-user".
import { span } from '../src/diagnostic.js';
import type { Rule } from '../src/rule.js';
import { bindsSomething, lastSetting } from '../src/uwsgi/options.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/runs-as-root',
    description: 'No `uid`: started by root, uWSGI runs the app as root',
    defaultSeverity: 'warning',
    tags: ['security'],
    fixable: false,
    precision: 'medium',
  },
  check(context) {
    if (context.project.settings.uwsgiStartsAs === 'service-user') return;
    for (const config of context.project.uwsgi) {
      if (!bindsSomething(config) || lastSetting(config, 'uid') || lastSetting(config, 'emperor')) continue;
      const header = config.file.sections.find((s) => s.name === config.section);
      context.report({
        span: header ? span(header.source, header.start, header.end) : span(config.file.source, 0, 0),
        message: 'no `uid` (or `gid`): uWSGI keeps the user it was started as, so started by root (init script, a container without USER) the app runs as root and one bug owns the machine. Add `uid = app` and `gid = app` (uWSGI drops to them after binding), or set "uwsgiStartsAs": "service-user" if systemd User= or docker USER starts it unprivileged',
      });
    }
  },
};
