import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/worker-rlimit-nofile-vs-connections';
const HTTP = 'http {\n    server {\n        listen 80;\n    }\n}\n';
const main = (top: string, events: string) => `worker_processes auto;\n${top}events {\n${events}}\n${HTTP}`;

describe(ID, () => {
  test('worker_rlimit_nofile below twice worker_connections: info on the limit', async () => {
    expect(await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile 1500;\n', '    worker_connections 1024;\n') })).toEqual([
      ['info', 2, 22, 26, 'worker_rlimit_nofile 1500 is less than twice worker_connections 1024: each connection takes a descriptor and each file it serves (or buffers to a temp file) another, so at full load a worker needs about twice worker_connections and may run out of descriptors ("Too many open files") before reaching worker_connections; write "worker_rlimit_nofile 2048;" or more'],
    ]);
  });

  test('below worker_connections itself, the message adds nginx\'s own warning', async () => {
    const [[, , , , message]] = await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile 800;\n', '    worker_connections 1024;\n') });
    expect(message).toContain('(below worker_connections itself: nginx warns "worker_connections exceed open file resource limit" at start)');
  });

  test('no worker_connections: judged against the default 512', async () => {
    expect(await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile 800;\n', '') })).toEqual([
      ['info', 2, 22, 25, 'worker_rlimit_nofile 800 is less than twice the default worker_connections (512): workers may fail with "Too many open files" before reaching it; write "worker_rlimit_nofile 1024;" or more'],
    ]);
    expect(await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile 1024;\n', '') })).toEqual([]);
  });

  test('no worker_rlimit_nofile: the inherited limit, said as a condition, on the worker_connections value', async () => {
    expect(await findings(ID, { 'nginx.conf': main('', '    worker_connections 768;\n') })).toEqual([
      ['info', 3, 24, 27, `worker_connections 768 with no "worker_rlimit_nofile": workers keep the open-file soft limit nginx starts with, often 1024 (systemd's default soft limit, a login shell's), less than twice 768, so they may run out of descriptors ("Too many open files") first; add "worker_rlimit_nofile 1536;" at the top level, or ignore this if nginx starts with a higher limit (see /proc/<nginx pid>/limits)`],
    ]);
    expect(await findings(ID, { 'nginx.conf': main('', '    worker_connections 512;\n') })).toEqual([]);
  });

  test('enough, neither line, or a fragment holding one of them: nothing', async () => {
    expect(await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile 4096;\n', '    worker_connections 2048;\n') })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': main('', '') })).toEqual([]);
    expect(await findings(ID, { 'events.d/connections.conf': 'worker_connections 4096;\n' })).toEqual([]);
  });

  test('a fragment holding both lines is judged', async () => {
    expect((await findings(ID, { 'tuning.conf': 'worker_connections 1024;\nworker_rlimit_nofile 1024;\n' })).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['info', 2, 22, 26]]);
  });

  test('worker_connections reached through an include', async () => {
    const files = { 'nginx.conf': main('worker_rlimit_nofile 1024;\n', '    include events.d/*.conf;\n'), 'events.d/connections.conf': 'worker_connections 1024;\n' };
    expect((await findings(ID, files)).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['info', 2, 22, 26]]);
  });

  test('an unread include in events, or at the top level, may hold the missing line: nothing', async () => {
    expect(await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile 800;\n', '    include /etc/nginx/events.conf;\n') })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': main('include /etc/nginx/workers.conf;\n', '    worker_connections 4096;\n') })).toEqual([]);
  });

  test('a templated value is not judged, nor taken as missing', async () => {
    expect(await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile {{ nofile }};\n', '    worker_connections 4096;\n') })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': main('worker_rlimit_nofile 800;\n', '    worker_connections {{ connections }};\n') })).toEqual([]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: nginx -t accepts what the rule reports (info, not error)`, () => {
  test('worker_rlimit_nofile below worker_connections', async () => {
    const result = await runNginxT([{ path: 'nginx.conf', text: main('worker_rlimit_nofile 800;\n', '    worker_connections 1024;\n') }], 'nginx.conf');
    expect(result.ok, result.output).toBe(true);
  });
});
