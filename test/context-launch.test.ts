// Context files: a Dockerfile, a compose file, a unit, a supervisord program; the uWSGI launch
// each describes; and the pair it completes.
import { describe, expect, it } from 'vitest';
import { collectLaunches, contextKindOf, debianLaunch, findUwsgiCommands, parseArguments, type UwsgiLaunch } from '../src/context/index.js';
import { mapped, shellCommands } from '../src/context/shell.js';
import { lintText, projectFromTexts, type LintTextInput } from '../src/lint.js';
import { pairing } from '../src/pair.js';
import { createSourceFile } from '../src/source.js';
import { socketBindings } from '../src/uwsgi/sockets.js';

function launches(files: { path: string; text: string }[]): UwsgiLaunch[] {
  const sources = files.map((f) => ({ kind: contextKindOf(f.path, f.text)!, source: createSourceFile(f.path, f.text) }));
  return collectLaunches(sources, () => undefined);
}

const options = (l: UwsgiLaunch) => l.options.map((o) => `${o.key}=${o.value}`);
const text = (l: UwsgiLaunch, i: number) => l.source.text.slice(l.options[i].valueSpan.start, l.options[i].valueSpan.end);

function pairOutcome(inputs: LintTextInput[]): string {
  const result = pairing(projectFromTexts(inputs, { cwd: '/repo' }));
  const endpoints = result.targets.flatMap((t) => t.endpoints);
  return endpoints.some((e) => e.matches.length > 0) ? 'match' : 'no match';
}

describe('shell words', () => {
  it('removes quotes, expands known variables, marks unknown ones', () => {
    const words = shellCommands(mapped(`uwsgi --socket "0.0.0.0:$PORT" '--chdir' /a\\ b $NOPE && echo x`, 0), { PORT: '8000' });
    expect(words.map((c) => c.map((w) => w.text))).toEqual([['uwsgi', '--socket', '0.0.0.0:8000', '--chdir', '/a b', '\uFFFC'], ['echo', 'x']]);
  });
});

describe('uWSGI command lines', () => {
  const src = (t: string) => createSourceFile('/x/cmd', t);
  const parse = (t: string) => findUwsgiCommands(src(t), mapped(t, 0), {})[0]?.options.map((o) => `${o.key}=${o.value}`);

  it('reads long options with and without =, short options, flags and bare configs', () => {
    expect(parse('uwsgi app.ini --socket :3031 --http=:8000 -M -p 4 -s/tmp/a.sock --master --chmod-socket --enable-threads -w app:app')).toEqual([
      'socket=:3031', 'http=:8000', 'master=1', 'processes=4', 'socket=/tmp/a.sock', 'master=1', 'chmod-socket=1', 'enable-threads=1', 'module=app:app', 'ini=app.ini',
    ]);
  });

  it('looks through exec, env assignments, gosu and sh -c', () => {
    const found = findUwsgiCommands(src(`exec gosu app sh -c "UWSGI_SOCKET=/run/a.sock uwsgi_python3 --ini /etc/a.ini"`), mapped(`exec gosu app sh -c "UWSGI_SOCKET=/run/a.sock uwsgi_python3 --ini /etc/a.ini"`, 0), {});
    expect(found[0].user).toBe('app');
    expect(found[0].assignmentOptions.map((o) => `${o.key}=${o.value}`)).toEqual(['socket=/run/a.sock']);
    expect(found[0].options.map((o) => `${o.key}=${o.value}`)).toEqual(['ini=/etc/a.ini']);
  });

  it('is not fooled by other programs', () => {
    expect(findUwsgiCommands(src('gunicorn app:app -b :8000'), mapped('gunicorn app:app -b :8000', 0), {})).toEqual([]);
  });

  it('keeps the span of each option in the file', () => {
    const t = 'uwsgi --socket=:9000';
    const [o] = parseArguments(src(t), shellCommands(mapped(t, 0), {})[0].slice(1));
    expect(t.slice(o.keySpan.start, o.keySpan.end)).toBe('socket');
    expect(t.slice(o.valueSpan.start, o.valueSpan.end)).toBe(':9000');
  });
});

