// uwsgi/pidfile: pidfiles that mislead `uwsgi --stop/--reload`, and a daemon with no handle at all.
// Facts (core/uwsgi.c): `pidfile` is written as root before privileges drop, `pidfile2` after;
// `vacuum` removes `pidfile` only when no `uid` is set (vacuum(): `if (uwsgi.pidfile &&
// !uwsgi.uid) unlink`), so with `uid` a stale one stays behind. A pidfile in a world-writable
// directory can be replaced by any user, and `uwsgi --stop` then signals whatever PID it holds.
// `daemonize` detaches from the shell: a pidfile (or master-fifo) is then the only way to address
// the instance.
import type { Rule } from '../src/rule.js';

const PIDFILES = ['pidfile', 'safe-pidfile', 'pidfile2', 'safe-pidfile2'];
const WORLD_WRITABLE = /^\/(tmp|var\/tmp|dev\/shm)(\/|$)/;

export const rule: Rule = {
  meta: {
    id: 'uwsgi/pidfile',
    description: 'A pidfile that misleads `uwsgi --stop`/`--reload` (world-writable directory, left stale), or a daemon with no way to address it',
    defaultSeverity: 'warning',
    tags: ['operations'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      const pidfiles = PIDFILES.map((key) => uwsgi.last(config, key)).filter((o) => o !== undefined);
      for (const option of pidfiles) {
        if (option.value === null || option.templated || !WORLD_WRITABLE.test(option.value)) continue;
        const name = option.value.split('/').pop();
        context.report({
          span: option.valueSpan,
          message: `\`${option.key} = ${option.value}\` is in a world-writable directory: any local user can replace the file (or systemd's PrivateTmp hides it), and \`uwsgi --stop\`/\`--reload\` then signal whatever PID it holds. Put it in a directory only the service owns, e.g. \`${option.key} = /run/uwsgi/${name}\``,
        });
      }
      const early = uwsgi.last(config, 'pidfile') ?? uwsgi.last(config, 'safe-pidfile');
      if (early && uwsgi.last(config, 'uid') && uwsgi.isOn(config, 'vacuum') && !uwsgi.last(config, 'pidfile2') && !uwsgi.last(config, 'safe-pidfile2')) {
        context.report({
          span: early.keySpan,
          severity: 'info',
          message: `\`${early.key}\` is written as root before uWSGI drops to \`uid\`, so \`vacuum\` cannot remove it at exit and a stale pidfile stays behind for the next \`--stop\`. Use \`${early.key === 'pidfile' ? 'pidfile2' : 'safe-pidfile2'}\`, written after the drop`,
        });
      }
      const daemon = uwsgi.last(config, 'daemonize') ?? uwsgi.last(config, 'daemonize2');
      if (daemon && pidfiles.length === 0 && !uwsgi.last(config, 'master-fifo')) {
        context.report({
          span: daemon.keySpan,
          severity: 'info',
          message: `\`${daemon.key}\` detaches uWSGI from the shell, and there is no \`pidfile\` or \`master-fifo\`: \`uwsgi --stop\`/\`--reload\` have nothing to address it by. Add \`safe-pidfile = /run/uwsgi/app.pid\``,
        });
      }
    }
  },
};
