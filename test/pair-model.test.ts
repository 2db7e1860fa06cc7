// The models the pair rules build on: pass targets, socket bindings, and their pairing.
import { describe, expect, test } from 'vitest';
import { parseAddress } from '../src/nginx/address.js';
import { buildModel, type NginxModel } from '../src/nginx/model.js';
import { isTemplated } from '../src/nginx/templated.js';
import type { NginxConfig } from '../src/project.js';
import { accepts, normalisePath, pairing } from '../src/pair.js';
import type { Project } from '../src/project.js';
import { settingsFrom } from '../src/config.js';
import { parseNginx } from '../src/nginx/parse.js';
import { createSourceFile } from '../src/source.js';
import { parseUwsgiIni, resolveUwsgi } from '../src/uwsgi/index.js';
import { socketBindings } from '../src/uwsgi/sockets.js';
import { loadedPlugins } from '../src/uwsgi/options.js';

const nginxModel = (config: NginxConfig): NginxModel => buildModel(config, isTemplated);

function uwsgi(text: string, path = '/project/app.ini') {
  return resolveUwsgi(parseUwsgiIni(createSourceFile(path, text), { cwd: '/project', env: {} }), { cwd: '/project', env: {} });
}

function nginx(text: string) {
  const root = parseNginx(createSourceFile('/project/site.conf', text));
  return { root, files: [root], resolutionProblems: [], included: new Map() };
}

describe('socket bindings', () => {
  test('protocols, addresses and flags', () => {
    const b = socketBindings(uwsgi('[uwsgi]\nsocket = /run/a.sock\nhttp-socket = :8000\nhttp = 127.0.0.1:9000\nhttps = :443,c.pem,k.pem\nsocket = unix:///run/b.sock\nsocket = @abs\nfastcgi-socket = [::]:9001\n'));
    expect(b.map((x) => x.protocol)).toEqual(['uwsgi', 'http', 'http-router', 'https-router', 'uwsgi', 'uwsgi', 'fastcgi']);
    expect(b[0].address).toEqual({ type: 'unix', path: '/run/a.sock' });
    expect(b[1]).toMatchObject({ allInterfaces: true, address: { type: 'tcp', host: '', port: 8000 } });
    expect(b[3].address).toEqual({ type: 'tcp', host: '', port: 443 });
    expect(b[4]).toMatchObject({ unixScheme: true, address: { type: 'tcp', host: 'unix', port: null } });
    expect(b[5]).toMatchObject({ abstract: true });
    expect(b[6]).toMatchObject({ allInterfaces: true, address: { type: 'tcp', host: '::', port: 9001 } });
  });

  test('protocol = http changes plain socket entries only', () => {
    const b = socketBindings(uwsgi('[uwsgi]\nsocket = :1\nuwsgi-socket = :2\nprotocol = http\n'));
    expect(b.map((x) => x.protocol)).toEqual(['http', 'uwsgi']);
  });

  test('relative paths: chdir, then the launch directory; an unknown chdir anchors nothing', () => {
    expect(socketBindings(uwsgi('[uwsgi]\nchdir = /srv/app\nsocket = app.sock\n'))[0].address).toEqual({ type: 'unix', path: '/srv/app/app.sock' });
    expect(socketBindings(uwsgi('[uwsgi]\nsocket = app.sock\n'), { launchDir: '/opt' })[0].address).toEqual({ type: 'unix', path: '/opt/app.sock' });
    expect(socketBindings(uwsgi('[uwsgi]\nchdir = sub\nsocket = app.sock\n'), { launchDir: '/opt' })[0].address).toEqual({ type: 'unix', path: '/opt/sub/app.sock' });
    expect(socketBindings(uwsgi('[uwsgi]\nchdir = {{ dir }}\nsocket = app.sock\n'), { launchDir: '/opt' })[0]).toMatchObject({ unanchored: true });
    expect(socketBindings(uwsgi('[uwsgi]\nsocket = app.sock\n'))[0]).toMatchObject({ unanchored: true, relative: true });
  });

  test('unknown values: templates and environment variables the run does not provide', () => {
    expect(socketBindings(uwsgi('[uwsgi]\nsocket = {{ s }}\n'))[0].address).toBeNull();
    expect(socketBindings(uwsgi('[uwsgi]\nsocket = $(SOCK)\n'))[0].address).toBeNull();
  });

  test('the http router needs the http plugin on a modular build', () => {
    expect(socketBindings(uwsgi('[uwsgi]\nplugins = python3\nhttp = :8000\n'))[0].missingPlugin).toBe('http');
    expect(socketBindings(uwsgi('[uwsgi]\nplugins = python3, http\nhttp = :8000\n'))[0].missingPlugin).toBeNull();
    expect(socketBindings(uwsgi('[uwsgi]\nplugin = /usr/lib/uwsgi/plugins/http_plugin.so\nhttp = :8000\n'))[0].missingPlugin).toBeNull();
    expect(socketBindings(uwsgi('[uwsgi]\nhttp = :8000\n'))[0].missingPlugin).toBeNull();
    expect(socketBindings(uwsgi('[uwsgi]\nhttp = :8000\n'), { build: 'modular' })[0].missingPlugin).toBe('http');
    expect(socketBindings(uwsgi('[uwsgi]\nplugins = python3\nhttp = :8000\n'), { build: 'monolithic' })[0].missingPlugin).toBeNull();
    expect([...loadedPlugins(uwsgi('[uwsgi]\nplugins = 0:python3,http\n')).names]).toEqual(['python3', 'http']);
  });
});

