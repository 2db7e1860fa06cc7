import { describe, expect, test } from 'vitest';
import { byRule, ini, lintPair, site } from '../support/rule-tester.js';

const ID = 'pair/socket-permissions';
const conf = site('uwsgi_pass unix:/run/app/app.sock');
const run = (lines: string[], config?: Record<string, unknown>, extra: Record<string, string> = {}) =>
  lintPair({ 'site.conf': conf, 'app.ini': ini('socket = /run/app/app.sock', ...lines), ...extra }, config).then((f) => byRule(f, ID));

describe(ID, () => {
  test('root, no uid, no chmod-socket: root:root 0755, error on the socket line, the uwsgi_pass related', async () => {
    const f = await run([]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: 'app.ini', severity: 'error', line: 2, column: 10, endColumn: 27 });
    expect(f[0].message).toContain('root:root with mode 0755');
    expect(f[0].message).toContain('`chmod-socket = 660` and `chown-socket = app:www-data`');
    expect(f[0].related[0]).toMatchObject({ filePath: 'site.conf', line: 5, column: 20 });
  });

  test('assumed workers fail but another main config of the run runs them as root: a warning naming it; a user in the site\'s own main config keeps the error', async () => {
    const rootMain = 'user root;\nevents {}\nhttp {\n    include /etc/nginx/sites-available/*;\n}\n';
    const f = await run([], undefined, { 'nginx/nginx.conf': rootMain });
    expect(f.map((x) => x.severity)).toEqual(['warning']);
    expect(f[0].message).toContain('if nginx.conf, whose workers run as root, is the config that loads it, it works');
    expect(f[0].related.at(-1)).toMatchObject({ filePath: 'nginx/nginx.conf', line: 1, column: 6, endColumn: 10 });
    // Told who the workers are: the error stands.
    expect((await run([], { nginxUser: 'www-data' }, { 'nginx/nginx.conf': rootMain })).map((x) => x.severity)).toEqual(['error']);
  });

  test('uid/gid without chown-socket: the app user owns the socket (the ini is written for a root start)', async () => {
    const f = await run(['chmod-socket = 660', 'uid = app', 'gid = app']);
    expect(f.map((x) => x.severity)).toEqual(['error']);
    expect(f[0].message).toContain('app:app with mode 0660');
    expect(f[0].message).toContain('chown-socket = app:www-data');
  });

  test('chown-socket with a group but no chmod-socket: the group cannot write', async () => {
    const f = await run(['chown-socket = app:www-data', 'uid = app']);
    expect(f[0].message).toContain('Add `chmod-socket = 660`');
  });

  test('a misspelled chmod-socket is named and related', async () => {
    const f = await run(['chmod_socket = 660', 'chown-socket = app:www-data', 'uid = app']);
    expect(f).toHaveLength(1);
    expect(f[0].related).toContainEqual(expect.objectContaining({ filePath: 'app.ini', line: 3, column: 1 }));
  });

  test('chown-socket to another user while uWSGI starts as a service user: error on chown-socket', async () => {
    const f = await run(['chmod-socket = 660', 'chown-socket = app:www-data'], { uwsgiUser: 'deploy' });
    expect(f.map((x) => [x.severity, x.line, x.column])).toEqual([['error', 4, 16]]);
    expect(f[0].message).toContain('chown(): Operation not permitted');
    expect(f[0].message).toContain('`chown-socket = deploy:www-data`');
  });

  test('chown-socket to itself and a group it may not be in: a warning naming the membership', async () => {
    const f = await run(['chmod-socket = 660', 'chown-socket = app:www-data'], { uwsgiUser: 'app' });
    expect(f.map((x) => [x.severity, x.line, x.column])).toEqual([['warning', 4, 16]]);
    expect(f[0].message).toContain('unless app is a member of www-data in /etc/group');
  });

  test('chmod-socket = 666: a warning on the chmod-socket value that names local code execution', async () => {
    const f = await run(['chmod-socket = 666', 'uid = app']);
    expect(f.map((x) => [x.severity, x.line, x.column, x.endColumn])).toEqual([['warning', 3, 16, 19]]);
    expect(f[0].message).toContain('every local user connect to the socket and run code as app');
    expect(f[0].message).toContain('UWSGI_FILE=exec://<command>');
  });

  test('a world-writable http-socket only bypasses nginx: no code execution claimed', async () => {
    const f = await lintPair({ 'site.conf': site('proxy_pass http://unix:/run/app/app.sock:', ''), 'app.ini': ini('http-socket = /run/app/app.sock', 'chmod-socket = 666') }).then((x) => byRule(x, ID));
    expect(f.map((x) => x.severity)).toEqual(['warning']);
    expect(f[0].message).toContain('bypassing nginx');
    expect(f[0].message).not.toContain('UWSGI_FILE');
  });

  test('nginx worker user from a linted main config', async () => {
    const main = 'user nginx;\nevents {}\nhttp {\n    include /project/site.conf;\n}\n';
    const f = await lintPair({ 'nginx.conf': main, 'app.ini': ini('socket = /run/app/app.sock', 'chmod-socket = 660', 'chown-socket = app:www-data', 'uid = app'), 'site.conf': conf });
    const mine = byRule(f, ID);
    expect(mine.map((x) => [x.file, x.line, x.column, x.endColumn, x.severity])).toEqual([['app.ini', 2, 10, 27, 'error']]);
    expect(mine[0].message).toContain('run as nginx');
    expect(mine[0].message).toContain('chown-socket = app:nginx');
  });

  test.each([
    ['660 + chown-socket app:www-data, started as root', ['chmod-socket = 660', 'chown-socket = app:www-data', 'uid = app', 'gid = app'], undefined],
    ["Debian's default.ini: chown-socket = www-data, uid = www-data", ['chmod-socket = 660', 'chown-socket = www-data', 'uid = www-data', 'gid = www-data'], undefined],
    ["uWSGI runs as nginx's own user", ['uid = www-data', 'gid = www-data'], undefined],
    ['nginx runs as root (docker, both root)', [], { nginxUser: 'root' }],
    ['service user with 660 and no chown (group given by systemd)', ['chmod-socket = 660', 'uid = app', 'gid = www-data'], { uwsgiStartsAs: 'service-user' }],
    ['templated chmod-socket', ['chmod-socket = {{ mode }}'], undefined],
  ])('no error: %s', async (_, lines, config) => {
    expect((await run(lines, config)).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('no finding when the socket is abstract or uWSGI includes a file that was not read', async () => {
    expect(await lintPair({ 'site.conf': site('uwsgi_pass unix:@app'), 'app.ini': ini('socket = @app') }).then((f) => byRule(f, ID))).toEqual([]);
    expect(await run(['ini = /usr/share/uwsgi/conf/default.ini'])).toEqual([]);
  });
});

describe(`${ID}: whose socket, for whom`, () => {
  test('gid without uid and without chown-socket: uWSGI stays root but switches group before binding', async () => {
    expect(await run(['chmod-socket = 660', 'gid = www-data'])).toEqual([]);
    const f = await run(['chmod-socket = 660', 'gid = app']);
    expect(f[0].message).toContain('root:app with mode 0660');
  });

  test("with no worker user configured or linted, a chown-socket naming a known worker account is whom the socket is for", async () => {
    // nginx.org packages, Alpine and CentOS images run workers as `nginx`.
    expect(await run(['chmod-socket = 664', 'chown-socket = nginx:nginx'])).toEqual([]);
    // Configured explicitly, the setting wins: www-data cannot write to nginx:nginx 0664.
    expect((await run(['chmod-socket = 664', 'chown-socket = nginx:nginx'], { nginxUser: 'www-data' })).map((f) => f.severity)).toEqual(['error']);
  });

  test("the worker user is the `user` of the main config that holds the pass, not another config's", async () => {
    const main = 'user nginx;\nevents {}\nhttp {\n    server {\n        location / {\n            include uwsgi_params;\n            uwsgi_pass unix:/run/app/app.sock;\n        }\n    }\n}\n';
    const other = 'user www-data;\nevents {}\nhttp {\n    server {\n        location / {\n            include uwsgi_params;\n            uwsgi_pass unix:/run/other.sock;\n        }\n    }\n}\n';
    const files = { 'a/nginx.conf': main, 'b/nginx.conf': other, 'app.ini': ini('socket = /run/app/app.sock', 'chmod-socket = 660', 'chown-socket = app:nginx', 'uid = app') };
    expect(byRule(await lintPair(files), ID)).toEqual([]);
  });
});

describe(`${ID}: the launch decides (docs/verdicts.md)`, () => {
  const recipe = ['chmod-socket = 660'];
  const unit = (service: string) => ({ 'deploy/app.service': `[Unit]\nDescription=app\n[Service]\n${service}\nExecStart=/usr/bin/uwsgi --ini /project/app.ini\n` });

  test('nothing known, the DigitalOcean recipe (660, no uid, no chown): a warning naming the launch that fails and the one that works', async () => {
    const f = await run(recipe);
    expect(f.map((x) => [x.severity, x.line, x.column])).toEqual([['warning', 2, 10]]);
    expect(f[0].message).toContain('started as root (an init script, a container without USER), the socket is root:root 0660');
    expect(f[0].message).toContain('whose group is www-data (systemd `User=app`, `Group=www-data`)');
    expect(f[0].message).toContain('it works');
    expect(f[0].message).toContain('"uwsgiStartsAs"');
  });

  test('`uid = root` and `uid = 0` are root, as much as no uid', async () => {
    for (const uid of ['uid = root', 'uid = 0']) {
      const f = await run([...recipe, uid]);
      expect(f.map((x) => x.severity)).toEqual(['warning']);
      expect(f[0].message).not.toContain('drops to');
    }
  });

  test('a systemd unit with User= and Group= of nginx: no finding; with its own group: an error with Group= advice', async () => {
    expect(await run(recipe, undefined, unit('User=app\nGroup=www-data'))).toEqual([]);
    const f = await run(recipe, undefined, unit('User=app\nGroup=app'));
    expect(f.map((x) => x.severity)).toEqual(['error']);
    expect(f[0].message).toContain('uWSGI starts as app with group app (the systemd unit app.service)');
    expect(f[0].message).toContain('systemd `Group=www-data`');
  });

  test('systemd User= alone: the primary group is not visible, a warning', async () => {
    const f = await run(recipe, undefined, unit('User=app'));
    expect(f.map((x) => x.severity)).toEqual(['warning']);
    expect(f[0].message).toContain('with its own group');
  });

  test('SupplementaryGroups= lets a service user chown to that group; DynamicUser= has no other group', async () => {
    const lines = [...recipe, 'chown-socket = app:www-data'];
    expect(await run(lines, undefined, unit('User=app\nSupplementaryGroups=www-data'))).toEqual([]);
    const f = await run(lines, undefined, unit('DynamicUser=yes\nUser=app'));
    expect(f.map((x) => [x.severity, x.line, x.column])).toEqual([['error', 4, 16]]);
    expect(f[0].message).toContain('may give a file only to a group it is in');
  });

  test('a Dockerfile USER: the advice is the Dockerfile\'s, not systemd\'s', async () => {
    const docker = { Dockerfile: 'FROM python:3.12\nCOPY app.ini /project/app.ini\nUSER app\nCMD ["uwsgi", "--ini", "/project/app.ini"]\n' };
    const f = await run([], undefined, docker);
    expect(f.map((x) => x.severity)).toEqual(['error']);
    expect(f[0].message).toContain('`USER app:www-data` in the Dockerfile');
    expect(f[0].message).not.toContain('systemd');
  });
});

describe(`${ID}: images of the run`, () => {
  test("compose runs the official nginx image: its workers are nginx, not Debian's www-data", async () => {
    const compose = 'services:\n  web:\n    image: nginx:1.25\n    volumes:\n      - ./site.conf:/etc/nginx/conf.d/default.conf\n';
    const lines = ['chmod-socket = 660', 'chown-socket = app:www-data', 'uid = app', 'gid = app'];
    const f = await run(lines, undefined, { 'docker-compose.yml': compose });
    expect(f.map((x) => x.severity)).toEqual(['error']);
    expect(f[0].message).toContain('run as nginx');
    expect(f[0].message).toContain('chown-socket = app:nginx');
    expect(f[0].related).toContainEqual(expect.objectContaining({ filePath: 'docker-compose.yml', line: 3, message: "this image runs nginx's workers as nginx" }));
    expect(await run(['chmod-socket = 660', 'chown-socket = app:nginx', 'uid = app', 'gid = app'], undefined, { 'docker-compose.yml': compose })).toEqual([]);
    // The setting still wins over the image.
    expect(await run(lines, { nginxUser: 'www-data' }, { 'docker-compose.yml': compose })).toEqual([]);
  });

  test('a Dockerfile FROM tiangolo/uwsgi-nginx-flask: the image\'s own ini gives the socket, nginx pairs with it', async () => {
    const dockerfile = 'FROM tiangolo/uwsgi-nginx-flask:python3.8\nCOPY ./app /app\n';
    const files = {
      Dockerfile: dockerfile,
      'app/uwsgi.ini': ini('module = main', 'callable = app'),
      'nginx.conf': 'user nginx;\nevents {}\nhttp {\n    server {\n        location / {\n            include uwsgi_params;\n            uwsgi_pass unix:///tmp/uwsgi.sock;\n        }\n    }\n}\n',
    };
    const f = await lintPair(files);
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
    expect(byRule(f, 'pair/socket-mismatch')).toEqual([]);
    expect(byRule(f, 'pair/unpaired')).toEqual([]);
  });
});
