import { describe, expect, test } from 'vitest';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/socket-mismatch';
const OK = ['chmod-socket = 660', 'chown-socket = app:www-data', 'buffer-size = 32768'];

describe(ID, () => {
  test('a unix path that differs: error on the uwsgi_pass argument, the closest socket related', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass unix:/run/app/app.sock'), 'app.ini': ini('socket = /run/app.sock', ...OK) }), ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'site.conf', severity: 'error', line: 5, column: 20, endLine: 5, endColumn: 42 });
    expect(f[0].message).toContain('Did you mean unix:/run/app.sock');
    expect(f[0].message).toContain('No such file or directory');
    expect(f[0].related).toEqual([expect.objectContaining({ filePath: 'app.ini', line: 2, column: 10 })]);
  });

  test('a TCP port that differs, with the closest of several sockets suggested', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031'), 'app.ini': ini('socket = /run/app.sock', 'socket = 127.0.0.1:3032', ...OK) }), ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', line: 5, column: 20, endColumn: 34 });
    expect(f[0].message).toContain('Did you mean 127.0.0.1:3032');
    expect(f[0].related[0]).toMatchObject({ filePath: 'app.ini', line: 3, column: 10 });
  });

  test('an upstream whose only server is wrong: error on the server, the uwsgi_pass related', async () => {
    const conf = `upstream app {\n    server unix:/run/app/app.sock;\n}\n${site('uwsgi_pass app')}`;
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = /run/app/other.sock', ...OK) }), ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', line: 2, column: 12, endColumn: 34 });
    expect(f[0].related[0]).toMatchObject({ filePath: 'site.conf', line: 8, column: 20 });
  });

  // sirfz/django-uwsgi-circus-nginx (docs/evaluation.md, third sample): `server 127.0.0.1:8000`
  // would point uwsgi_pass at the HTTP router, a 504 instead of the 502.
  test('an upstream whose closest socket speaks another protocol: no server line to copy, the socket to add', async () => {
    const conf = `upstream app {\n    server 127.0.0.1:8001;\n}\n${site('uwsgi_pass app')}`;
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('http = 127.0.0.1:8000', ...OK) }), ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', line: 2, column: 12 });
    expect(f[0].message).toContain('The closest uWSGI socket, 127.0.0.1:8000 (`http = 127.0.0.1:8000` in app.ini), does not speak what `uwsgi_pass` sends');
    expect(f[0].message).toContain('`socket = 127.0.0.1:8001`');
    expect(f[0].message).not.toContain('server 127.0.0.1:8000');
  });

  // mitodl/micromasters (docs/evaluation.md, fourth sample): Compose sets DEV_ENV; Heroku's
  // nginx.conf.erb passes to the socket the ini binds when DEV_ENV is not set.
  test('a socket only an if-* block the run does not take would bind: a warning naming the condition', async () => {
    const main = (pass: string) => `events {}\nhttp {\n${site(pass)}}\n`;
    const app = ini('if-env = DEV_ENV', 'socket = :8077', 'endif =', 'if-not-env = DEV_ENV', 'socket = /tmp/nginx.socket', 'chmod-socket = 666', 'endif =');
    const f = byRule(await lintPair({ 'nginx.conf': main('uwsgi_pass unix:/tmp/nginx.socket'), 'app.ini': app }, { env: { DEV_ENV: 'True' } }), ID);
    expect(f.map((x) => [x.severity, x.line])).toEqual([['warning', 7]]);
    expect(f[0].message).toContain('`socket = /tmp/nginx.socket` in app.ini binds it only under `if-not-env = DEV_ENV`');
    expect(f[0].related.at(-1)).toMatchObject({ filePath: 'app.ini', line: 6, column: 10 });
    // A socket no block of the ini binds stays an error.
    const other = byRule(await lintPair({ 'nginx.conf': main('uwsgi_pass unix:/tmp/other.socket'), 'app.ini': app }, { env: { DEV_ENV: 'True' } }), ID);
    expect(other.map((x) => x.severity)).toEqual(['error']);
  });

  test('an upstream with one right and one wrong server: a warning on the wrong one', async () => {
    const conf = `upstream app {\n    server 127.0.0.1:3031;\n    server 127.0.0.1:3032;\n}\n${site('uwsgi_pass app')}`;
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = 127.0.0.1:3031', ...OK) }), ID);
    expect(f.map((x) => [x.severity, x.line, x.column])).toEqual([['warning', 3, 12]]);
  });

  // The uWSGI line carries uwsgi/unix-scheme, uwsgi/relative-socket or uwsgi/plugin-not-loaded;
  // the pair finding sits on the nginx side and points at that line, so no line gets two findings.
  test('socket = unix:///... on the uWSGI side: the pass is blamed, the uWSGI line related', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass unix:/run/app.sock'), 'app.ini': ini('socket = unix:///run/app.sock', ...OK) }), ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'site.conf', severity: 'error', line: 5, column: 20 });
    expect(f[0].message).toContain('Write `socket = /run/app.sock`');
    expect(f[0].related[0]).toMatchObject({ filePath: 'app.ini', line: 2, column: 10 });
  });

  test('a relative socket without chdir: an error only where the launch directory is known and elsewhere', async () => {
    const conf = site('uwsgi_pass unix:/srv/app/app.sock');
    // Started from /srv/app (a docker WORKDIR, say) it works: unknown, so no pair error;
    // uwsgi/relative-socket warns on the ini line.
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = app.sock', ...OK) }), ID)).toEqual([]);
    const launched = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = app.sock', ...OK) }, { uwsgiLaunchDir: '/opt' }), ID);
    expect(launched.map((x) => [x.file, x.severity, x.line, x.column])).toEqual([['site.conf', 'error', 5, 20]]);
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('chdir = /srv/app', 'socket = app.sock', ...OK) }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = app.sock', ...OK) }, { uwsgiLaunchDir: '/srv/app' }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('socket = app.sock', ...OK) }, { uwsgiLaunchDir: '/opt' }), ID)).toHaveLength(1);
  });

  test('http = on a modular uWSGI without the http plugin: error on the pass, the http line related', async () => {
    const conf = site('proxy_pass http://127.0.0.1:8000', '');
    const f = byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('plugins = python3', 'http = 127.0.0.1:8000', 'buffer-size = 32768') }), ID);
    expect(f.map((x) => [x.file, x.severity, x.line, x.column])).toEqual([['site.conf', 'error', 5, 20]]);
    expect(f[0].related[0]).toMatchObject({ filePath: 'app.ini', line: 3, column: 8 });
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('plugins = python3,http', 'http = 127.0.0.1:8000', 'buffer-size = 32768') }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': conf, 'app.ini': ini('http = 127.0.0.1:8000', 'buffer-size = 32768') }), ID)).toEqual([]);
  });

  test('no finding: no uWSGI config, variables, templates, sockets from the command line, another backend', async () => {
    expect(byRule(await lintPair({ 'site.conf': site('uwsgi_pass unix:/run/x.sock') }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': site('uwsgi_pass $backend'), 'app.ini': ini('socket = /run/app.sock') }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': site('uwsgi_pass unix:/run/x.sock'), 'app.ini': ini('socket = {{ socket_path }}') }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': site('uwsgi_pass unix:/run/x.sock'), 'app.ini': ini('module = app:application') }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': site('uwsgi_pass unix:/run/x.sock'), 'app.ini': ini('socket = $(SOCKET)') }), ID)).toEqual([]);
    expect(byRule(await lintPair({ 'site.conf': site('proxy_pass http://127.0.0.1:5000', ''), 'app.ini': ini('socket = /run/app.sock') }), ID)).toEqual([]);
  });

  test('explicit pairs keep an nginx config from meeting the wrong uWSGI config', async () => {
    const files = { 'site.conf': site('uwsgi_pass unix:/run/a.sock'), 'a.ini': ini('socket = /run/a.sock', ...OK), 'b.ini': ini('socket = /run/b.sock', ...OK) };
    expect(byRule(await lintPair(files), ID)).toEqual([]);
    expect(byRule(await lintPair(files, { pairs: [{ nginx: 'site.conf', uwsgi: 'b.ini' }] }), ID)).toHaveLength(1);
  });
});

