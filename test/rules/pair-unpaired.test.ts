import { describe, expect, test } from 'vitest';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/unpaired';

describe(ID, () => {
  test('a target with variables: info on the target', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass $backend'), 'app.ini': ini('socket = /run/app.sock') }), ID);
    expect(f.map((x) => [x.severity, x.line, x.column, x.endColumn])).toEqual([['info', 5, 20, 28]]);
  });

  test('a proxy_pass to another backend: info', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('proxy_pass http://10.1.2.3:5000', ''), 'app.ini': ini('socket = /run/app.sock') }), ID);
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('another backend')]);
  });

  test('a uWSGI config without sockets (given on the command line): info, never an error', async () => {
    const all = await lintPair({ 'site.conf': site('uwsgi_pass unix:/run/x.sock'), 'app.ini': ini('module = app:application') });
    expect(byRule(all, ID).map((x) => x.message)).toEqual([expect.stringContaining('command line')]);
    expect(all.filter((x) => x.severity === 'error')).toEqual([]);
  });

  test.each([
    ['no uWSGI config in the run', { 'site.conf': site('uwsgi_pass $backend') }],
    ['a matched target', { 'site.conf': site('uwsgi_pass unix:/run/app.sock'), 'app.ini': ini('socket = /run/app.sock') }],
  ])('no finding: %s', async (_, files) => {
    expect(byRule(await lintPair(files), ID)).toEqual([]);
  });
});
