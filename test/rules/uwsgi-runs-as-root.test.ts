import { describe, expect, test } from 'vitest';
import { lintText } from '../../src/lint.js';
import { uwsgiFindings } from '../support/rule-tester.js';

const ID = 'uwsgi/runs-as-root';

/** runs-as-root and socket-permissions findings of an ini linted with context files. */
async function withContext(ini: string, context: Record<string, string>, nginx?: string) {
  const inputs = [
    { path: 'app.ini', text: ini, kind: 'uwsgi' as const },
    ...Object.entries(context).map(([path, text]) => ({ path, text, kind: 'context' as const })),
    ...(nginx ? [{ path: 'site.conf', text: nginx, kind: 'nginx' as const }] : []),
  ];
  const result = await lintText(inputs, { cwd: '/project' });
  return result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === ID || m.ruleId === 'pair/socket-permissions').map((m) => ({ rule: m.ruleId, severity: m.severity, at: `${m.line}:${m.column}-${m.endLine}:${m.endColumn}`, message: m.message })));
}

describe(ID, () => {
  test('bad: no uid and nothing says how uWSGI starts: names both launches', async () => {
    const found = await uwsgiFindings(ID, '[uwsgi]\nmodule = app\nsocket = /run/a.sock\n');
    expect(found.map((f) => [f.at, f.severity])).toEqual([['1:1-1:8', 'warning']]);
    expect(found[0].message).toContain('no `uid`');
    expect(found[0].message).toContain('started as a service user (systemd User=, docker USER) it does not');
  });
  test('an ini two launches start (a Dockerfile and a supervisord program): one finding, the one that knows it is root', async () => {
    const dockerfile = 'FROM python:3.12\nCOPY . /project\nCMD ["uwsgi", "--ini", "/project/app.ini"]\n';
    const supervisord = '[supervisord]\nnodaemon=true\n\n[program:app]\ncommand=/usr/local/bin/uwsgi --ini /project/app.ini\n';
    const found = (await withContext('[uwsgi]\nsocket = /run/a.sock\n', { Dockerfile: dockerfile, 'supervisord.conf': supervisord })).filter((f) => f.rule === ID);
    expect(found.map((f) => f.at)).toEqual(['1:1-1:8']);
    expect(found[0].message).toContain('the Dockerfile starts it as root');
  });
  test('good: uid', async () => {
    expect(await uwsgiFindings(ID, '[uwsgi]\nsocket = /run/a.sock\nuid = app\n')).toEqual([]);
  });
  test('`uid = root` and `uid = 0` are reported like a missing uid, on the uid value', async () => {
    for (const uid of ['root', '0']) {
      const found = await uwsgiFindings(ID, `[uwsgi]\nsocket = /run/a.sock\nuid = ${uid}\n`);
      expect(found.map((f) => [f.at, f.severity])).toEqual([[`3:7-3:${7 + uid.length}`, 'warning']]);
      expect(found[0].message).toContain(`\`uid = ${uid}\` is root`);
    }
  });
  test('silenced for deployments that start uWSGI as a service user', async () => {
    expect(await uwsgiFindings(ID, '[uwsgi]\nsocket = /run/a.sock\n', { uwsgiStartsAs: 'service-user' })).toEqual([]);
    expect(await uwsgiFindings(ID, '[uwsgi]\nsocket = /run/a.sock\n', { uwsgiUser: 'app' })).toEqual([]);
  });
  test('a Dockerfile USER app that starts uWSGI: not root, and socket-permissions says the same user', async () => {
    const dockerfile = 'FROM python:3.12\nCOPY app.ini /project/app.ini\nUSER app\nCMD ["uwsgi", "--ini", "/project/app.ini"]\n';
    const nginx = 'server {\n    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/a.sock;\n    }\n}\n';
    const found = await withContext('[uwsgi]\nsocket = /run/a.sock\n', { Dockerfile: dockerfile }, nginx);
    expect(found.filter((f) => f.rule === ID)).toEqual([]);
    expect(found.find((f) => f.rule === 'pair/socket-permissions')?.message).toContain('uWSGI starts as app');
  });
  test('a Dockerfile on an official image without USER: root, said with the file', async () => {
    const found = await withContext('[uwsgi]\nsocket = /run/a.sock\n', { Dockerfile: 'FROM python:3.12\nCOPY app.ini /project/app.ini\nCMD ["uwsgi", "--ini", "/project/app.ini"]\n' });
    expect(found.filter((f) => f.rule === ID).map((f) => f.message)).toEqual([expect.stringContaining('the Dockerfile starts it as root')]);
  });
  test('the launch file wins over the setting', async () => {
    const unit = '[Service]\nUser=app\nExecStart=/usr/bin/uwsgi --ini /project/app.ini\n';
    const result = await lintText([{ path: 'app.ini', text: '[uwsgi]\nsocket = /run/a.sock\n', kind: 'uwsgi' }, { path: 'app.service', text: unit, kind: 'context' }], { cwd: '/project', config: { uwsgiStartsAs: 'root' } });
    expect(result.results.flatMap((r) => r.messages).filter((m) => m.ruleId === ID)).toEqual([]);
  });
});
