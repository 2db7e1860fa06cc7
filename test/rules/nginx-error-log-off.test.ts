import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/error-log-off';

describe(ID, () => {
  test('error_log off is blamed on "off", with what to write instead', async () => {
    expect(await findings(ID, { 'nginx.conf': 'error_log off;\nevents {}\n' })).toEqual([
      ['info', 1, 11, 14, 'error_log off does not turn the error log off: nginx writes errors to a file named "off" under its prefix (/usr/share/nginx/off on Debian), which no log rotation knows; write "error_log /var/log/nginx/error.log crit;" to log only serious errors, or "error_log /dev/null crit;" to discard them'],
    ]);
  });

  test('any case, with a level, in any block', async () => {
    const rows = await findings(ID, { 'sites-enabled/a.conf': 'server {\n    listen 80;\n    error_log OFF crit;\n    location / {\n        error_log "off";\n    }\n}\n' });
    expect(rows.map(([s, l, c, e]) => [s, l, c, e])).toEqual([
      ['info', 3, 15, 18],
      ['info', 5, 19, 24],
    ]);
    expect(rows[0][4]).toContain('a file named "OFF"');
  });

  test('a file, stderr, syslog, memory and access_log off: nothing', async () => {
    for (const line of ['error_log /var/log/nginx/error.log;', 'error_log stderr;', 'error_log syslog:server=unix:/dev/log;', 'error_log memory:32m debug;', 'error_log /dev/null crit;', 'access_log off;']) {
      expect(await findings(ID, { 'nginx.conf': `${line}\nevents {}\n` }), line).toEqual([]);
    }
  });

  test('a line reached through an include is judged where it stands', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', 'conf.d/logs.conf': 'error_log off;\n' };
    expect((await findings(ID, files)).map(([s, l, c, e]) => [s, l, c, e])).toEqual([['info', 1, 11, 14]]);
  });

  test('a templated value is not judged', async () => {
    expect(await findings(ID, { 'nginx.conf': 'error_log {{ error_log }};\nevents {}\n' })).toEqual([]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: nginx -t accepts error_log off (it opens a file named "off")`, () => {
  test('error_log off; at the top level and in http', async () => {
    const result = await runNginxT([{ path: 'nginx.conf', text: 'error_log off;\nevents {}\nhttp {\n    error_log off;\n}\n' }], 'nginx.conf');
    expect(result.ok, result.output).toBe(true);
  });
});
