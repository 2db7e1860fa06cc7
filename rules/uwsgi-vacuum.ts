// uwsgi/vacuum: a unix socket without `vacuum`.
// Facts: `vacuum` removes unix socket files (not abstract ones) at exit (core/uwsgi.c
// vacuum); without it the file stays, and a later uWSGI run as another user, or a chown'ed
// directory, can fail to bind over it ("Address already in use" / EACCES).
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/vacuum',
    description: 'A unix socket without `vacuum`: the socket file is left behind when uWSGI exits',
    defaultSeverity: 'info',
    tags: ['operations', 'sockets'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      if (uwsgi.last(config, 'vacuum') && uwsgi.isOn(config, 'vacuum')) continue;
      const unix = uwsgi.sockets(config).find((b) => b.address?.type === 'unix' && !b.abstract && !b.option.templated);
      if (!unix) continue;
      const off = uwsgi.last(config, 'vacuum');
      context.report({
        span: unix.option.valueSpan,
        message: `${off ? `\`vacuum = ${off.value}\` is off, so` : 'without `vacuum`'} the socket file \`${unix.option.value}\` stays behind when uWSGI exits; a stale file can make the next start (or another user's) fail to bind, and nginx talks to a dead socket meanwhile. Add \`vacuum = true\``,
      });
    }
  },
};
