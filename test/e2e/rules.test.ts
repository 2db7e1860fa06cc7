// End-to-end cases for single rules that claim a runtime effect (uwsgi/invalid-chmod,
// uwsgi/inline-comment, uwsgi/no-app, uwsgi/section, uwsgi/unknown-magic, pair/missing-params
// with FastCGI and proxy_pass, `uwsgi --stop`): each mistake is served for real next to its fix,
// and the linter's verdict on the same texts must match what the servers did. Same harness,
// building blocks and runner as pairs.test.ts (cases.ts); `npx vitest run test/e2e`.
import { APP, GOOD_UNIX, PROBE, expectEcho, expectStatus, ini, proxyPass, runCases, site, uwsgiPass, type Case } from './cases.js';

/** An ini with the head of `ini()` minus what a case is about: no wsgi-file, or no master. */
function iniWithout(drop: 'wsgi-file' | 'master', ...lines: string[]): string {
  const head = ['[uwsgi]', 'plugins = python3', 'master = true', 'processes = 1', `wsgi-file = ${APP}/echo.py`, 'buffer-size = 32768'];
  return [...head.filter((l) => !l.startsWith(drop + ' ')), ...lines, ''].join('\n');
}

/** GOOD_UNIX with one line replaced (the line that starts with `key =`). */
function goodUnixWith(key: string, ...replacement: string[]): string[] {
  const i = GOOD_UNIX.findIndex((l) => l.startsWith(`${key} =`));
  return [...GOOD_UNIX.slice(0, i), ...replacement, ...GOOD_UNIX.slice(i + 1)];
}

const unixPass = uwsgiPass(`unix:${APP}/app.sock`);
const tcpPass = uwsgiPass('127.0.0.1:{{PORT}}');
const fastcgiPass = (...params: string[]) => site(['include fastcgi_params;', ...params, 'fastcgi_pass 127.0.0.1:{{PORT}};'].join('\n'));