describe('pass targets', () => {
  test('schemes, unix paths, URIs and upstreams', () => {
    const m = nginxModel(nginx('upstream app { server unix:/run/a.sock; }\nserver {\n location / { uwsgi_pass app; }\n location /a { proxy_pass http://unix:/run/b.sock:/x; }\n location /b { proxy_pass https://example.com/; }\n location /c { uwsgi_pass suwsgi://10.0.0.1:3031; }\n location /d { uwsgi_pass $x; }\n location /e { proxy_pass 127.0.0.1:80; }\n}\n'));
    const t = m.passTargets;
    expect(t[0].upstream?.servers[0].address).toEqual({ type: 'unix', path: '/run/a.sock' });
    expect(t[1]).toMatchObject({ scheme: 'http', address: { type: 'unix', path: '/run/b.sock' }, uri: '/x' });
    expect(t[2]).toMatchObject({ scheme: 'https', address: { type: 'tcp', host: 'example.com', port: 443 }, uri: '/' });
    // uwsgi_pass has no URI part; a target from variables has one nobody knows yet.
    expect([t[0].uri, t[3].uri, t[4].uri]).toEqual([null, null, null]);
    expect(t[3]).toMatchObject({ scheme: 'suwsgi', address: { type: 'tcp', host: '10.0.0.1', port: 3031 } });
    expect(t[4].unknown).toMatch(/variables/);
    expect(t[5].unknown).toMatch(/invalid URL prefix/);
  });

  test('parseAddress', () => {
    expect(parseAddress('unix:///x.sock', null)).toEqual({ type: 'unix', path: '///x.sock' });
    expect(parseAddress('[::1]:3031', null)).toEqual({ type: 'tcp', host: '::1', port: 3031 });
    expect(parseAddress('app', 80)).toEqual({ type: 'tcp', host: 'app', port: 80 });
  });
});

describe('pairing', () => {
  test('unix:/// on the nginx side, %d double slash, loopback names, wildcard binds, docker names', () => {
    const sock = (v: string) => socketBindings(uwsgi(`[uwsgi]\nsocket = ${v}\n`))[0];
    expect(normalisePath('///run//a.sock')).toBe('/run/a.sock');
    expect(accepts(sock('/run/a.sock'), { type: 'unix', path: '///run/a.sock' })).toBe(true);
    expect(accepts(sock('%d/a.sock'), { type: 'unix', path: '/project/a.sock' })).toBe(true);
    expect(accepts(sock('localhost:3031'), { type: 'tcp', host: '127.0.0.1', port: 3031 })).toBe(true);
    expect(accepts(sock(':3031'), { type: 'tcp', host: 'app', port: 3031 })).toBe(true);
    expect(accepts(sock('10.0.0.1:3031'), { type: 'tcp', host: '10.0.0.2', port: 3031 })).toBe(false);
    expect(accepts(sock('127.0.0.1:3031'), { type: 'tcp', host: '127.0.0.1', port: 3032 })).toBe(false);
    expect(accepts(sock('unix:///run/a.sock'), { type: 'unix', path: '/run/a.sock' })).toBe(false);
  });

  test('endpoints and used bindings', () => {
    const project: Project = {
      cwd: '/project',
      nginx: [nginx('server { location / { uwsgi_pass unix:/run/a.sock; } }\n')],
      uwsgi: [uwsgi('[uwsgi]\nsocket = /run/a.sock\nsocket = /run/b.sock\n')],
      settings: settingsFrom({}, '/project'),
      readFailures: [],
    };
    const p = pairing(project);
    expect(p.targets[0].endpoints[0].matches.map((m) => m.binding.option.value)).toEqual(['/run/a.sock']);
    expect([...p.used].map((b) => b.option.value)).toEqual(['/run/a.sock']);
  });
});

describe('the nginx model: what is met while the tree is built', () => {
  test('pass targets in the order of their blocks (parents first), none from stream or upstream blocks; upstreams outside stream', () => {
    const model = nginxModel(
      nginx(
        [
          'stream { upstream tcp { server 127.0.0.1:1; } server { listen 9; proxy_pass tcp; } }',
          'http {',
          '  upstream app { server 127.0.0.1:8000; }',
          '  server {',
          '    location / {',
          '      if ($x) { uwsgi_pass unix:/run/if.sock; }',
          '      uwsgi_pass app;',
          '    }',
          '    location /api/ { proxy_pass http://127.0.0.1:9000; }',
          '  }',
          '}',
        ].join('\n'),
      ),
    );
    expect(model.passTargets.map((t) => t.directive.args[0].value)).toEqual(['app', 'unix:/run/if.sock', 'http://127.0.0.1:9000']);
    expect([...model.upstreams.keys()]).toEqual(['app']);
    expect(model.passTargets[0].upstream?.name).toBe('app');
  });
});
