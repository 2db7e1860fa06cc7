// End-to-end truth for launch-aware verdicts (docs/verdicts.md): how uWSGI is started decides who
// owns its unix socket and which `chown-socket` it may make. Each case starts uWSGI the way a
// launch would (root; a service user with its own group, with nginx's group as primary group, or
// with nginx's group as a supplementary group, set with setpriv as systemd's User=/Group=/
// SupplementaryGroups= set them), checks what the servers did, and that the linter agrees, told
// the launch by the file that would start uWSGI (a systemd unit, a Dockerfile) or the settings.
// Needs root, nginx-light, uwsgi-core, uwsgi-plugin-python3; skipped with one line otherwise.
import { APP_USER, INSTALL_HINT, e2eUnavailableReason } from './harness.js';
import { APP, PROBE, app, expectEcho, expectStatus, ini, runCases, skip, uwsgiPass, type Case } from './cases.js';

if (skip) console.warn(`SKIPPED e2e (real nginx + uWSGI): ${e2eUnavailableReason()}; to run: ${INSTALL_HINT}`);

const unit = (service: string) => ({ context: [{ path: 'app.service', text: `[Unit]\nDescription=app\n[Service]\n${service}\nExecStart=/usr/bin/uwsgi-core --ini {{INI}}\n` }] });
const WWW_DATA = 33;