const cases: Case[] = [
  // ------------------------------------------------------------------ uwsgi/invalid-chmod
  {
    name: 'invalid-chmod: chmod-socket = 0666 (uWSGI exits at start, 502)',
    fact: 'rules/uwsgi-invalid-chmod.md: a four-digit mode -> uWSGI exits at start with "invalid chmod value: 0666"; nothing listens, 502',
    spec: { nginxHttp: unixPass, uwsgiIni: ini(...goodUnixWith('chmod-socket', 'chmod-socket = 0666')), uwsgiStartsAs: 'root', uwsgiReady: 'exit', requests: PROBE },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectStatus(expect, o, 502);
      expect.soft(o.uwsgiExitedEarly, 'uWSGI exits by itself').not.toBeNull();
      expect.soft(o.uwsgiLog).toMatch(/^invalid chmod value: 0666$/m);
      expect.soft(o.files['app/app.sock'].exists, 'it exits before binding').toBe(false);
      expect.soft(o.nginxLog).toMatch(/app\.sock failed \(2: No such file or directory\)/);
    },
    verdict: { kind: 'error', rules: ['uwsgi/invalid-chmod'] },
  },
  {
    name: 'invalid-chmod: a bare chmod-socket line (empty value in an ini; uWSGI exits at start, 502)',
    fact: 'rules/uwsgi-invalid-chmod.md: a bare chmod-socket line has the empty value in an ini -> "invalid chmod value: " and exit; 502',
    spec: { nginxHttp: unixPass, uwsgiIni: ini(...goodUnixWith('chmod-socket', 'chmod-socket')), uwsgiStartsAs: 'root', uwsgiReady: 'exit', requests: PROBE },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectStatus(expect, o, 502);
      expect.soft(o.uwsgiExitedEarly, 'uWSGI exits by itself').not.toBeNull();
      expect.soft(o.uwsgiLog).toMatch(/^invalid chmod value: $/m);
      expect.soft(o.files['app/app.sock'].exists, 'it exits before binding').toBe(false);
      expect.soft(o.nginxLog).toMatch(/app\.sock failed \(2: No such file or directory\)/);
    },
    verdict: { kind: 'error', rules: ['uwsgi/invalid-chmod'] },
  },
  {
    name: 'invalid-chmod fixed: chmod-socket = 660 (200)',
    fact: 'rules/uwsgi-invalid-chmod.md, Good: three octal digits, with chown-socket = app:www-data',
    spec: { nginxHttp: unixPass, uwsgiIni: ini(...GOOD_UNIX), uwsgiStartsAs: 'root', requests: PROBE },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.files['app/app.sock']).toMatchObject({ exists: true, socket: true, mode: 0o660 });
    },
    verdict: { kind: 'clean', rules: ['uwsgi/invalid-chmod', 'pair/socket-permissions'] },
  },

  // ------------------------------------------------------------------ uwsgi/inline-comment
  {
    name: 'inline-comment: socket = .../app.sock # main socket binds another path (502 ENOENT)',
    fact: 'rules/uwsgi-inline-comment.md: socket = /run/a.sock # x binds a socket named "/run/a.sock # x"',
    spec: { nginxHttp: unixPass, uwsgiIni: ini(...goodUnixWith('socket', `socket = ${APP}/app.sock # main socket`)), uwsgiStartsAs: 'root', requests: PROBE },
    inspect: ['app/app.sock', 'app/app.sock # main socket'],
    servers: (o, expect) => {
      expectStatus(expect, o, 502);
      expect.soft(o.uwsgiLog).toMatch(/uwsgi socket 0 bound to UNIX address \S+\/app\.sock # main socket fd \d+/);
      expect.soft(o.files['app/app.sock # main socket'], 'the socket carries the comment in its name').toMatchObject({ exists: true, socket: true });
      expect.soft(o.files['app/app.sock'].exists).toBe(false);
      expect.soft(o.nginxLog).toMatch(/app\.sock failed \(2: No such file or directory\)/);
    },
    verdict: { kind: 'error', rules: ['uwsgi/inline-comment'] },
  },
  {
    name: 'inline-comment fixed: the socket comment on its own line (200)',
    fact: 'rules/uwsgi-inline-comment.md, Good: the comment on its own line',
    spec: { nginxHttp: unixPass, uwsgiIni: ini(...goodUnixWith('socket', '# main socket', `socket = ${APP}/app.sock`)), uwsgiStartsAs: 'root', requests: PROBE },
    inspect: ['app/app.sock'],
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.files['app/app.sock']).toMatchObject({ exists: true, socket: true });
    },
    verdict: { kind: 'clean', rules: ['uwsgi/inline-comment'] },
  },
  {
    name: 'inline-comment: master = false ; no master turns the master ON (master + worker)',
    fact: 'rules/uwsgi-inline-comment.md: master = false ; comment is not exactly false, so the master turns ON',
    spec: { nginxHttp: tcpPass, uwsgiIni: iniWithout('master', 'socket = 127.0.0.1:{{PORT}}', 'master = false ; no master'), uwsgiStartsAs: 'service-user', requests: PROBE },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiLog).toMatch(/spawned uWSGI master process \(pid: \d+\)/);
      expect.soft(o.uwsgiProcesses, 'a master and its one worker').toHaveLength(2);
    },
    verdict: { kind: 'error', rules: ['uwsgi/inline-comment'] },
  },
  {
    name: 'inline-comment fixed: master = false with the comment on its own line (one process, no master)',
    fact: 'rules/uwsgi-inline-comment.md, Good: ; comment on its own line, then master = false',
    spec: { nginxHttp: tcpPass, uwsgiIni: iniWithout('master', 'socket = 127.0.0.1:{{PORT}}', '; no master', 'master = false'), uwsgiStartsAs: 'service-user', requests: PROBE },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiLog).toMatch(/you are running uWSGI without its master process manager/);
      expect.soft(o.uwsgiLog).not.toMatch(/spawned uWSGI master process/);
      expect.soft(o.uwsgiProcesses, 'the lone worker').toHaveLength(1);
    },
    verdict: { kind: 'clean', rules: ['uwsgi/inline-comment'] },
  },

  // ------------------------------------------------------------------ uwsgi/no-app
  {
    name: 'no-app: no module or wsgi-file (500 "no app loaded" on every request)',
    fact: 'rules/uwsgi-no-app.md: starts without complaint, logs *** no app loaded. going in full dynamic mode ***, every request gets 500',
    spec: { nginxHttp: tcpPass, uwsgiIni: iniWithout('wsgi-file', 'socket = 127.0.0.1:{{PORT}}'), uwsgiStartsAs: 'service-user', requests: [{ path: '/' }, { path: '/probe/path?x=1' }] },
    servers: (o, expect) => {
      expectStatus(expect, o, 500, 0);
      expectStatus(expect, o, 500, 1);
      expect.soft(o.responses[0].body).toBe('Internal Server Error');
      expect.soft(o.uwsgiExitedEarly, 'uWSGI keeps running').toBeNull();
      expect.soft(o.uwsgiLog).toMatch(/\*\*\* no app loaded\. going in full dynamic mode \*\*\*/);
      expect.soft(o.uwsgiLog).toMatch(/--- no python application found, check your startup logs for errors ---/);
    },
    // The rule is a warning by design (the app may come from the command line or UWSGI_MODULE),
    // although with this ini alone every request fails.
    verdict: { kind: 'warning', rules: ['uwsgi/no-app'] },
  },
  {
    name: 'no-app fixed: wsgi-file (200)',
    fact: 'rules/uwsgi-no-app.md, Good: an option that loads the app',
    spec: { nginxHttp: tcpPass, uwsgiIni: ini('socket = 127.0.0.1:{{PORT}}'), uwsgiStartsAs: 'service-user', requests: PROBE },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiLog).not.toMatch(/no app loaded/);
    },
    verdict: { kind: 'clean', rules: ['uwsgi/no-app'] },
  },

  // ------------------------------------------------------------------ uwsgi/section
  ...(['[uWSGI]', '[ uwsgi ]'] as const).map(
    (header): Case => ({
      name: `section: ${header} instead of [uwsgi] (nothing loaded, uWSGI exits: socket option missing, 502)`,
      fact: `rules/uwsgi-section.md: ${header} is another section; uWSGI logs Can't find section "uwsgi", loads none of the file's options, and without socket exits`,
      spec: { nginxHttp: tcpPass, uwsgiIni: ini('socket = 127.0.0.1:{{PORT}}').replace(/^\[uwsgi\]$/m, header), uwsgiStartsAs: 'service-user', uwsgiReady: 'exit', requests: PROBE },
      servers: (o, expect) => {
        expectStatus(expect, o, 502);
        expect.soft(o.uwsgiExitedEarly, 'uWSGI exits by itself').not.toBeNull();
        expect.soft(o.uwsgiLog).toMatch(/\*\*\* WARNING: Can't find section "uwsgi" in INI configuration file \S+\/uwsgi\.ini \*\*\*/);
        expect.soft(o.uwsgiLog).toMatch(/The -s\/--socket option is missing and stdin is not a socket\./);
        expect.soft(o.nginxLog).toMatch(/\(111: Connection refused\)/);
      },
      verdict: { kind: 'error', rules: ['uwsgi/section'] },
    }),
  ),
  {
    name: 'section fixed: [uwsgi] (200)',
    fact: 'rules/uwsgi-section.md, Good: a header that is exactly [uwsgi]',
    spec: { nginxHttp: tcpPass, uwsgiIni: ini('socket = 127.0.0.1:{{PORT}}'), uwsgiStartsAs: 'service-user', requests: PROBE },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiLog).not.toMatch(/Can't find section/);
    },
    verdict: { kind: 'clean', rules: ['uwsgi/section'] },
  },

  // ------------------------------------------------------------------ uwsgi/unknown-magic
  {
    name: 'unknown-magic: logto = .../log/%Y.log writes a file named .log (200)',
    fact: 'rules/uwsgi-unknown-magic.md: every %X that is not a magic variable is deleted: logto = .../%Y.log writes .../.log',
    spec: {
      nginxHttp: tcpPass,
      uwsgiIni: ini('socket = 127.0.0.1:{{PORT}}', `logto = ${APP}/log/%Y.log`),
      uwsgiStartsAs: 'service-user',
      files: { 'app/log/.keep': '' },
      uwsgiLogDir: 'app/log',
      requests: PROBE,
    },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.listings['app/log'], 'the %Y is gone from the name').toEqual(['.keep', '.log']);
      expect.soft(o.uwsgiLog).toMatch(/==> \S+\/app\/log\/\.log <==\n[\s\S]*spawned uWSGI worker 1/);
    },
    verdict: { kind: 'warning', rules: ['uwsgi/unknown-magic'] },
  },
  {
    name: 'unknown-magic fixed: logto = .../log/%%Y.log writes a file literally named %Y.log (200)',
    fact: 'rules/uwsgi-unknown-magic.md: %% is a literal % (observed: the file is literally "%Y.log", no date)',
    spec: {
      nginxHttp: tcpPass,
      uwsgiIni: ini('socket = 127.0.0.1:{{PORT}}', `logto = ${APP}/log/%%Y.log`),
      uwsgiStartsAs: 'service-user',
      files: { 'app/log/.keep': '' },
      uwsgiLogDir: 'app/log',
      requests: PROBE,
    },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.listings['app/log'], 'a literal %Y, not a year').toEqual(['%Y.log', '.keep']);
    },
    verdict: { kind: 'clean', rules: ['uwsgi/unknown-magic'] },
  },
  {
    name: 'unknown-magic fixed: logto = .../log/%n.log (the magic variable: the ini name, uwsgi.log)',
    fact: 'rules/uwsgi-unknown-magic.md, Good: logto = /var/log/uwsgi/%n.log (%n is the config file name without extension)',
    spec: {
      nginxHttp: tcpPass,
      uwsgiIni: ini('socket = 127.0.0.1:{{PORT}}', `logto = ${APP}/log/%n.log`),
      uwsgiStartsAs: 'service-user',
      files: { 'app/log/.keep': '' },
      uwsgiLogDir: 'app/log',
      requests: PROBE,
    },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.listings['app/log']).toEqual(['.keep', 'uwsgi.log']);
    },
    verdict: { kind: 'clean', rules: ['uwsgi/unknown-magic'] },
  },

  // ------------------------------------------------------------------ pair/missing-params: FastCGI
  {
    name: 'fastcgi: fastcgi-socket behind fastcgi_pass with Debian fastcgi_params (200, no PATH_INFO)',
    fact: 'fastcgi_pass with Debian\'s fastcgi_params -> 200, but no PATH_INFO reaches a WSGI app',
    spec: { nginxHttp: fastcgiPass(), uwsgiIni: ini('fastcgi-socket = 127.0.0.1:{{PORT}}'), uwsgiStartsAs: 'service-user', requests: PROBE },
    servers: (o, expect) => {
      expectStatus(expect, o, 200);
      const env = o.responses[0].environ ?? {};
      expect.soft(env.REQUEST_METHOD).toBe('GET');
      expect.soft(env.QUERY_STRING).toBe('x=1');
      expect.soft(env.PATH_INFO ?? '', 'PATH_INFO must be missing or empty').toBe('');
    },
    verdict: { kind: 'warning', rules: ['pair/missing-params'] },
  },
  {
    name: 'fastcgi fixed: fastcgi_params + fastcgi_param PATH_INFO $fastcgi_script_name (200, PATH_INFO arrives; SCRIPT_NAME is the path too)',
    fact:
      'fastcgi_pass to uWSGI needs fastcgi_param PATH_INFO ... (observed: PATH_INFO arrives, but Debian\'s fastcgi_params also sends SCRIPT_NAME $fastcgi_script_name, ' +
      'so the app gets SCRIPT_NAME = PATH_INFO = the path, and SCRIPT_NAME + PATH_INFO doubles it)',
    spec: { nginxHttp: fastcgiPass('fastcgi_param PATH_INFO $fastcgi_script_name;'), uwsgiIni: ini('fastcgi-socket = 127.0.0.1:{{PORT}}'), uwsgiStartsAs: 'service-user', requests: PROBE },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.responses[0].environ?.QUERY_STRING).toBe('x=1');
      expect.soft(o.responses[0].environ?.SCRIPT_NAME, 'from fastcgi_params, passed through by uWSGI').toBe('/probe/path');
    },
    verdict: { kind: 'clean', rules: ['pair/missing-params', 'pair/protocol-mismatch'] },
  },
  {
    name: 'fastcgi fixed: fastcgi_params + PATH_INFO $fastcgi_script_name + SCRIPT_NAME "" (200, the environ of a root-mounted app)',
    fact: 'fastcgi_pass to uWSGI with PATH_INFO set and SCRIPT_NAME emptied: the environ uwsgi_pass + uwsgi_params gives',
    spec: {
      nginxHttp: fastcgiPass('fastcgi_param PATH_INFO $fastcgi_script_name;', 'fastcgi_param SCRIPT_NAME "";'),
      uwsgiIni: ini('fastcgi-socket = 127.0.0.1:{{PORT}}'),
      uwsgiStartsAs: 'service-user',
      requests: PROBE,
    },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.responses[0].environ?.SCRIPT_NAME).toBe('');
    },
    verdict: { kind: 'clean', rules: ['pair/missing-params', 'pair/protocol-mismatch'] },
  },
  {
    name: 'fastcgi: fastcgi-socket behind uwsgi_pass (502 after about 8s)',
    fact:
      'pair/protocol-mismatch: a FastCGI socket spoken to in the uwsgi protocol (not in FACTS.md; observed: uWSGI logs nothing and closes the ' +
      'connection after twice its socket-timeout (default 4 s: 8 s; socket-timeout = 2 gave 4 s), nginx answers 502 "upstream prematurely closed connection")',
    spec: { nginxHttp: tcpPass, uwsgiIni: ini('fastcgi-socket = 127.0.0.1:{{PORT}}'), uwsgiStartsAs: 'service-user', readTimeout: '15s', requests: PROBE },
    servers: (o, expect) => {
      expectStatus(expect, o, 502);
      expect.soft(o.responses[0].ms, 'uWSGI gives up after twice its 4s socket-timeout').toBeGreaterThanOrEqual(7000);
      expect.soft(o.responses[0].ms).toBeLessThan(12000);
      expect.soft(o.nginxLog).toMatch(/upstream prematurely closed connection while reading response header from upstream/);
      expect.soft(o.uwsgiLog, 'uWSGI logs no request').not.toMatch(/\[pid: \d+\|app: /);
    },
    verdict: { kind: 'error', rules: ['pair/protocol-mismatch'] },
  },

  // ------------------------------------------------------------------ pair/missing-params: proxy_pass
  {
    name: 'proxy_pass with include uwsgi_params in front of an http-socket (200, harmless)',
    fact: 'include uwsgi_params in a proxy_pass location -> harmless, has no effect',
    spec: { nginxHttp: site('include uwsgi_params;\nproxy_pass http://127.0.0.1:{{PORT}};'), uwsgiIni: ini('http-socket = 127.0.0.1:{{PORT}}'), uwsgiStartsAs: 'service-user', requests: PROBE },
    servers: (o, expect) => expectEcho(expect, o),
    verdict: { kind: 'info', rules: ['pair/missing-params'] },
    lint: (messages, expect) => {
      const loud = messages.filter((m) => m.severity !== 'info');
      expect.soft(loud.map((m) => `${m.severity} ${m.ruleId}: ${m.message}`), 'a harmless pair: no error, no warning').toEqual([]);
    },
  },

  // ------------------------------------------------------------------ uwsgi --stop
  {
    name: 'stopping: uwsgi --stop pidfile stops an instance with master',
    fact: 'uwsgi --stop pidfile stops an instance with master',
    spec: {
      nginxHttp: tcpPass,
      uwsgiIni: ini('socket = 127.0.0.1:{{PORT}}', `pidfile = ${APP}/app.pid`),
      uwsgiStartsAs: 'service-user',
      requests: PROBE,
      uwsgiCommand: { args: ['--stop', '{{TMP}}/app/app.pid'], waitMs: 4000 },
    },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiProcesses, 'a master and its worker before --stop').toHaveLength(2);
      expect.soft(o.uwsgiCommandResult?.status, `uwsgi --stop: ${o.uwsgiCommandResult?.output}`).toBe(0);
      expect.soft(o.uwsgiCommandResult?.uwsgiGone, 'every uWSGI process gone after --stop').toBe(true);
      expect.soft(o.uwsgiLog).toMatch(/SIGINT\/SIGTERM received\.\.\.killing workers\.\.\.[\s\S]*goodbye to uWSGI\./);
    },
    verdict: { kind: 'clean', rules: ['uwsgi/pidfile', 'uwsgi/no-master'] },
  },
  {
    name: 'stopping: uwsgi --stop pidfile stops an instance without master',
    fact: 'uwsgi --stop pidfile stops an instance without master',
    spec: {
      nginxHttp: tcpPass,
      uwsgiIni: iniWithout('master', 'socket = 127.0.0.1:{{PORT}}', `pidfile = ${APP}/app.pid`),
      uwsgiStartsAs: 'service-user',
      requests: PROBE,
      uwsgiCommand: { args: ['--stop', '{{TMP}}/app/app.pid'], waitMs: 4000 },
    },
    servers: (o, expect) => {
      expectEcho(expect, o);
      expect.soft(o.uwsgiProcesses, 'the lone worker before --stop').toHaveLength(1);
      expect.soft(o.uwsgiCommandResult?.status, `uwsgi --stop: ${o.uwsgiCommandResult?.output}`).toBe(0);
      expect.soft(o.uwsgiCommandResult?.uwsgiGone, 'the process is gone after --stop').toBe(true);
    },
    // A pidfile without master draws uwsgi/no-master (about --reload, not --stop): a warning, never an error.
    verdict: { kind: 'warning', rules: ['uwsgi/no-master'] },
  },
];

runCases('e2e: rules with a runtime effect, mistake and fix', cases);
