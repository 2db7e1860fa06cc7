import { describe, expect, test } from 'vitest';
import { lintText } from '../../src/lint.js';
import { uwsgiFindings } from '../support/rule-tester.js';

/** The rule's findings on an ini (`/project/app.ini`) linted with the context files given beside it. */
async function findings(iniText: string, context: Record<string, string> = {}) {
  const inputs = [{ path: 'app.ini', text: iniText, kind: 'uwsgi' as const }, ...Object.entries(context).map(([path, text]) => ({ path, text }))];
  const result = await lintText(inputs, { cwd: '/project' });
  return result.results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId === 'uwsgi/all-interfaces')
      .map((m) => ({ at: `${m.line}:${m.column}-${m.endLine}:${m.endColumn}`, severity: m.severity, message: m.message, related: m.related.map((x) => `${x.filePath}:${x.line}:${x.column}`) })),
  );
}

const unit = '[Unit]\nDescription=app\n[Service]\nExecStart=/usr/bin/uwsgi --ini /project/app.ini\n';
const compose = (extra: string) => `services:\n  app:\n    image: python:3.12\n    command: uwsgi --ini /project/app.ini\n${extra}  web:\n    image: nginx\n`;

describe('uwsgi/all-interfaces', () => {
  test('an ini two launches start (a Dockerfile and a supervisord program): one finding, the one that shows where it listens', async () => {
    const dockerfile = 'FROM python:3.12\nCOPY . /project\nCMD ["uwsgi", "--ini", "/project/app.ini"]\n';
    const supervisord = '[supervisord]\nnodaemon=true\n\n[program:app]\ncommand=/usr/local/bin/uwsgi --ini /project/app.ini\n';
    const found = await findings('[uwsgi]\nmodule = app\nhttp = :8000\n', { Dockerfile: dockerfile, 'supervisord.conf': supervisord });
    expect(found.map((f) => f.at)).toEqual(['3:8-3:13']);
    expect(found[0].related).toEqual(['Dockerfile:3:7']);
  });

  test('an HTTP router on every interface: a warning that it bypasses nginx, not code execution', async () => {
    const found = await uwsgiFindings('uwsgi/all-interfaces', '[uwsgi]\nmodule = app\nhttp = :8000\n');
    expect(found.map((f) => [f.at, f.severity])).toEqual([['3:8-3:13', 'warning']]);
    expect(found[0].message).toContain('every network interface');
    expect(found[0].message).toContain('HTTP_*');
    expect(found[0].message).not.toContain('exec://');
  });

  test('a uwsgi socket on every interface, nothing known of where it runs: a warning naming the code execution and both cases', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nsocket = :3031\n');
    expect(found.map((f) => [f.at, f.severity])).toEqual([['3:10-3:15', 'warning']]);
    expect(found[0].message).toContain('UWSGI_FILE=exec://<command>');
    expect(found[0].message).toContain('in a container whose port is not published');
    expect(found[0].message).toContain('`socket = 127.0.0.1:3031`');
  });

  test('started by a systemd unit, on the host: an error', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nsocket = 0.0.0.0:3031\n', { 'app.service': unit });
    expect(found.map((f) => [f.at, f.severity])).toEqual([['3:10-3:22', 'error']]);
    expect(found[0].message).toContain('runs code on the server');
    expect(found[0].related).toEqual(['app.service:4:11']);
  });

  test('an http-socket on a host stays a warning: it bypasses nginx only', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nhttp-socket = :8000\n', { 'app.service': unit });
    expect(found.map((f) => [f.at, f.severity])).toEqual([['3:15-3:20', 'warning']]);
  });

  test('a compose service that publishes the port on every host interface: an error pointing at the ports entry', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nsocket = :3031\n', { 'docker-compose.yml': compose('    ports:\n      - "3031:3031"\n') });
    expect(found.map((f) => [f.at, f.severity])).toEqual([['3:10-3:15', 'error']]);
    expect(found[0].related).toEqual(['docker-compose.yml:6:9']);
    expect(found[0].message).toContain('Do not publish the port');
  });

  test('a compose service that publishes only other ports: a warning that says a container is not a host', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nsocket = :3031\n', { 'docker-compose.yml': compose('    ports:\n      - "8000:8000"\n    expose:\n      - "3031"\n') });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
    expect(found[0].message).toContain("not the exposure of a host's port");
    expect(found[0].message).toContain('every container on the same network can connect');
  });

  test('published on the host loopback only: a warning about local users', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nsocket = :3031\n', { 'docker-compose.yml': compose('    ports:\n      - target: 3031\n        published: 3031\n        host_ip: 127.0.0.1\n') });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
    expect(found[0].message).toContain('every local user of the host');
  });

  test('started by a Dockerfile alone: a warning, since `docker run -p` is not in the run', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nsocket = :3031\n', { Dockerfile: 'FROM python:3.12\nCOPY app.ini /project/app.ini\nCMD ["uwsgi", "--ini", "/project/app.ini"]\n' });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
    expect(found[0].message).toContain('`docker run -p`');
  });

  test('network_mode: host is the host: an error', async () => {
    const found = await findings('[uwsgi]\nmodule = app\nsocket = :3031\n', { 'docker-compose.yml': compose('    network_mode: host\n') });
    expect(found.map((f) => f.severity)).toEqual(['error']);
  });

  test('a port that is a variable still has a known host', async () => {
    const env = await findings('[uwsgi]\nmodule = app\nsocket = 0.0.0.0:$(PORT)\n');
    expect(env.map((f) => [f.at, f.severity])).toEqual([['3:10-3:25', 'warning']]);
    expect(env[0].message).toContain('`socket = 127.0.0.1:$(PORT)`');
    const envsubst = await findings('[uwsgi]\nmodule = app\nsocket = :${CONTAINER_PORT}\n', { 'app.service': unit });
    expect(envsubst.map((f) => [f.at, f.severity])).toEqual([['3:10-3:28', 'error']]);
    const withDefault = await findings('[uwsgi]\nmodule = app\nhttp-socket = 0.0.0.0:${PORT:-8000}\n');
    expect(withDefault.map((f) => f.at)).toEqual(['3:15-3:36']);
    const placeholder = await findings('[uwsgi]\nmodule = app\nsocket = [::]:%(port)\n');
    expect(placeholder.map((f) => f.at)).toEqual(['3:10-3:22']);
  });

  test('good: loopback, a unix socket, a host that is itself a variable', async () => {
    for (const line of ['socket = 127.0.0.1:3031', 'socket = 127.0.0.1:$(PORT)', 'socket = /run/app/app.sock', 'socket = {{ bind_host }}:3031', 'socket = ${HOST}:${PORT}', 'socket = $(BIND)']) {
      expect(await findings(`[uwsgi]\nmodule = app\n${line}\n`), line).toEqual([]);
    }
  });
});
