// The clean example deployment (examples/clean) served for real: uWSGI from mysite_uwsgi.ini
// (started as root, dropping to the app user) behind nginx with mysite_nginx.conf (uwsgi_pass to
// the unix socket) and mysite_http.conf (proxy_pass to the http-socket). Both answer 200 with
// the right PATH_INFO, and the linter, given the texts the servers ran, finds nothing.
//
// The example files stay unchanged: each run reads them and rewrites production facts onto the
// case directory with EXAMPLE_MAPPING below (a template copy). mysite_ssl.conf is not served:
// it needs a Let's Encrypt certificate; its upstream is the same unix socket as mysite_nginx.conf.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'vitest';
import { APP_USER, e2eUnavailableReason, ECHO_APP, runPair } from './harness.js';
import { describeMessages, lintOutcome, verdictProblems } from './verdict.js';

const skip = e2eUnavailableReason() !== null && process.env.CI !== 'true';
// pairs.test.ts prints the one SKIPPED line with the install hint.

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../examples/clean');

/** Production fact in the example -> what the harness runs instead (placeholders of harness.ts). */
export const EXAMPLE_MAPPING: ReadonlyArray<readonly [RegExp, string]> = [
  [/\/srv\/mysite/g, '{{TMP}}/srv/mysite'], // project, venv, static files
  [/\/run\/mysite/g, '{{TMP}}/run/mysite'], // socket and pidfile
  [/^(\s*)listen 80;/gm, '$1listen 127.0.0.1:{{NGINX_PORT}};'], // loopback only, a free port
  [/127\.0\.0\.1:8000/g, '127.0.0.1:{{PORT}}'], // the http-socket
  [/127\.0\.0\.1:9191/g, '127.0.0.1:{{PORT2}}'], // the stats server
  [/^chown-socket = mysite:www-data$/gm, `chown-socket = ${APP_USER}:www-data`], // the app user
  [/^uid = mysite$/gm, `uid = ${APP_USER}`],
  [/^gid = mysite$/gm, `gid = ${APP_USER}`],
];

function adapt(text: string): string {
  return EXAMPLE_MAPPING.reduce((t, [from, to]) => t.replace(from, to), text);
}

const read = (name: string) => readFileSync(join(examples, name), 'utf8');

describe.skipIf(skip)('e2e: examples/clean served for real', () => {
  test('mysite_uwsgi.ini behind mysite_nginx.conf and mysite_http.conf: 200 with the right PATH_INFO, no findings', async ({ expect }) => {
    const o = await runPair(
      {
        nginxHttp: adapt(read('mysite_nginx.conf')) + '\n' + adapt(read('mysite_http.conf')),
        uwsgiIni: adapt(read('mysite_uwsgi.ini')),
        uwsgiStartsAs: 'root',
        files: {
          // module = mysite.wsgi:application, from chdir
          'srv/mysite/mysite/__init__.py': '',
          'srv/mysite/mysite/wsgi.py': ECHO_APP,
          // home = .../venv: a virtualenv needs no more than this for the system Python
          'srv/mysite/venv/pyvenv.cfg': 'home = /usr/bin\ninclude-system-site-packages = false\n',
          'srv/mysite/static/.keep': '',
          'srv/mysite/media/.keep': '',
          'run/mysite/.keep': '',
        },
        requests: [
          { host: 'internal.example.com', path: '/polls/3/?page=2' },
          { host: 'dev.example.com', path: '/polls/3/?page=2' },
        ],
      },
      ['run/mysite/mysite.sock', 'run/mysite/mysite.pid'],
    );
    expect.soft(o.stopNotes, 'stopped by SIGQUIT/SIGINT alone').toEqual([]);
    expect.soft(o.noProcessLeft && o.noFileLeft, 'nothing left').toBe(true);
    for (const [i, via] of ['uwsgi_pass to the unix socket', 'proxy_pass to the http-socket'].entries()) {
      const r = o.responses[i];
      expect.soft(r.status, `${via}: ${r.error ?? r.body.slice(0, 200)}\n${o.nginxLog}\n${o.uwsgiLog}`).toBe(200);
      expect.soft(r.environ?.PATH_INFO, via).toBe('/polls/3/');
      expect.soft(r.environ?.QUERY_STRING, via).toBe('page=2');
      expect.soft(r.environ?.REQUEST_METHOD, via).toBe('GET');
    }
    expect.soft(o.responses[0].environ?.SERVER_NAME, 'uwsgi_params from the internal site').toBe('internal.example.com');
    expect.soft(o.responses[1].environ?.HTTP_X_FORWARDED_PROTO, 'proxy_set_header from the dev site').toBe('http');
    expect.soft(o.files['run/mysite/mysite.sock']).toMatchObject({ exists: true, socket: true, mode: 0o660, gid: 33 });
    expect.soft(o.files['run/mysite/mysite.pid']?.exists, 'safe-pidfile').toBe(true);

    const messages = await lintOutcome(o, 'root');
    const problems = verdictProblems(messages, {
      kind: 'clean',
      rules: ['pair/socket-mismatch', 'pair/socket-permissions', 'pair/protocol-mismatch', 'pair/missing-params', 'pair/buffer-size'],
    });
    expect.soft(problems, `linter vs servers; the linter said:\n${describeMessages(messages)}`).toEqual([]);
  }, 60_000);
});