describe('Dockerfile', () => {
  it('reads CMD in exec form with ENV, WORKDIR, USER and COPY', () => {
    const [l] = launches([{ path: '/repo/Dockerfile', text: 'FROM python:3.12\nENV UWSGI_CHMOD_SOCKET=660\nWORKDIR /srv\nWORKDIR app\nCOPY uwsgi.ini .\nUSER app\nCMD ["uwsgi", "--ini", "uwsgi.ini", "--socket", "/run/app.sock"]\n' }]);
    expect(options(l)).toEqual(['chmod-socket=660', 'ini=uwsgi.ini', 'socket=/run/app.sock']);
    expect(l.launchDir).toBe('/srv/app');
    expect(l.user).toBe('app');
    expect(text(l, 2)).toBe('/run/app.sock');
  });

  it('reads CMD in shell form with continuation lines and ARG/ENV expansion', () => {
    const [l] = launches([{ path: '/repo/Dockerfile', text: 'FROM debian\nARG PORT=8000\nENV PORT=$PORT\nCMD nginx && \\\n    uwsgi --socket 0.0.0.0:$PORT app.ini\n' }]);
    expect(options(l)).toEqual(['socket=0.0.0.0:8000', 'ini=app.ini']);
    expect(l.user).toBe('root');
    expect(l.launchDir).toBe('/');
  });

  it('joins an exec-form ENTRYPOINT with CMD, and falls back to CMD behind an entrypoint script', () => {
    const [a] = launches([{ path: '/repo/Dockerfile', text: 'FROM python\nENTRYPOINT ["uwsgi"]\nCMD ["--http", ":8000"]\n' }]);
    expect(options(a)).toEqual(['http=:8000']);
    const [b] = launches([{ path: '/repo/Dockerfile', text: 'FROM python\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["uwsgi", "--http", ":8000"]\n' }]);
    expect(options(b)).toEqual(['http=:8000']);
  });

  it('does not know the user or directory of an unofficial base image', () => {
    const [l] = launches([{ path: '/repo/Dockerfile', text: 'FROM tiangolo/uwsgi-nginx\nCMD uwsgi --ini /app/uwsgi.ini\n' }]);
    expect(l.user).toBeNull();
    expect(l.launchDir).toBeNull();
  });
});

