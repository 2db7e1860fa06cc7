// uwsgi/die-on-term: a master without `die-on-term`.
// Facts: uWSGI 2.0's master treats SIGTERM as "brutal reload" (core/master.c), so a plain `kill`,
// `docker stop` or systemd's default stop does not stop it (e2e: test/e2e/pairs.test.ts, "plain
// SIGTERM makes a uWSGI 2.0 master reload"); `die-on-term` makes SIGTERM a shutdown. uWSGI 2.1
// shuts down on SIGTERM anyway.
import type { Rule } from '../src/rule.js';
import { applies, optionInfo } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/die-on-term',
    description: 'A uWSGI 2.0 master without `die-on-term`: SIGTERM (docker stop, systemd stop, kill) reloads it instead of stopping it',
    defaultSeverity: 'info',
    tags: ['operations'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      if (!uwsgi.bindsSomething(config) || uwsgi.last(config, 'die-on-term') || uwsgi.last(config, 'emperor')) continue;
      const master = uwsgi.isOn(config, 'master') ? uwsgi.last(config, 'master') : config.options.find((o) => applies(o) && optionInfo(o.key)?.flags.includes('master'));
      if (!master) continue;
      context.report({
        span: master.keySpan,
        message: 'a uWSGI 2.0 master reloads on SIGTERM instead of stopping: `docker stop`, `systemctl stop` (without KillSignal=SIGQUIT) and a plain `kill` wait, then SIGKILL it, dropping requests in flight. Add `die-on-term = true` (uWSGI 2.1 stops on SIGTERM anyway)',
      });
    }
  },
};
