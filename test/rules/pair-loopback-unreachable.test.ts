import { describe, expect, test } from 'vitest';
import { lintText } from '../../src/lint.js';
import { ini, site } from '../support/rule-tester.js';

/** Findings of the rule (and of the other pair rules, to see nothing else speaks) on nginx + ini + context files. */
async function lint(files: Record<string, string>) {
  const inputs = Object.entries(files).map(([path, text]) => ({ path, text, ...(path.endsWith('.conf') ? { kind: 'nginx' as const } : path.endsWith('.ini') ? { kind: 'uwsgi' as const } : {}) }));
  const result = await lintText(inputs, { cwd: '/project' });
  return result.results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId.startsWith('pair/'))
      .map((m) => ({ rule: m.ruleId, at: `${r.filePath}:${m.line}:${m.column}-${m.endLine}:${m.endColumn}`, severity: m.severity, message: m.message, related: m.related.map((x) => `${x.filePath}:${x.line}:${x.column}`) })),
  );
}

const mine = (found: Awaited<ReturnType<typeof lint>>) => found.filter((f) => f.rule === 'pair/loopback-unreachable');

const compose = `services:
  app:
    build: .
    command: uwsgi --ini /project/app.ini
  nginx:
    image: nginx:1.27
    ports:
      - "80:80"
`;

describe('pair/loopback-unreachable', () => {
  test('a compose service name and a loopback socket: an error on the nginx side', async () => {
    const found = await lint({ 'site.conf': site('uwsgi_pass app:3031'), 'app.ini': ini('module = app', 'socket = 127.0.0.1:3031'), 'docker-compose.yml': compose });
    expect(mine(found).map((f) => [f.at, f.severity])).toEqual([['site.conf:5:20-5:28', 'error']]);
    expect(mine(found)[0].message).toContain('`socket = 0.0.0.0:3031`');
    expect(mine(found)[0].message).toContain('Connection refused');
    expect(mine(found)[0].related).toEqual(['app.ini:3:10', 'docker-compose.yml:2:3']);
    // No other pair rule claims the pair works or fails for another reason.
    expect(found.filter((f) => f.rule === 'pair/socket-mismatch')).toEqual([]);
  });

  test('through an upstream server, on a container_name or network alias', async () => {
    const nginx = `upstream backend {\n    server django:8001;\n}\n${site('uwsgi_pass backend')}`;
    const named = compose.replace('    build: .\n', '    build: .\n    container_name: django\n');
    const found = mine(await lint({ 'site.conf': nginx, 'app.ini': ini('module = app', 'socket = localhost:8001'), 'docker-compose.yml': named }));
    expect(found.map((f) => [f.at, f.severity])).toEqual([['site.conf:2:12-2:23', 'error']]);
    const aliased = compose.replace('    build: .\n', '    build: .\n    networks:\n      back:\n        aliases: [django]\n');
    expect(mine(await lint({ 'site.conf': nginx, 'app.ini': ini('module = app', 'socket = 127.0.0.1:8001'), 'docker-compose.yml': aliased })).map((f) => f.severity)).toEqual(['error']);
  });

  test('a name the run cannot resolve: a warning that says when it fails and how to settle it', async () => {
    const found = mine(await lint({ 'site.conf': site('uwsgi_pass backend.internal:3031'), 'app.ini': ini('module = app', 'socket = 127.0.0.1:3031') }));
    expect(found.map((f) => [f.at, f.severity])).toEqual([['site.conf:5:20-5:41', 'warning']]);
    expect(found[0].message).toContain('/etc/hosts');
    expect(found[0].message).toContain('`uwsgi_pass 127.0.0.1:3031;`');
    expect(found[0].message).toContain('Lint the compose file');
  });

  test('the port is a variable: the compose service that starts the ini links them', async () => {
    const withEnv = compose.replace('    command:', '    environment:\n      PORT: "3031"\n    command:');
    const found = mine(await lint({ 'site.conf': site('uwsgi_pass app:3031'), 'app.ini': ini('module = app', 'socket = 127.0.0.1:$(UWSGI_PORT)'), 'docker-compose.yml': withEnv }));
    expect(found.map((f) => [f.at, f.severity])).toEqual([['site.conf:5:20-5:28', 'error']]);
  });

  test('good: every interface in the container, loopback on both sides, another socket that is reachable', async () => {
    expect(mine(await lint({ 'site.conf': site('uwsgi_pass app:3031'), 'app.ini': ini('module = app', 'socket = 0.0.0.0:3031'), 'docker-compose.yml': compose }))).toEqual([]);
    expect(mine(await lint({ 'site.conf': site('uwsgi_pass app:3031'), 'app.ini': ini('module = app', 'socket = :3031'), 'docker-compose.yml': compose }))).toEqual([]);
    expect(mine(await lint({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031'), 'app.ini': ini('module = app', 'socket = 127.0.0.1:3031') }))).toEqual([]);
    expect(mine(await lint({ 'site.conf': site('uwsgi_pass localhost:3031'), 'app.ini': ini('module = app', 'socket = 127.0.0.1:3031') }))).toEqual([]);
    expect(mine(await lint({ 'site.conf': site('uwsgi_pass app:3031'), 'app.ini': ini('module = app', 'socket = 127.0.0.1:3031', 'socket = 0.0.0.0:3031') }))).toEqual([]);
  });
});
