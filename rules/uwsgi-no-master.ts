// uwsgi/no-master: several processes, or a pidfile for --reload/--stop, with no master.
// Facts: without `master` there is no process that respawns dead workers, reloads gracefully or
// handles `uwsgi --reload pidfile` (SIGHUP to a worker kills it); options flagged UWSGI_OPT_MASTER
// in uWSGI's own table (stats, touch-reload, cheaper, ...) turn the master on by themselves.
import type { Rule } from '../src/rule.js';
import { applies, isFalse, isOn, lastSetting, optionInfo } from '../src/uwsgi/options.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/no-master',
    description: 'Several worker processes, or a pidfile, without `master`: nothing respawns workers or handles reloads',
    defaultSeverity: 'warning',
    tags: ['reliability'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    for (const config of context.project.uwsgi) {
      const masterLine = lastSetting(config, 'master');
      if (masterLine && (masterLine.value === null || !isFalse(masterLine.value))) continue;
      if (isOn(config, 'emperor') || lastSetting(config, 'emperor')) continue;
      if (config.options.some((o) => applies(o) && o.key !== 'master' && optionInfo(o.key)?.flags.includes('master'))) continue;
      const processes = lastSetting(config, 'processes');
      const count = processes?.value ? Number.parseInt(processes.value, 10) : NaN;
      if (processes && count > 1) {
        context.report({
          span: processes.valueSpan,
          message: `\`${processes.key} = ${processes.value}\` without \`master\`: nothing respawns a worker that dies or is killed by harakiri, and \`uwsgi --reload\` and graceful reloads do not work. Add \`master = true\``,
        });
        continue;
      }
      const pidfile = lastSetting(config, 'pidfile') ?? lastSetting(config, 'safe-pidfile') ?? lastSetting(config, 'pidfile2') ?? lastSetting(config, 'safe-pidfile2');
      if (pidfile) {
        context.report({
          span: pidfile.keySpan,
          message: `\`${pidfile.key}\` without \`master\`: \`uwsgi --reload ${pidfile.value ?? pidfile.rawValue}\` sends SIGHUP to the single worker, which just dies instead of reloading. Add \`master = true\``,
        });
      }
    }
  },
};
