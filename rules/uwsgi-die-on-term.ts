// uwsgi/die-on-term: a master without `die-on-term`.
// Facts: uWSGI 2.0's master treats SIGTERM as "brutal reload" (core/master.c; FACTS.md: a plain
// `kill`, `docker stop` or systemd's default stop does not stop it); `die-on-term` makes SIGTERM a
// shutdown. uWSGI 2.1 shuts down on SIGTERM anyway.
import type { Rule } from '../src/rule.js';
import { applies, bindsSomething, isOn, lastSetting, optionInfo } from '../src/uwsgi/options.js';

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
    for (const config of context.project.uwsgi) {
      if (!bindsSomething(config) || lastSetting(config, 'die-on-term') || lastSetting(config, 'emperor')) continue;
      const master = isOn(config, 'master') ? lastSetting(config, 'master') : config.options.find((o) => applies(o) && optionInfo(o.key)?.flags.includes('master'));
      if (!master) continue;
      context.report({
        span: master.keySpan,
        message: 'a uWSGI 2.0 master reloads on SIGTERM instead of stopping: `docker stop`, `systemctl stop` (without KillSignal=SIGQUIT) and a plain `kill` wait, then SIGKILL it, dropping requests in flight. Add `die-on-term = true` (uWSGI 2.1 stops on SIGTERM anyway)',
      });
    }
  },
};
