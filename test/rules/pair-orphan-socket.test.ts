import { describe, expect, test } from 'vitest';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/orphan-socket';

describe(ID, () => {
  test('a socket nothing connects to: info on its value', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031'), 'app.ini': ini('socket = 127.0.0.1:3031', 'http-socket = :8001') }), ID);
    expect(f.map((x) => [x.file, x.severity, x.line, x.column, x.endColumn])).toEqual([['app.ini', 'info', 3, 15, 20]]);
    expect(f[0].message).toContain('bypassing nginx');
    expect(f[0].message).toContain('proxy_pass http://127.0.0.1:8001;');
  });

  test.each([
    ['no nginx config in the run', { 'app.ini': ini('socket = /run/app.sock') }],
    ['the socket the http router forwards to', { 'site.conf': site('proxy_pass http://127.0.0.1:8000', ''), 'app.ini': ini('http = 127.0.0.1:8000', 'socket = 127.0.0.1:3031') }],
    ['a near miss (reported by socket-mismatch)', { 'site.conf': site('uwsgi_pass unix:/run/app/app.sock'), 'app.ini': ini('socket = /run/app.sock') }],
    ['a target computed per request', { 'site.conf': site('uwsgi_pass $backend'), 'app.ini': ini('socket = /run/app.sock') }],
  ])('no finding: %s', async (_, files) => {
    expect(byRule(await lintPair(files), ID)).toEqual([]);
  });
});
