// uwsgi/stats-exposed: the stats server on a non-loopback address.
// Facts: `stats` (alias `stats-server`) serves a JSON dump of every worker, request and env var on
// a TCP socket to anyone who connects (core/master_utils.c); a unix path or 127.0.0.1 keeps it local.
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/stats-exposed',
    description: 'The uWSGI stats server listens on a non-loopback address: anyone who reaches it reads the internals',
    defaultSeverity: 'warning',
    tags: ['security'],
    securitySeverity: 5.3,
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      for (const option of uwsgi.all(config, 'stats')) {
        const value = option.value;
        if (value === null || option.templated || !value.includes(':')) continue;
        const host = value.startsWith('[') ? value.slice(1, value.indexOf(']')) : value.slice(0, value.lastIndexOf(':'));
        if (/^(127\.\d+\.\d+\.\d+|localhost|::1)$/i.test(host)) continue;
        const port = value.slice(value.lastIndexOf(':') + 1);
        context.report({
          span: option.valueSpan,
          message: `\`${option.key} = ${value}\` serves uWSGI's stats (workers, requests, memory, environment) to anyone who can connect to ${host === '' || host === '0.0.0.0' || host === '::' ? 'any interface of this host' : host}. Bind it to loopback (\`${option.key} = 127.0.0.1:${port}\`) or a unix socket (\`${option.key} = /run/uwsgi/stats.sock\`)`,
        });
      }
    }
  },
};