describe('pair/socket-mismatch: every socket of the run already has its nginx', () => {
  test('a second nginx config (a host variant) whose socket is nowhere in the run: a warning, its uWSGI is likely outside the run', async () => {
    const files = { 'a/nginx.conf': site('uwsgi_pass unix:/tmp/uwsgi.sock'), 'b/nginx.conf': site('uwsgi_pass unix:/home/u/app.sock'), 'app.ini': ini('socket = /tmp/uwsgi.sock', ...OK) };
    const f = byRule(await lintPair(files), ID);
    expect(f.map((x) => [x.file, x.severity, x.line, x.column, x.endLine, x.endColumn])).toEqual([['b/nginx.conf', 'warning', 5, 20, 5, 41]]);
    expect(f[0].message).toContain('every uWSGI socket of the run is already reached by another nginx config');
    expect(f[0].message).toContain('"pairs"');
    // An `http =` socket nobody reaches cannot serve a uwsgi_pass: it does not make the miss certain.
    const withHttp = { ...files, 'app.ini': ini('socket = /tmp/uwsgi.sock', 'http = 0.0.0.0:8000', ...OK) };
    expect(byRule(await lintPair(withHttp), ID).map((x) => x.severity)).toEqual(['warning']);
  });

  test('still an error: a socket of the run that no nginx reaches, or "pairs" naming this config', async () => {
    // Whole nginx.conf files: a far miss in a fragment is a warning anyway (another uWSGI of the box may listen there).
    const whole = (pass: string) => `events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            include uwsgi_params;\n            ${pass};\n        }\n    }\n}\n`;
    const files = { 'a/nginx.conf': whole('uwsgi_pass unix:/tmp/uwsgi.sock'), 'b/nginx.conf': whole('uwsgi_pass unix:/home/u/app.sock'), 'app.ini': ini('socket = /tmp/uwsgi.sock', ...OK) };
    const spare = { ...files, 'other.ini': ini('socket = /run/other.sock', ...OK) };
    expect(byRule(await lintPair(spare), ID).map((x) => [x.file, x.severity])).toEqual([['b/nginx.conf', 'error']]);
    const paired = byRule(await lintPair(files, { pairs: [{ nginx: 'b/nginx.conf', uwsgi: 'app.ini' }] }), ID);
    expect(paired.map((x) => [x.file, x.severity])).toEqual([['b/nginx.conf', 'error']]);
    // One nginx config, one ini, paths that differ: nothing else reaches the socket.
    const alone = byRule(await lintPair({ 'b/nginx.conf': whole('uwsgi_pass unix:/home/u/app.sock'), 'app.ini': ini('socket = /tmp/uwsgi.sock', ...OK) }), ID);
    expect(alone.map((x) => x.severity)).toEqual(['error']);
  });
});

