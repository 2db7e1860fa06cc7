// uwsgi/unix-scheme: `socket = unix:/path` on the uWSGI side.
// Facts: uWSGI's address parser (core/socket.c) treats any value with a `:` as TCP: `unix:///x`
// binds TCP host "unix" on a random port, and no unix socket appears (e2e: test/e2e/pairs.test.ts,
// 502). nginx's `uwsgi_pass unix:/path` is the other side's syntax, where it is right. Dropping the
// prefix is a safe fix: the line then does what it plainly says, a unix socket at that path, and no
// TCP port.
import type { Rule } from '../src/rule.js';
import { unexpanded } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/unix-scheme',
    description: 'A `unix:` prefix on a uWSGI socket: uWSGI binds a TCP socket instead and no unix socket appears',
    defaultSeverity: 'error',
    tags: ['sockets', '502'],
    fixable: 'safe',
    precision: 'very-high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      for (const binding of uwsgi.sockets(config)) {
        if (unexpanded(binding.option.partialValue) || !binding.unixScheme) continue;
        const option = binding.option;
        const value = option.value ?? option.rawValue;
        const path = value.replace(/^unix:\/*/i, '/');
        const exact = option.rawValue === value && option.valueSpan.end - option.valueSpan.start === value.length;
        context.report({
          span: option.valueSpan,
          message: `\`${option.key} = ${value}\`: uWSGI does not know the \`unix:\` prefix (that is nginx's syntax); it binds a TCP socket on host "unix" and no unix socket appears, so nginx gets 502. Write the path alone: \`${option.key} = ${path}\``,
          ...(exact ? { fix: { span: option.valueSpan, text: path, applicability: 'safe' as const } } : {}),
        });
      }
    }
  },
};
