// nginx/quic-bpf-reuseport: `quic_bpf on` with a `listen ... quic reuseport` and more than one
// worker. After a reload, new QUIC connections can land on the UDP sockets of old workers that
// are shutting down or gone, and hang until the client falls back to TCP: nginx/nginx#425
// (open, reported on 1.27.3 with exactly this set-up; the BPF steering keeps routing by the old
// socket map). Gixy-Next's quic_bpf_reuseport reports the same set-up. Only a main config is
// judged (quic_bpf and worker_processes live there); `worker_processes` absent means 1.
// Warning: it depends on the nginx version and on reloads, which the run cannot see.
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/quic-bpf-reuseport',
    description: '`quic_bpf on` with `listen ... quic reuseport` and several workers: QUIC connections hang after a reload',
    defaultSeverity: 'warning',
    tags: ['http3'],
    fixable: false,
    precision: 'medium',
    gixy: ['quic_bpf_reuseport'],
  },
  check(context) {
    const nginx = context.query.nginx;
    if (!nginx.has('quic_bpf')) return;
    for (const config of nginx.configs) {
      if (config.root.context !== 'main') continue;
      const mine = { config };
      const quicBpf = nginx.directives('quic_bpf', mine).filter((i) => i.context === 'main').at(-1)?.directive;
      if (!quicBpf || quicBpf.args[0]?.value !== 'on') continue;
      const workers = nginx.directives('worker_processes', mine).filter((i) => i.context === 'main').at(-1)?.directive;
      const count = workers?.args[0]?.value;
      if (count === undefined || count === '1' || count === '0') continue;
      const listen = nginx.directives('listen', mine).find((i) => i.context === 'server' && i.directive.args.some((a) => a.value === 'quic') && i.directive.args.some((a) => a.value === 'reuseport'));
      if (!listen) continue;
      const message = `quic_bpf on with "listen ${listen.directive.args.map((a) => a.value).join(' ')}" and worker_processes ${count}: after a reload new QUIC connections can reach sockets of old workers and hang (nginx/nginx#425, open); write "quic_bpf off;" (Gixy-Next's advice), or restart nginx rather than reload it`;
      context.report({ span: wordSpan(quicBpf, quicBpf.args[0]), message });
    }
  },
};