const cases: Case[] = [
  {
    name: 'works: the DigitalOcean recipe, a service user whose primary group is nginx\'s, chmod-socket 660, no uid',
    fact: 'started as app with Group=www-data, the socket is app:www-data 0660 and www-data connects',
    spec: { nginxHttp: uwsgiPass(`unix:${APP}/app.sock`), uwsgiIni: ini(`socket = ${APP}/app.sock`, 'chmod-socket = 660'), uwsgiStartsAs: 'service-user', uwsgiGroup: 'www-data', requests: PROBE },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.files['app/app.sock']).toMatchObject({ exists: true, socket: true, mode: 0o660, uid: app().uid, gid: WWW_DATA });
    },
    lintLaunch: unit(`User=${APP_USER}\nGroup=www-data`),
    verdict: { kind: 'clean', rules: ['pair/socket-permissions', 'uwsgi/runs-as-root'] },
  },
  {
    name: 'works: a service user ignores uid/gid (they act only on a root start)',
    fact: 'started as app (group www-data) with uid = www-data / gid = www-data: uWSGI keeps app, the socket is app:www-data',
    spec: {
      nginxHttp: uwsgiPass(`unix:${APP}/app.sock`),
      uwsgiIni: ini(`socket = ${APP}/app.sock`, 'chmod-socket = 660', 'uid = www-data', 'gid = www-data'),
      uwsgiStartsAs: 'service-user',
      uwsgiGroup: 'www-data',
      requests: PROBE,
    },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.files['app/app.sock']).toMatchObject({ exists: true, mode: 0o660, uid: app().uid, gid: WWW_DATA });
      expect.soft(o.uwsgiLog).not.toMatch(/setuid|setgid/i);
    },
    lintLaunch: unit(`User=${APP_USER}\nGroup=www-data`),
    verdict: { kind: 'clean', rules: ['pair/socket-permissions'] },
  },
  {
    name: 'works: a service user chowns the socket to itself and a supplementary group',
    fact: 'started as app with SupplementaryGroups=www-data, chown-socket = app:www-data succeeds',
    spec: {
      nginxHttp: uwsgiPass(`unix:${APP}/app.sock`),
      uwsgiIni: ini(`socket = ${APP}/app.sock`, 'chmod-socket = 660', `chown-socket = ${APP_USER}:www-data`),
      uwsgiStartsAs: 'service-user',
      uwsgiSupplementaryGroups: ['www-data'],
      requests: PROBE,
    },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiExitedEarly).toBeNull();
      expect.soft(o.files['app/app.sock']).toMatchObject({ exists: true, mode: 0o660, uid: app().uid, gid: WWW_DATA });
    },
    lintLaunch: unit(`User=${APP_USER}\nSupplementaryGroups=www-data`),
    verdict: { kind: 'clean', rules: ['pair/socket-permissions'] },
  },
  {
    name: 'works: a service user chowns the socket to itself and its own group',
    fact: 'started as app, chown-socket = app:app succeeds (the 666 mode lets www-data in, and earns its own warning)',
    spec: {
      nginxHttp: uwsgiPass(`unix:${APP}/app.sock`),
      uwsgiIni: ini(`socket = ${APP}/app.sock`, 'chmod-socket = 666', `chown-socket = ${APP_USER}:${APP_USER}`),
      uwsgiStartsAs: 'service-user',
      requests: PROBE,
    },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiLog).not.toMatch(/chown\(\)/);
      expect.soft(o.files['app/app.sock']).toMatchObject({ exists: true, mode: 0o666, uid: app().uid, gid: app().gid });
    },
    verdict: { kind: 'warning', rules: ['pair/socket-permissions'] },
    lint: (messages, expect) => {
      const mine = messages.filter((m) => m.ruleId === 'pair/socket-permissions');
      expect.soft(mine.map((m) => m.message).join('\n')).toMatch(/chmod-socket = 666` works, but/);
      expect.soft(mine.map((m) => m.message).join('\n')).not.toMatch(/Operation not permitted/);
    },
  },
  {
    name: 'fails: a service user chowns the socket to another user (exits at start)',
    fact: 'started as app, chown-socket = www-data:www-data -> chown(): Operation not permitted, uWSGI exits; 502',
    spec: {
      nginxHttp: uwsgiPass(`unix:${APP}/app.sock`),
      uwsgiIni: ini(`socket = ${APP}/app.sock`, 'chmod-socket = 660', 'chown-socket = www-data:www-data'),
      uwsgiStartsAs: 'service-user',
      uwsgiReady: 'exit',
      requests: PROBE,
    },
    servers: (o, expect) => {
      expectStatus(expect, o, 502);
      expect.soft(o.uwsgiExitedEarly, 'uWSGI exits by itself').not.toBeNull();
      expect.soft(o.uwsgiLog).toMatch(/chown\(\): Operation not permitted/);
    },
    verdict: { kind: 'error', rules: ['pair/socket-permissions'] },
  },
  {
    name: 'fails: `uid = root` is root: root:root socket without chown-socket',
    fact: 'started as root with uid = root and chmod-socket = 660: uWSGI stays root, the socket is root:root, EACCES',
    spec: { nginxHttp: uwsgiPass(`unix:${APP}/app.sock`), uwsgiIni: ini(`socket = ${APP}/app.sock`, 'chmod-socket = 660', 'uid = root'), uwsgiStartsAs: 'root', requests: PROBE },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectStatus(expect, o, 502);
      expect.soft(o.files['app/app.sock']).toMatchObject({ exists: true, mode: 0o660, uid: 0, gid: 0 });
      expect.soft(o.uwsgiLog).toMatch(/running uWSGI as root/);
    },
    verdict: { kind: 'error', rules: ['pair/socket-permissions'] },
    lint: (messages, expect) => {
      expect.soft(messages.filter((m) => m.ruleId === 'uwsgi/runs-as-root').map((m) => m.message)).toEqual([expect.stringContaining('`uid = root` is root')]);
    },
  },
  {
    name: 'works: a Dockerfile USER app:www-data starts uWSGI: not root, and both rules say so',
    fact: 'started as app with group www-data (what USER app:www-data does), no uid: uWSGI runs as app, not root',
    spec: { nginxHttp: uwsgiPass(`unix:${APP}/app.sock`), uwsgiIni: ini(`socket = ${APP}/app.sock`, 'chmod-socket = 660'), uwsgiStartsAs: 'service-user', uwsgiGroup: 'www-data', requests: PROBE },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiLog).not.toMatch(/running uWSGI as root/);
    },
    lintLaunch: { context: [{ path: 'Dockerfile', text: `FROM python:3.12\nUSER ${APP_USER}:www-data\nCMD ["uwsgi", "--ini", "{{INI}}"]\n` }] },
    verdict: { kind: 'clean', rules: ['pair/socket-permissions', 'uwsgi/runs-as-root'] },
  },
];

runCases('launch-aware verdicts, for real', cases);
