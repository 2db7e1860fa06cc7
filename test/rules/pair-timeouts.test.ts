import { describe, expect, test } from 'vitest';
import { parseDuration, parseSize } from '../../src/nginx/time.js';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/timeouts';
const sock = ['socket = 127.0.0.1:3031', 'buffer-size = 32768'];

describe(ID, () => {
  test('default uwsgi_read_timeout (60s) below harakiri: warning, harakiri related', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031'), 'app.ini': ini(...sock, 'harakiri = 120') }), ID);
    expect(f.map((x) => [x.severity, x.line, x.column])).toEqual([['warning', 5, 20]]);
    expect(f[0].message).toContain('nginx waits 60s');
    expect(f[0].related).toEqual([expect.objectContaining({ filePath: 'app.ini', line: 4, column: 12 })]);
  });

  test('an explicit timeout in minutes, inherited from the server', async () => {
    const conf = 'server {\n    uwsgi_read_timeout 1m;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass 127.0.0.1:3031;\n    }\n}\n';
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini(...sock, 'harakiri = 90') }), ID);
    expect(f).toHaveLength(1);
    expect(f[0].related[1]).toMatchObject({ filePath: 'site.conf', line: 2, column: 24 });
  });

  test('proxy_read_timeout for an http-socket', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('proxy_pass http://127.0.0.1:8000', 'proxy_read_timeout 10s;'), 'app.ini': ini('http-socket = 127.0.0.1:8000', 'buffer-size = 32768', 'harakiri = 30') }), ID);
    expect(f[0].message).toContain('proxy_read_timeout');
  });

  test.each([
    ['harakiri below the nginx timeout (the recommended order)', 'harakiri = 30', ''],
    ['harakiri equal to the timeout', 'harakiri = 60', ''],
    ['no harakiri', 'master = true', ''],
    ['a raised timeout', 'harakiri = 120', 'uwsgi_read_timeout 2m5s;'],
  ])('no finding: %s', async (_, line, extra) => {
    expect(byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031', `include uwsgi_params; ${extra}`), 'app.ini': ini(...sock, line) }), ID)).toEqual([]);
  });

  test('nginx durations and sizes', () => {
    expect(parseDuration('60')).toBe(60_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1m 30s')).toBe(90_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('x')).toBeNull();
    expect(parseDuration('$t')).toBeNull();
    expect(parseSize('8k')).toBe(8192);
    expect(parseSize('1M')).toBe(1_048_576);
    expect(parseSize('100')).toBe(100);
    expect(parseSize('1.5k')).toBeNull();
  });
});
