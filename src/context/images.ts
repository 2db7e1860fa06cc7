// Base images that start uWSGI with an ini of their own, which the repository never shows.
// tiangolo/uwsgi-nginx (github.com/tiangolo/uwsgi-nginx-docker, docker-images/, read 2026-12):
// - python3.12.dockerfile: ENV UWSGI_INI=/app/uwsgi.ini, UWSGI_CHEAPER=2, UWSGI_PROCESSES=16,
//   WORKDIR /app, no USER; CMD /start.sh runs supervisord;
// - supervisord-debian.conf: `[program:uwsgi]` runs `/usr/local/bin/uwsgi --ini /etc/uwsgi/uwsgi.ini`
//   as supervisord's user, root;
// - uwsgi.ini (copied to /etc/uwsgi/): the socket /tmp/uwsgi.sock, chown-socket nginx:nginx,
//   chmod-socket 664, need-app, die-on-term, a SIGTERM hook;
// - entrypoint.sh writes nginx.conf with `user nginx` and `uwsgi_pass unix:///tmp/uwsgi.sock`.
// - app/uwsgi.ini (the demo app's, at /app/uwsgi.ini until the app replaces it): a wsgi-file.
// tiangolo/uwsgi-nginx-flask (github.com/tiangolo/uwsgi-nginx-flask-docker) builds FROM it and
// keeps all of that; its demo /app/uwsgi.ini names `module = main`, `callable = app`.
// uWSGI reads the UWSGI_* variables before its command line (core/uwsgi.c), so the app's
// /app/uwsgi.ini loads first and the image's /etc/uwsgi/uwsgi.ini after it.

export interface ImageUwsgi {
  /** The image, as the message names it. */
  image: string;
  /** Environment the image sets (UWSGI_* become options). */
  env: Record<string, string>;
  /** Config files uWSGI is started with, after the environment's. */
  inis: string[];
  /** Files of the image the repository does not hold. */
  files: Record<string, string>;
  workdir: string;
  /** User nginx's workers run as in the image. */
  nginxUser: string;
}

const TIANGOLO_INI = [
  '[uwsgi]',
  'socket = /tmp/uwsgi.sock',
  'chown-socket = nginx:nginx',
  'chmod-socket = 664',
  'hook-master-start = unix_signal:15 gracefully_kill_them_all',
  'need-app = true',
  'die-on-term = true',
  '',
].join('\n');

const tiangolo = (appIni: string): Omit<ImageUwsgi, 'image'> => ({
  env: { UWSGI_INI: '/app/uwsgi.ini', UWSGI_CHEAPER: '2', UWSGI_PROCESSES: '16' },
  inis: ['/etc/uwsgi/uwsgi.ini'],
  files: { '/etc/uwsgi/uwsgi.ini': TIANGOLO_INI, '/app/uwsgi.ini': appIni },
  workdir: '/app',
  nginxUser: 'nginx',
});

/** The uWSGI start of a known base image (`tiangolo/uwsgi-nginx-flask:python3.8`), or null. */
export function imageUwsgi(image: string): ImageUwsgi | null {
  const name = image.replace(/^docker\.io\//, '').split(/[:@]/)[0].toLowerCase();
  if (name === 'tiangolo/uwsgi-nginx') return { image: name, ...tiangolo('[uwsgi]\nwsgi-file = /app/main.py\n') };
  if (name === 'tiangolo/uwsgi-nginx-flask') return { image: name, ...tiangolo('[uwsgi]\nmodule = main\ncallable = app\n') };
  return null;
}
