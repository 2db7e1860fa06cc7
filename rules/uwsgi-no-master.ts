// uwsgi/no-master: several processes, or a pidfile for --reload/--stop, with no master.
// Facts: without `master` there is no process that respawns dead workers, reloads gracefully or
// handles `uwsgi --reload pidfile` (SIGHUP to a worker kills it); options flagged UWSGI_OPT_MASTER
// in uWSGI's own table (stats, touch-reload, cheaper, ...) turn the master on by themselves.
import type { Rule } from '../src/rule.js';
import { applies, isFalse, optionInfo } from '../src/query/index.js';

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
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      const masterLine = uwsgi.last(config, 'master');
      if (masterLine && (masterLine.value === null || !isFalse(masterLine.value))) continue;
      if (uwsgi.isOn(config, 'emperor') || uwsgi.last(config, 'emperor')) continue;
      if (config.options.some((o) => applies(o) && o.key !== 'master' && optionInfo(o.key)?.flags.includes('master'))) continue;
      const processes = uwsgi.last(config, 'processes');
      const count = processes?.value ? Number.parseInt(processes.value, 10) : NaN;
      if (processes && count > 1) {
        context.report({
          span: processes.valueSpan,
          message: `\`${processes.key} = ${processes.value}\` without \`master\`: nothing respawns a worker that dies or is killed by harakiri, and \`uwsgi --reload\` and graceful reloads do not work. Add \`master = true\``,
        });
        continue;
      }
      const pidfile = uwsgi.last(config, 'pidfile') ?? uwsgi.last(config, 'safe-pidfile') ?? uwsgi.last(config, 'pidfile2') ?? uwsgi.last(config, 'safe-pidfile2');
      if (pidfile) {
        context.report({
          span: pidfile.keySpan,
          message: `\`${pidfile.key}\` without \`master\`: \`uwsgi --reload ${pidfile.value ?? pidfile.rawValue}\` sends SIGHUP to the single worker, which just dies instead of reloading. Add \`master = true\``,
        });
      }
    }
  },
};
