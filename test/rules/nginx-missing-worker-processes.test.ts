import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/missing-worker-processes';
const HTTP = 'http {\n    server {\n        listen 80;\n    }\n}\n';

describe(ID, () => {
  test('a whole nginx.conf without worker_processes: info on the events line', async () => {
    expect(await findings(ID, { 'nginx.conf': `user www-data;\nevents {}\n${HTTP}` })).toEqual([
      ['info', 2, 1, 7, 'no "worker_processes" at the top level of this nginx.conf: nginx runs one worker process (the default 1), using one CPU core; add "worker_processes auto;" above "events" (one worker per core)'],
    ]);
  });

  test('without events, on the http line', async () => {
    expect((await findings(ID, { 'nginx.conf': HTTP })).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['info', 1, 1, 5]]);
  });

  test('worker_processes inside events or http does not count, and the message says nginx refuses it there', async () => {
    const [[, , , , inEvents]] = await findings(ID, { 'nginx.conf': `events {\n    worker_processes 4;\n}\n${HTTP}` });
    expect(inEvents).toContain('("worker_processes" inside "events" is not read there: nginx -t refuses it)');
    const [[, , , , inHttp]] = await findings(ID, { 'nginx.conf': 'events {}\nhttp {\n    worker_processes auto;\n}\n' });
    expect(inHttp).toContain('("worker_processes" inside "http" is not read there: nginx -t refuses it)');
  });

  test('worker_processes at the top level, or from a top-level include: nothing', async () => {
    expect(await findings(ID, { 'nginx.conf': `worker_processes auto;\nevents {}\n${HTTP}` })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': `worker_processes 1;\nevents {}\n${HTTP}` })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': `include main.d/*.conf;\nevents {}\n${HTTP}`, 'main.d/workers.conf': 'worker_processes auto;\n' })).toEqual([]);
  });

  test('a fragment, and a config with a top-level include the run could not read: nothing', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': 'server {\n    listen 80;\n}\n' })).toEqual([]);
    expect(await findings(ID, { 'modules-enabled/50-mod.conf': 'load_module modules/ngx_http_geoip_module.so;\n' })).toEqual([]);
    expect(await findings(ID, { 'nginx.conf': `include /etc/nginx/workers.conf;\nevents {}\n${HTTP}` })).toEqual([]);
  });

  test('a templated worker_processes counts as written', async () => {
    expect(await findings(ID, { 'nginx.conf': `worker_processes {{ nginx_workers }};\nevents {}\n${HTTP}` })).toEqual([]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID} agrees with nginx -t`, () => {
  test.each(['events {\n    worker_processes 4;\n}\nhttp {}\n', 'events {}\nhttp {\n    worker_processes auto;\n}\n'])('worker_processes in a block is refused: %s', async (text) => {
    const result = await runNginxT([{ path: 'nginx.conf', text }], 'nginx.conf');
    expect(result.message).toBe('"worker_processes" directive is not allowed here');
  });

  test('the config the rule reports is accepted (info, not error)', async () => {
    const result = await runNginxT([{ path: 'nginx.conf', text: `events {}\n${HTTP}` }], 'nginx.conf');
    expect(result.ok, result.output).toBe(true);
  });
});
