// Is this text a uWSGI ini? Decided from content, for files whose name does not say.

/** Keys that, written as `key = value`, only uWSGI configs use. */
const UWSGI_KEYS = new Set([
  'socket', 'uwsgi-socket', 'http-socket', 'https-socket', 'http', 'https', 'shared-socket', 'fastcgi-socket',
  'chmod-socket', 'chown-socket', 'module', 'wsgi-file', 'wsgi', 'callable', 'mount', 'master', 'processes',
  'workers', 'threads', 'enable-threads', 'harakiri', 'vacuum', 'die-on-term', 'plugins', 'plugin', 'virtualenv',
  'venv', 'home', 'pythonpath', 'chdir', 'uid', 'gid', 'max-requests', 'buffer-size', 'pidfile', 'daemonize',
  'logto', 'touch-reload', 'static-map', 'lazy-apps', 'single-interpreter', 'need-app', 'strict', 'py-autoreload',
  'emperor', 'vassals', 'cheaper', 'offload-threads', 'post-buffering', 'thunder-lock', 'listen', 'stats',
]);

/** True for text with a `[uwsgi]` section, or ini-shaped text made of uWSGI keys. */
export function isUwsgiIni(text: string): boolean {
  const sample = text.length > 256 * 1024 ? text.slice(0, 256 * 1024) : text;
  let known = 0;
  let pairs = 0;
  let foreign = 0;
  for (const rawLine of sample.split('\n')) {
    const line = rawLine.replace(/^[\uFEFF \t\r]+|[ \t\r]+$/g, '');
    if (line === '' || line[0] === '#' || line[0] === ';') continue;
    if (line[0] === '[') {
      if (line === '[uwsgi]') return true;
      continue;
    }
    // nginx and other brace/semicolon syntaxes.
    if (/[{};]$/.test(line) && !line.includes('=')) {
      foreign++;
      continue;
    }
    const equal = line.indexOf('=');
    if (equal < 0) continue;
    pairs++;
    if (UWSGI_KEYS.has(line.slice(0, equal).trim())) known++;
  }
  return known >= 3 && known * 2 >= pairs && foreign * 4 <= pairs;
}
