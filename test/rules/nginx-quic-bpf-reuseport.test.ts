import { ruleTester } from '../support/rule-tester.js';

const ID = 'nginx/quic-bpf-reuseport';
const conf = (top: string, listen = 'listen 443 quic reuseport;') => `${top}\nevents {}\nhttp {\n    server {\n        ${listen}\n        listen 443 ssl;\n    }\n}\n`;
const message = (listen: string, workers: string) =>
  `quic_bpf on with "listen ${listen}" and worker_processes ${workers}: after a reload new QUIC connections can reach sockets of old workers and hang (nginx/nginx#425, open); write "quic_bpf off;" (Gixy-Next's advice), or restart nginx rather than reload it`;

ruleTester(ID).run({
  valid: [
    { name: 'quic_bpf off', files: conf('worker_processes auto;\nquic_bpf off;') },
    { name: 'no worker_processes: one worker', files: conf('quic_bpf on;') },
    { name: 'one worker', files: conf('worker_processes 1;\nquic_bpf on;') },
    { name: 'no reuseport', files: conf('worker_processes auto;\nquic_bpf on;', 'listen 443 quic;') },
    { name: 'a templated quic_bpf', files: conf('worker_processes auto;\nquic_bpf {{ bpf }};') },
    { name: 'a sites-enabled fragment has no quic_bpf', files: { 'sites-enabled/a.conf': 'server { listen 443 quic reuseport; }\n' } },
  ],
  invalid: [
    {
      name: 'worker_processes auto',
      files: conf('worker_processes auto;\nquic_bpf on;'),
      errors: [{ at: '2:10-2:12', message: message('443 quic reuseport', 'auto'), severity: 'warning' }],
    },
    {
      name: 'worker_processes 4, the listen through an include',
      files: { 'nginx.conf': 'worker_processes 4;\nquic_bpf on;\nevents {}\nhttp {\n    include sites-enabled/*.conf;\n}\n', 'sites-enabled/a.conf': 'server {\n    listen [::]:443 quic reuseport;\n}\n' },
      errors: [{ at: 'nginx.conf:2:10-2:12', message: message('[::]:443 quic reuseport', '4') }],
    },
  ],
});