describe('the script an image runs', () => {
  // The repository's files as readFile sees them.
  const repo = (files: Record<string, string>) => (path: string) => files[path];
  const launchesWith = (dockerfile: string, files: Record<string, string>) =>
    collectLaunches([{ kind: 'dockerfile', source: createSourceFile('/repo/Dockerfile', dockerfile) }], repo(files));

  it('reads the uWSGI command of the script CMD runs, where COPY put it, with the directory its cd leaves', () => {
    const script = '#!/bin/bash -x\ncd /django/app\n# uwsgi --ini mysite_uwsgi.ini &\nuwsgi --socket :8001 --module config.wsgi &\nexec /bin/bash\n';
    const [l] = launchesWith('FROM centos:7\nADD init.sh /usr/local/bin/init.sh\nCMD ["/usr/local/bin/init.sh"]\n', { '/repo/init.sh': script });
    expect(options(l)).toEqual(['socket=:8001', 'module=config.wsgi']);
    expect(l.source.path).toBe('/repo/init.sh');
    expect(text(l, 0)).toBe(':8001');
    expect(l.launchDir).toBe('/django/app');
    expect(l.user).toBe('root');
    expect(l.runBy).toBe('/repo/Dockerfile');
  });

  it('finds a script run by a shell, relative to WORKDIR, and one behind an ENTRYPOINT', () => {
    const files = { '/repo/app/run.sh': 'uwsgi --ini uwsgi.ini\n' };
    const [a] = launchesWith('FROM python:3.12\nCOPY app /src\nWORKDIR /src\nCMD ["bash", "run.sh"]\n', files);
    expect(options(a)).toEqual(['ini=uwsgi.ini']);
    expect(a.launchDir).toBe('/src');
    const [b] = launchesWith('FROM python:3.12\nCOPY app /src\nWORKDIR /src\nENTRYPOINT ["./run.sh"]\n', files);
    expect(options(b)).toEqual(['ini=uwsgi.ini']);
  });

  it('does not guess: two uWSGI commands, a cd to a variable, a script the repository does not hold', () => {
    const dockerfile = 'FROM python:3.12\nCOPY start.sh /start.sh\nCMD /start.sh\n';
    const two = 'if [ "$1" = web ]; then\n  uwsgi --socket :8000 --module a\nelse\n  uwsgi --socket :9000 --module b\nfi\n';
    expect(launchesWith(dockerfile, { '/repo/start.sh': two })).toEqual([]);
    expect(launchesWith(dockerfile, { '/repo/start.sh': 'if [ -n "$WEB" ]; then uwsgi --socket :8000; else\n  uwsgi --socket :9000\nfi\n' })).toEqual([]);
    const [moved] = launchesWith(dockerfile, { '/repo/start.sh': 'cd $APP_DIR\nuwsgi --ini app.ini\n' });
    expect(moved.launchDir).toBeNull();
    expect(launchesWith(dockerfile, {})).toEqual([]);
    expect(launchesWith('FROM python:3.12\nCOPY start.sh /start.sh\nCMD ["supervisord"]\n', { '/repo/start.sh': 'uwsgi --socket :8000\n' })).toEqual([]);
  });

  it('completes the pair: the upstream that the script\'s uWSGI listens on is no socket mismatch', async () => {
    const nginx = { path: 'app/site.conf', text: 'upstream django {\n    server 127.0.0.1:8001;\n}\nserver {\n    listen 80;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass django;\n    }\n}\n' };
    const ini = { path: 'app/site_uwsgi.ini', text: '[uwsgi]\nmodule = config.wsgi\nsocket = /app/app.sock\n' };
    const dockerfile = { path: 'Dockerfile', text: 'FROM centos:7\nADD app /app/\nADD init.sh /usr/local/bin/init.sh\nCMD ["/usr/local/bin/init.sh"]\n' };
    const script = { path: 'init.sh', text: 'cd /app\nuwsgi --socket :8001 --module config.wsgi &\nexec nginx -g "daemon off;"\n', kind: 'context' as const };
    const rules = async (inputs: LintTextInput[]) => (await lintText(inputs, { cwd: '/repo' })).results.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.severity} ${m.ruleId}`));
    expect(await rules([nginx, ini, dockerfile])).toContain('app/site.conf error pair/socket-mismatch');
    const found = await rules([nginx, ini, dockerfile, script]);
    expect(found.filter((f) => f.includes('pair/socket-mismatch'))).toEqual([]);
    expect(found).toContain('init.sh warning uwsgi/runs-as-root');
    const [root] = (await lintText([nginx, dockerfile, script], { cwd: '/repo' })).results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'uwsgi/runs-as-root'));
    expect(root.message).toContain("the Dockerfile's init.sh starts it as root");
  });
});

describe('docker-compose', () => {
  const dockerfile = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["uwsgi", "--ini", "uwsgi.ini"]\n';

  it('overrides the image command, adds environment (map and list) and working_dir', () => {
    const compose = [
      'x-env: &env',
      '  UWSGI_PROCESSES: "4"',
      'services:',
      '  web:',
      '    build: ./app',
      '    command: uwsgi --ini uwsgi.ini --http-socket :8000',
      '    environment:',
      '      <<: *env',
      '      UWSGI_CHMOD_SOCKET: "660"',
      '  worker:',
      '    image: python:3.12',
      '    working_dir: /w',
      '    command: ["uwsgi", "--socket", ":3031"]',
      '    environment:',
      '      - UWSGI_MASTER=1',
      '      - FROM_HOST',
      '  db:',
      '    image: postgres',
    ].join('\n');
    const ls = launches([
      { path: '/repo/docker-compose.yml', text: compose },
      { path: '/repo/app/Dockerfile', text: dockerfile },
    ]);
    expect(ls.map((l) => l.name)).toEqual(['web', 'worker']);
    const [web, worker] = ls;
    // `<<: *env` merges the anchor's variables in (mitodl/micromasters, docs/evaluation.md, fourth sample).
    expect(options(web)).toEqual(['processes=4', 'chmod-socket=660', 'ini=uwsgi.ini', 'http-socket=:8000']);
    expect(web.source.path).toBe('/repo/docker-compose.yml');
    expect(web.launchDir).toBe('/app');
    expect(options(worker)).toEqual(['master=1', 'socket=:3031']);
    expect(worker.launchDir).toBe('/w');
    expect(text(worker, 1)).toBe(':3031');
  });

  it('reads merged environment keys, its own keys winning, and the earlier of two merged maps', () => {
    const compose = [
      'x-base: &base',
      '  DEV_ENV: "True"',
      '  PORT: "8000"',
      'x-more: &more',
      '  PORT: "9000"',
      '  UWSGI_PROCESSES: "2"',
      'services:',
      '  web:',
      '    image: python:3.12',
      '    command: uwsgi --ini uwsgi.ini',
      '    environment:',
      '      <<: [*base, *more]',
      '      UWSGI_PROCESSES: "8"',
    ].join('\n');
    const [web] = launches([{ path: '/repo/docker-compose.yml', text: compose }]);
    expect(web.env).toMatchObject({ DEV_ENV: 'True', PORT: '8000', UWSGI_PROCESSES: '8' });
    expect(options(web)).toEqual(['processes=8', 'ini=uwsgi.ini']);
    expect(web.source.text.slice(web.options[0].valueSpan.start, web.options[0].valueSpan.end)).toBe('"8"');
  });
});

describe('systemd and supervisord', () => {
  it('reads ExecStart, Environment, WorkingDirectory and User', () => {
    const unit = '[Unit]\nDescription=app\n[Service]\nUser=app\nWorkingDirectory=/srv/app\nEnvironment="UWSGI_SOCKET=/run/app/app.sock" LANG=C\nExecStart=/usr/bin/uwsgi \\\n  --ini /etc/uwsgi/app.ini --chmod-socket=660\n';
    const [l] = launches([{ path: '/repo/deploy/app.service', text: unit }]);
    expect(options(l)).toEqual(['socket=/run/app/app.sock', 'ini=/etc/uwsgi/app.ini', 'chmod-socket=660']);
    expect(l.user).toBe('app');
    expect(l.launchDir).toBe('/srv/app');
  });

  it('reads a supervisord program', () => {
    const conf = '[supervisord]\nnodaemon=true\n\n[program:app]\ncommand = /usr/local/bin/uwsgi --ini /opt/app/uwsgi.ini ; comment\ndirectory=/opt/app\nenvironment=UWSGI_PROCESSES="2",A=b\n\n[program:nginx]\ncommand=/usr/sbin/nginx\n';
    const [l] = launches([{ path: '/repo/supervisord.conf', text: conf }]);
    expect(options(l)).toEqual(['processes=2', 'ini=/opt/app/uwsgi.ini']);
    expect(l.launchDir).toBe('/opt/app');
    expect(l.name).toBe('app');
  });
});

describe('Debian apps-enabled', () => {
  it('starts an ini under /etc/uwsgi/apps-enabled with default.ini and the deb-conf options', () => {
    const l = debianLaunch('/etc/uwsgi/apps-enabled/site.ini')!;
    expect(options(l)).toEqual([
      'deb-confnamespace=app', 'deb-confname=site', 'ini=/usr/share/uwsgi/conf/default.ini', 'ini=/etc/uwsgi/apps-enabled/site.ini', 'daemonize=/var/log/uwsgi/app/site.log',
    ]);
    expect(debianLaunch('/etc/uwsgi/vassals/site.ini')).toBeNull();
  });

  it('gives a repository ini under etc/uwsgi/apps-available the Debian socket', () => {
    const project = projectFromTexts([{ path: 'etc/uwsgi/apps-available/site.ini', text: '[uwsgi]\nmodule = app\n' }], { cwd: '/repo' });
    const [config] = project.uwsgi;
    expect(config.launch?.kind).toBe('debian');
    expect(socketBindings(config).map((b) => b.address)).toEqual([{ type: 'unix', path: '/run/uwsgi/app/site/socket' }]);
    expect(config.options.find((o) => o.key === 'uid')?.value).toBe('www-data');
  });
});

describe('pairs completed by context', () => {
  const nginx = { path: 'nginx/site.conf', text: 'server {\n  location / {\n    include uwsgi_params;\n    uwsgi_pass unix:/app/app.sock;\n  }\n}\n' };
  const ini = { path: 'app/uwsgi.ini', text: '[uwsgi]\nmodule = app\nsocket = %dapp.sock\n' };

  it('compares only the part after %d without context, and the whole path once the Dockerfile places the ini', () => {
    const alone = socketBindings(projectFromTexts([nginx, ini], { cwd: '/repo' }).uwsgi[0])[0];
    expect(alone).toMatchObject({ locationUnknown: true, address: { type: 'unix', path: 'app.sock' } });
    expect(pairOutcome([{ ...nginx, text: nginx.text.replace('/app/app.sock', '/srv/x/app.sock') }, ini])).toBe('match');
    const dockerfile = { path: 'app/Dockerfile', text: 'FROM python:3.12\nWORKDIR /app\nCOPY . /app/\nCMD ["uwsgi", "uwsgi.ini"]\n' };
    const placed = projectFromTexts([nginx, ini, dockerfile], { cwd: '/repo' });
    expect(socketBindings(placed.uwsgi[0])[0]).toMatchObject({ address: { type: 'unix', path: '/app/app.sock' } });
    expect(socketBindings(placed.uwsgi[0])[0].locationUnknown).toBeUndefined();
    expect(pairOutcome([nginx, ini, dockerfile])).toBe('match');
    expect(pairOutcome([{ ...nginx, text: nginx.text.replace('/app/app.sock', '/srv/x/app.sock') }, ini, dockerfile])).toBe('no match');
  });

  it('takes the socket from the command line, with its span in the Dockerfile', () => {
    const bare = { path: 'app/uwsgi.ini', text: '[uwsgi]\nmodule = app\n' };
    const dockerfile = { path: 'app/Dockerfile', text: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD uwsgi --ini uwsgi.ini --socket /app/app.sock\n' };
    const project = projectFromTexts([nginx, bare, dockerfile], { cwd: '/repo' });
    const result = pairing(project);
    const match = result.targets[0].endpoints[0].matches[0];
    expect(match.binding.option.commandLine).toBe('argument');
    expect(match.binding.option.keySpan.source.path).toBe('/repo/app/Dockerfile');
    expect(match.config.launch).toMatchObject({ kind: 'dockerfile', launchDir: '/app', user: 'root', productionPath: '/app/uwsgi.ini' });
  });

  it('turns a command line without an ini into a config of its own', () => {
    const compose = { path: 'docker-compose.yml', text: 'services:\n  app:\n    image: python:3.12\n    command: uwsgi --socket /app/app.sock --module app\n' };
    expect(pairOutcome([nginx, compose])).toBe('match');
  });

  it('does not list a context file without findings as a lint target', async () => {
    const dockerfile = { path: 'app/Dockerfile', text: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD uwsgi --ini uwsgi.ini\n' };
    const result = await lintText([nginx, ini, dockerfile], { cwd: '/repo' });
    expect(result.results.map((r) => r.filePath).sort()).toEqual(['app/uwsgi.ini', 'nginx/site.conf']);
  });
});

describe('who starts uWSGI: users and groups', () => {
  it('reads systemd Group=, SupplementaryGroups= (repeated, reset by an empty value) and DynamicUser=', () => {
    const [l] = launches([{ path: '/repo/app.service', text: '[Service]\nUser=app\nGroup=www-data\nSupplementaryGroups=a b\nSupplementaryGroups=\nSupplementaryGroups=c\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\n' }]);
    expect([l.user, l.group, l.groups, l.groupsClosed]).toEqual(['app', 'www-data', ['c'], undefined]);
    const [d] = launches([{ path: '/repo/web.service', text: '[Service]\nDynamicUser=yes\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\n' }]);
    expect([d.user, d.group, d.groupsClosed]).toEqual(['web', 'web', true]);
    const [r] = launches([{ path: '/repo/r.service', text: '[Service]\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\n' }]);
    expect([r.user, r.group]).toEqual(['root', null]);
  });

  it('reads the group of a Dockerfile USER and of compose user:, and compose group_add:', () => {
    const [d] = launches([{ path: '/repo/Dockerfile', text: 'FROM python:3.12\nUSER app:www-data\nCMD ["uwsgi", "--ini", "/app/uwsgi.ini"]\n' }]);
    expect([d.user, d.group]).toEqual(['app', 'www-data']);
    const compose = 'services:\n  web:\n    image: python:3.12\n    user: "1000:33"\n    group_add:\n      - nginx\n    command: uwsgi --socket /run/a.sock\n';
    const [c] = launches([{ path: '/repo/docker-compose.yml', text: compose }]);
    expect([c.user, c.group, c.groups]).toEqual(['1000', '33', ['nginx']]);
  });

  it('a supervisord user= is the user; its group is not known', () => {
    const conf = '[program:app]\ncommand=uwsgi --ini /opt/app/uwsgi.ini\nuser=app\n';
    const [l] = launches([{ path: '/repo/supervisord.conf', text: conf }]);
    expect([l.user, l.group]).toEqual(['app', null]);
  });
});

describe('Upstart jobs', () => {
  const job = [
    'description "uWSGI server instance configured to serve myproject"',
    '',
    'start on runlevel [2345]',
    'stop on runlevel [!2345]',
    '',
    'setuid user',
    'setgid www-data',
    '',
    'env PATH=/home/user/myproject/myprojectenv/bin',
    'env UWSGI_PROCESSES=2',
    'chdir /home/user/myproject',
    'exec uwsgi --ini myproject.ini',
    '',
  ].join('\n');

  it('classifies a job by its stanzas, wherever it lies, and never an nginx config', () => {
    expect(contextKindOf('/repo/myproject.conf', job)).toBe('upstart');
    expect(contextKindOf('/repo/etc/init/myproject.conf', job)).toBe('upstart');
    expect(contextKindOf('/repo/nginx/site.conf', 'server {\n    listen 80;\n    location / { uwsgi_pass unix:/run/a.sock; }\n}\n')).toBeNull();
    // `exec` without `start on`/`setuid`: a shell script, not a job.
    expect(contextKindOf('/repo/run.conf', 'exec uwsgi --ini a.ini\n')).toBeNull();
  });

  it('reads setuid, setgid, chdir, env and exec, with spans', () => {
    const [l] = launches([{ path: '/repo/etc/init/myproject.conf', text: job }]);
    expect(l.kind).toBe('upstart');
    expect(l.name).toBe('myproject');
    expect([l.user, l.group, l.launchDir]).toEqual(['user', 'www-data', '/home/user/myproject']);
    expect(options(l)).toEqual(['processes=2', 'ini=myproject.ini']);
    expect(text(l, 1)).toBe('myproject.ini');
    expect(text(l, 0)).toBe('2');
  });

  it('reads a script block, and defaults to root', () => {
    const script = 'start on runlevel [2345]\nscript\n  cd /srv/app\n  exec /usr/local/bin/uwsgi --socket /run/app.sock --module app\nend script\n';
    const [l] = launches([{ path: '/repo/init/app.conf', text: script }]);
    expect(options(l)).toEqual(['socket=/run/app.sock', 'module=app']);
    expect([l.user, l.group]).toEqual(['root', 'root']);
    const setuidOnly = launches([{ path: '/repo/init/app.conf', text: 'start on runlevel [2345]\nsetuid app\nexec uwsgi --ini /etc/a.ini\n' }])[0];
    expect([setuidOnly.user, setuidOnly.group]).toEqual(['app', null]);
  });

  it('starts the ini it names: the rules see the job\'s user', async () => {
    const ini = { path: 'myproject.ini', text: '[uwsgi]\nmodule = wsgi\nsocket = myproject.sock\nchmod-socket = 660\n' };
    const result = await lintText([ini, { path: 'myproject.conf', text: job }], { cwd: '/repo' });
    expect(result.results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'uwsgi/runs-as-root')).toEqual([]);
    const project = projectFromTexts([ini, { path: 'myproject.conf', text: job }], { cwd: '/repo' });
    expect(project.uwsgi[0].launch).toMatchObject({ kind: 'upstart', user: 'user', group: 'www-data', launchDir: '/home/user/myproject' });
  });
});

describe('the uWSGI Emperor', () => {
  const vassal = { path: 'deploy/vassals/app.ini', text: '[uwsgi]\nmodule = app\nsocket = /run/app.sock\nchmod-socket = 660\n' };
  const unit = (service: string) => ({ path: 'deploy/emperor.service', text: `[Service]\n${service}\n` });

  it('starts each ini of its directory as a vassal that inherits its user', async () => {
    const project = projectFromTexts([vassal, unit('User=app\nGroup=www-data\nExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/vassals --vassal-set processes=4')], { cwd: '/repo' });
    const [config] = project.uwsgi;
    expect(config.launch).toMatchObject({ kind: 'systemd', name: 'emperor.service: vassal app.ini', user: 'app', group: 'www-data', launchDir: '/etc/uwsgi/vassals', productionPath: '/etc/uwsgi/vassals/app.ini' });
    expect(config.options.map((o) => `${o.key}=${o.value}`)).toContain('processes=4');
    const result = await lintText([vassal, unit('User=app\nGroup=www-data\nExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/vassals')], { cwd: '/repo' });
    expect(result.results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'uwsgi/runs-as-root')).toEqual([]);
  });

  it('an emperor started as root that drops to uid gives its vassals that user', () => {
    const project = projectFromTexts([vassal, unit('ExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/vassals/*.ini --uid www-data --gid www-data')], { cwd: '/repo' });
    expect(project.uwsgi[0].launch).toMatchObject({ user: 'www-data', group: 'www-data' });
  });

  it('an emperor-tyrant vassal runs as its file\'s owner: not known, and the rules say why', async () => {
    const files = [vassal, unit('ExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/vassals --emperor-tyrant')];
    const project = projectFromTexts(files, { cwd: '/repo' });
    expect(project.uwsgi[0].launch?.user).toBeNull();
    const result = await lintText(files, { cwd: '/repo' });
    const root = result.results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'uwsgi/runs-as-root');
    expect(root.map((m) => m.severity)).toEqual(['warning']);
    expect(root[0].message).toContain('emperor-tyrant');
  });

  it('an ini outside the emperor\'s directory is not its vassal', () => {
    const other = { path: 'deploy/other/app.ini', text: vassal.text };
    const project = projectFromTexts([other, unit('User=app\nExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/vassals')], { cwd: '/repo' });
    expect(project.uwsgi[0].launch).toBeUndefined();
  });
});
