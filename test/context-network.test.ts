// What compose files say about the network: published ports, network_mode, the names a compose
// network resolves; and the socket host known even when the port is a variable.
import { describe, expect, test } from 'vitest';
import { parseCompose } from '../src/context/compose.js';
import { createSourceFile } from '../src/source.js';
import { projectFromTexts } from '../src/lint.js';
import { socketBindings } from '../src/uwsgi/sockets.js';

const service = (text: string) => parseCompose(createSourceFile('/r/docker-compose.yml', text)).services[0];

describe('compose ports, network_mode and names', () => {
  test('short syntax: host ip, ranges, protocol, IPv6, container port only, a variable', () => {
    const s = service(`services:
  app:
    image: x
    ports:
      - "3031"
      - "8000:3031"
      - "127.0.0.1:9000:9001"
      - "9090-9091:8080-8081"
      - "6060:6060/udp"
      - "[::1]:6001:6001"
      - "::1:6002:6002"
      - "\${PORT}:\${PORT}"
      - 5000
`);
    expect(s.ports.map((p) => [p.hostIp, p.container && [p.container.from, p.container.to]])).toEqual([
      [null, [3031, 3031]],
      [null, [3031, 3031]],
      ['127.0.0.1', [9001, 9001]],
      [null, [8080, 8081]],
      [null, [6060, 6060]],
      ['::1', [6001, 6001]],
      ['::1', [6002, 6002]],
      [null, null],
      [null, [5000, 5000]],
    ]);
  });

  test('long syntax, network_mode, container_name and aliases', () => {
    const s = service(`services:
  app:
    image: x
    container_name: django
    network_mode: host
    networks:
      back:
        aliases: [api, backend]
    ports:
      - target: 3031
        published: "3031"
        host_ip: 127.0.0.1
      - target: 8000
`);
    expect(s.ports.map((p) => [p.hostIp, p.container?.from])).toEqual([
      ['127.0.0.1', 3031],
      [null, 8000],
    ]);
    expect(s.networkMode).toBe('host');
    expect(s.aliases).toEqual(['django', 'api', 'backend']);
  });
});

describe('a bind whose port is a variable keeps its host', () => {
  const bindings = (line: string) => {
    const project = projectFromTexts([{ path: 'app.ini', text: `[uwsgi]\n${line}\n`, kind: 'uwsgi' }], { cwd: '/p' });
    return socketBindings(project.uwsgi[0]).map((b) => ({ host: b.host, all: b.allInterfaces, address: b.address }));
  };
  test.each([
    ['socket = 0.0.0.0:$(PORT)', '0.0.0.0', true],
    ['socket = :${CONTAINER_PORT}', '', true],
    ['socket = 127.0.0.1:{{ port }}', '127.0.0.1', false],
    ['socket = [::]:$(PORT)', '::', true],
    ['http-socket = 0.0.0.0:${PORT:-8000}', '0.0.0.0', true],
    ['socket = *:@PORT@', '*', true],
  ])('%s', (line, host, all) => {
    expect(bindings(line)).toEqual([{ host, all, address: null }]);
  });
  test.each(['socket = ${HOST}:${PORT}', 'socket = {{ bind }}', 'socket = $(SOCKET)', 'socket = ${DIR}/app.sock'])('%s: no host', (line) => {
    expect(bindings(line)).toEqual([{ host: null, all: false, address: null }]);
  });
});