describe('pair/socket-mismatch: what is not a miss', () => {
  test('a proxy_pass to another port than a socket of another protocol is another backend (pair/unpaired), not a typo', async () => {
    const files = { 'site.conf': site('proxy_pass http://127.0.0.1:7000', ''), 'app.ini': ini('socket = 127.0.0.1:8000', 'buffer-size = 32768') };
    const f = await lintPair(files);
    expect(byRule(f, 'pair/socket-mismatch')).toEqual([]);
    expect(byRule(f, 'pair/unpaired').map((x) => x.severity)).toEqual(['info']);
  });

  test("Debian's per-app socket /run/uwsgi/app/NAME/socket: a warning that names the mapping, not an error", async () => {
    const files = { 'site.conf': site('uwsgi_pass unix:///run/uwsgi/app/weblate/socket'), 'weblate.ini': ini('socket = 127.0.0.1:8080', 'buffer-size = 32768') };
    const f = byRule(await lintPair(files), 'pair/socket-mismatch');
    expect(f.map((x) => x.severity)).toEqual(['warning']);
    expect(f[0].message).toContain('/etc/uwsgi/apps-enabled/weblate.ini');
    expect(f[0].message).toContain('pathMappings');
  });
});

describe(`${ID}: what a fragment's run can see`, () => {
  const main = (pass: string) => `events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            include uwsgi_params;\n            ${pass};\n        }\n    }\n}\n`;

  test('a fragment passing where nothing of the run is near: a warning, another uWSGI of the box may listen there', async () => {
    const f = byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:8001'), 'app.ini': ini('socket = /run/app.sock', ...OK) }), ID);
    expect(f.map((x) => [x.severity, x.line, x.column, x.endColumn])).toEqual([['warning', 5, 20, 34]]);
    expect(f[0].message).toContain('whose ini this run does not hold');
    expect(f[0].message).toContain('"pairs"');
  });

  test('the same pass in a whole nginx.conf, or a near miss in a fragment: still an error', async () => {
    const whole = byRule(await lintPair({ 'nginx.conf': main('uwsgi_pass 127.0.0.1:8001'), 'app.ini': ini('socket = /run/app.sock', ...OK) }), ID);
    expect(whole.map((x) => x.severity)).toEqual(['error']);
    const near = byRule(await lintPair({ 'site.conf': site('uwsgi_pass 127.0.0.1:3031'), 'app.ini': ini('socket = 127.0.0.1:3032', ...OK) }), ID);
    expect(near.map((x) => x.severity)).toEqual(['error']);
  });
});
