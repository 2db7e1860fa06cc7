// uwsgi/chmod-without-unix-socket: `chmod-socket` and no unix socket to apply it to.
// Facts (core/socket.c): the mode is applied right after binding a unix socket file; TCP and
// abstract sockets have no file mode, so the option does nothing.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/chmod-without-unix-socket',
    description: '`chmod-socket` with only TCP (or abstract) sockets: it has nothing to apply to',
    defaultSeverity: 'info',
    tags: ['sockets'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      const chmod = uwsgi.last(config, 'chmod-socket');
      if (!chmod) continue;
      const bindings = uwsgi.sockets(config);
      if (bindings.length === 0 || bindings.some((b) => b.address === null || (b.address.type === 'unix' && !b.abstract))) continue;
      context.report({
        span: chmod.keySpan,
        message: `\`${chmod.key}\` only changes the mode of unix socket files, and every socket here is ${bindings.every((b) => b.abstract) ? 'abstract' : 'TCP'} (\`${bindings[0].option.key} = ${bindings[0].option.value}\`): it does nothing. Remove it, or bind a unix socket (\`socket = /run/uwsgi/app.sock\`) if that was the plan`,
      });
    }
  },
};
