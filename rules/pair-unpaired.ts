// pair/unpaired: a pass target the linter cannot pair with a uWSGI socket of the run: it goes to
// another backend (no socket is close), or its address is not known statically (variables,
// templates, a uWSGI config whose sockets come from the command line). Information only: an
// unresolved target is never a reason for an error.
import { describeAddress, fileName, passText, targetSpan, wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/unpaired',
    description: 'A pass target that matches no uWSGI socket of the run and is not a near miss (another backend), or whose address is not known',
    defaultSeverity: 'info',
    tags: ['pair'],
    fixable: false,
    precision: 'medium',
  },
  check(context) {
    const { pair, uwsgi } = context.query;
    if (uwsgi.configs.length === 0) return;
    // Named up to three; a run over a whole corpus holds dozens.
    const names = uwsgi.configs.map((c) => fileName(c.file.source.path));
    const configs = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
    for (const t of pair.pairing().targets) {
      // A target nginx refuses is nginx/invalid-upstream-address's error, not a guess about run time.
      if (t.target.unknown !== null && t.target.unknown !== 'no target' && t.target.invalid === null) {
        context.report({
          span: targetSpan(t.target),
          message: `\`${passText(t.target)}\` is not known before run time (${t.target.unknown}): it is not checked against the uWSGI sockets of this run (${configs}).`,
        });
      }
      for (const server of t.unknownServers) {
        context.report({
          span: wordSpan(server.directive, server.directive.args[0]),
          message: `This upstream server's address is not known before run time: it is not checked against the uWSGI sockets of this run (${configs}).`,
        });
      }
    }
    for (const j of pair.endpoints()) {
      const v = j.verdict;
      if (v.kind !== 'foreign' && v.kind !== 'unknown') continue;
      if (v.kind === 'unknown' && v.why === 'no port') continue;
      const server = j.endpoint.server;
      const span = server ? wordSpan(server.directive, server.directive.args[0]) : targetSpan(j.pairing.target);
      const where = describeAddress(j.endpoint.address);
      context.report({
        span,
        message:
          v.kind === 'foreign'
            ? `No uWSGI socket of this run (${configs}) listens on ${where}, and none is close: taken to be another backend, not checked. If it is meant for uWSGI, make the addresses agree.`
            : `${where} is not checked against uWSGI: ${v.why}. Lint the files that define the sockets together, or set "pairs" in .nginx-uwsgi-lint.json.`,
      });
    }
  },
};
