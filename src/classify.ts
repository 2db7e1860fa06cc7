// Which of the two languages a file is written in, decided by its content; the name only breaks
// ties. A directory walk finds READMEs, Python and Dockerfiles beside the configs: those must be
// told apart without a parse, so this looks at the shape of each line, not at a grammar.
import type { FileKind } from './result.js';

/** uWSGI options that mark an ini as uWSGI's (`uwsgi --help`; underscores count, as typos). */
const UWSGI_KEYS = new Set([
  'socket', 'uwsgi-socket', 'http-socket', 'https-socket', 'http', 'https', 'fastcgi-socket',
  'scgi-socket', 'shared-socket', 'protocol', 'module', 'wsgi-file', 'wsgi', 'file', 'callable',
  'mount', 'manage-script-name', 'master', 'processes', 'workers', 'threads', 'enable-threads',
  'chdir', 'home', 'virtualenv', 'venv', 'pythonpath', 'python-path', 'plugins', 'plugin',
  'stats', 'stats-server', 'pidfile', 'safe-pidfile', 'pidfile2', 'chmod-socket', 'chown-socket',
  'uid', 'gid', 'vacuum', 'die-on-term', 'harakiri', 'buffer-size', 'lazy-apps', 'max-requests',
  'reload-on-rss', 'logto', 'logto2', 'daemonize', 'static-map', 'need-app', 'single-interpreter',
  'touch-reload', 'py-autoreload', 'thunder-lock', 'cheaper', 'offload-threads', 'post-buffering',
  'socket-timeout', 'http-timeout', 'listen', 'disable-logging', 'log-4xx', 'log-5xx',
  'memory-report', 'emperor', 'vassals-inherit', 'strict', 'hook-master-start', 'route',
  'ini', 'env', 'req-logger', 'logger', 'procname-prefix', 'auto-procname', 'reload-mercy',
  'worker-reload-mercy', 'max-worker-lifetime', 'umask', 'uwsgi-socket', 'http-to',
]);

/** Directives that open a block in nginx and hardly anything else writes as `name ... {`. */
const NGINX_BLOCKS = new Set([
  'http', 'server', 'location', 'upstream', 'events', 'map', 'stream', 'geo', 'types', 'if',
  'limit_except', 'split_clients', 'mail', 'match',
]);

/** Common nginx directives, for lines ending in `;`. */
const NGINX_DIRECTIVES = new Set([
  'listen', 'server_name', 'root', 'alias', 'index', 'include', 'try_files', 'return', 'rewrite',
  'proxy_pass', 'proxy_set_header', 'proxy_redirect', 'proxy_read_timeout', 'proxy_buffering',
  'proxy_http_version', 'uwsgi_pass', 'uwsgi_param', 'uwsgi_read_timeout', 'uwsgi_buffers',
  'uwsgi_buffer_size', 'fastcgi_pass', 'fastcgi_param', 'fastcgi_index', 'scgi_pass', 'scgi_param',
  'grpc_pass', 'ssl_certificate', 'ssl_certificate_key', 'ssl_protocols', 'ssl_ciphers',
  'ssl_prefer_server_ciphers', 'ssl_session_cache', 'ssl_session_timeout', 'add_header',
  'access_log', 'error_log', 'log_format', 'client_max_body_size', 'charset', 'expires',
  'keepalive_timeout', 'sendfile', 'tcp_nopush', 'tcp_nodelay', 'gzip', 'gzip_types',
  'worker_processes', 'worker_connections', 'worker_rlimit_nofile', 'user', 'pid',
  'default_type', 'types_hash_max_size', 'server_tokens', 'resolver', 'set', 'deny', 'allow',
  'auth_basic', 'auth_basic_user_file', 'autoindex', 'error_page', 'internal', 'limit_req',
  'limit_req_zone', 'limit_conn', 'limit_conn_zone', 'load_module', 'multi_accept', 'keepalive',
  'real_ip_header', 'set_real_ip_from', 'server_names_hash_bucket_size', 'http2', 'default',
  'hostnames', 'include', 'env', 'daemon', 'break', 'uwsgi_pass_request_headers',
  'uwsgi_intercept_errors', 'uwsgi_cache', 'uwsgi_cache_valid', 'proxy_cache', 'proxy_cache_path',
  'proxy_cache_valid', 'open_file_cache', 'ssl_dhparam', 'ssl_stapling', 'ssl_trusted_certificate',
]);

/** Extensions of files that are never configs, whatever they quote (docs, code, data). */
const NOT_CONFIG = /\.(md|markdown|rst|txt|py|pyc|js|mjs|cjs|jsx|ts|mts|cts|tsx|vue|svelte|json|ya?ml|toml|html?|css|scss|sass|less|sh|bash|c|h|go|rs|rb|php|java|xml|svg|png|jpe?g|gif|ico|gz|zip|tar|lock|log|pem|crt|key|sock|lua|sieve|te|pl|pm|sql|ps1|bat)$/i;

/** True when the name alone says docs, code or data (`os.py`, `app.js`), never a config. */
export function isNeverConfigByName(path: string): boolean {
  return NOT_CONFIG.test(path.replace(TEMPLATE_SUFFIX, ''));
}

/** Template suffixes that wrap a config (Ansible's `nginx.conf.j2`, say). */
const TEMPLATE_SUFFIX = /\.(j2|jinja2?|tmpl|tpl|template)$/i;

/** Whether the file's name says a template engine renders it (`uwsgi.ini.j2`, `site.conf.tpl`). */
export function isTemplateName(path: string): boolean {
  return TEMPLATE_SUFFIX.test(path) || /\.erb$/i.test(path);
}

/** What a file that is neither nginx nor uWSGI looks like, and the text that shows it. */
export interface Lookalike {
  /** "a FreeRADIUS config", "a Perl script", ... */
  what: string;
  /** The offsets of the text that shows it in the file; empty at 0 when the name shows it. */
  start: number;
  end: number;
}

/** Documentation by its name: README.Debian, CHANGELOG, LICENSE (whatever config lines they quote). */
const DOC_NAME = /^(README|Readme|readme|READ\.ME|CHANGELOG|ChangeLog|changelog|CHANGES|HISTORY|NEWS|TODO|INSTALL|AUTHORS|CONTRIBUTING|COPYING|LICEN[CS]E|NOTICE|copyright)([._-][\w.-]*)?$/;
/** A config's own extension wins over a doc-like name (`news.conf` serves a news site). */
const CONFIG_EXTENSION = /\.(conf|ini|cfg|j2|jinja2?|template|tmpl|tpl)$/i;

/** Names of files in a Debian package's debian/ directory that are never configs. */
const DEBIAN_PACKAGING = /(^|\/)debian\/(control|rules|changelog|copyright|watch|compat|[\w.+-]+\.(install|dirs|links|docs|manpages|postinst|preinst|postrm|prerm|triggers|lintian-overrides|maintscript|substvars))$/;

/** Shapes of other formats, each by a line no nginx or uWSGI config holds; the first that matches wins. */
const LOOKALIKES: { what: string; line: RegExp; also?: RegExp }[] = [
  // ngx_conf_file.c never reads `#!`-lines specially, but nothing that nginx or uWSGI reads starts with one.
  { what: 'a script', line: /^#!.*$/ },
  { what: 'a Perl script', line: /^use (strict|warnings|lib\b|Test::)[^\n]*;[ \t]*$/m },
  // nginx's `server` never takes a name before its block, and `listen` never opens one (FreeRADIUS sites).
  { what: 'a FreeRADIUS config', line: /^[ \t]*server[ \t]+[\w.-]+[ \t]*\{[ \t]*$/m },
  { what: 'a FreeRADIUS config', line: /^[ \t]*listen([ \t]+[\w-]+)?[ \t]*\{[ \t]*$/m, also: /^[ \t]*(type|ipaddr|port)[ \t]*=/m },
  { what: 'an Apache httpd config', line: /^[ \t]*<\/?(VirtualHost|Directory|DirectoryMatch|Location|LocationMatch|IfModule|Files|FilesMatch|Proxy|IfDefine|Macro)\b[^>\n]*>[ \t]*$/mi },
  { what: 'an HAProxy config', line: /^(frontend|backend|listen)[ \t]+[\w.:-]+[ \t]*$/m, also: /^[ \t]*(bind[ \t]+\S+|server[ \t]+\S+[ \t]+\S+:\d+|mode[ \t]+(http|tcp)|default_backend[ \t]+\S+)/m },
  { what: 'a systemd unit', line: /^\[(Unit|Service|Install|Socket|Timer|Path|Mount)\][ \t]*$/m },
  { what: 'a supervisord config', line: /^\[(supervisord|supervisorctl|unix_http_server|inet_http_server|program:[^\]]+|group:[^\]]+|eventlistener:[^\]]+|rpcinterface:[^\]]+)\][ \t]*$/m },
  { what: 'a PHP-FPM pool', line: /^[ \t]*(pm[ \t]*=[ \t]*(static|dynamic|ondemand)|pm\.max_children[ \t]*=|listen\.(owner|group|mode)[ \t]*=|php_(admin_)?(value|flag)\[)/m },
  { what: 'a Postfix config', line: /^(myhostname|mydomain|myorigin|mydestination|mynetworks|relayhost|inet_interfaces|smtpd_[a-z_]+|smtp_[a-z_]+|alias_maps|virtual_[a-z_]+)[ \t]*=/m },
  // A path before `{`: no nginx statement starts with `/`.
  { what: 'a logrotate config', line: /^[ \t]*"?\/[^\n{;]*\{[ \t]*$/m, also: /^[ \t]*(daily|weekly|monthly|yearly|rotate[ \t]+\d+|missingok|notifempty|(delay)?compress|copytruncate|postrotate|sharedscripts|create[ \t]+\d+)/m },
  { what: 'a Varnish VCL file', line: /^[ \t]*(vcl[ \t]+\d+\.\d+[ \t]*;|sub[ \t]+vcl_\w+[ \t]*\{)/m },
  { what: 'a Caddyfile', line: /^[ \t]*(reverse_proxy|file_server|php_fastcgi)\b[^;\n]*$/m },
  { what: 'a lighttpd config', line: /^[ \t]*(server\.(modules|document-root|port|username|groupname|bind)[ \t]*\+?=|\$(HTTP|SERVER)\[")/m },
  { what: 'a Squid config', line: /^[ \t]*http_port[ \t]+\S+[ \t]*$/m, also: /^[ \t]*(acl[ \t]+\S+[ \t]+\S+|http_access[ \t]+(allow|deny))/m },
  // nginx has no `input`, `filter` or `output` directive, and never writes `=>` (a Logstash pipeline's settings).
  { what: 'a Logstash pipeline', line: /^[ \t]*(input|filter|output)[ \t]*\{/m, also: /^[ \t]*[\w@\[\]"-]+[ \t]*=>/m },
  // JavaScript, ActionScript and their kin beside the configs (a Jakefile, a .as or minified .js
  // under another name): `function f(`, `var x =`, `public class` open no nginx statement.
  { what: 'JavaScript or similar code', line: /^[ \t]*([(!]?function\b[ \t]*[\w$]*[ \t]*\(|(var|let|const)[ \t]+[\w$]+[ \t]*=(?!=)|(public|private|protected|internal)[ \t]+(static[ \t]+)?(class|function|var|const|override)\b|import[ \t]+[\w${*][^\n;]*[ \t]from[ \t]+["']|export[ \t]+default\b)/m },
  { what: 'an Upstart job', line: /^[ \t]*(start|stop)[ \t]+on[ \t]+[^\n]*/m, also: /^[ \t]*(exec|respawn|script|setuid|setgid|description)\b/m },
];

/**
 * What a file that is not nginx or uWSGI looks like (a FreeRADIUS site, a Perl test script, a
 * README.Debian), or null. A file with a `[uwsgi]` section is uWSGI's whatever else it holds.
 */
export function lookalike(path: string, text: string): Lookalike | null {
  const posixPath = path.replace(/\\/g, '/');
  const base = posixPath.slice(posixPath.lastIndexOf('/') + 1);
  if (DOC_NAME.test(base) && !CONFIG_EXTENSION.test(base)) return { what: 'documentation', start: 0, end: 0 };
  if (DEBIAN_PACKAGING.test(posixPath)) return { what: 'Debian packaging', start: 0, end: 0 };
  if (/\.(t|pl|pm)$/.test(base)) return { what: 'a Perl script', start: 0, end: 0 };
  if (/\.vcl$/i.test(base)) return { what: 'a Varnish VCL file', start: 0, end: 0 };
  if (/^Caddyfile([.-][\w.-]+)?$/.test(base)) return { what: 'a Caddyfile', start: 0, end: 0 };
  const sample = sampleOf(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (/^\s*\[\s*uwsgi\s*\]/m.test(sample)) return null;
  const caption = captionOf(posixPath, sample);
  if (caption) return { what: 'notes quoting a config (a caption line before it)', ...caption };
  const firstEnd = sample.indexOf('\n');
  const firstLine = (firstEnd === -1 ? sample : sample.slice(0, firstEnd)).replace(/\r$/, '');
  for (const shape of LOOKALIKES) {
    // Only the first line can be a `#!` line.
    const match = shape.line.exec(shape.line.multiline ? sample : firstLine);
    if (!match || (shape.also && !shape.also.test(sample))) continue;
    const lead = match[0].length - match[0].trimStart().length;
    const body = match[0].trim();
    if (shape.what === 'a script' && /\b(uwsgi|nginx)\b/.test(body)) continue;
    return { what: shape.what === 'a script' ? `a script (${body})` : shape.what, start: match.index + lead, end: match.index + lead + body.length };
  }
  return null;
}

/**
 * A prose caption on the first line that is not blank or a comment, words ending in `:` (`Nginx
 * Settings (on Ubuntu /etc/nginx/sites-available/myapp):`): notes that quote a config for the
 * reader to copy. nginx would read the caption as an unknown directive, so it is only taken for
 * one when the name says nothing of a config (a `.conf`, a sites-enabled/ file is loaded as is).
 */
const CAPTION = /^[A-Za-z][^\n;{}#]*[ \t][^\n;{}#]*:[ \t]*$/;

function captionOf(posixPath: string, sample: string): { start: number; end: number } | null {
  const base = posixPath.slice(posixPath.lastIndexOf('/') + 1);
  if (CONFIG_EXTENSION.test(base) || kindFromName(posixPath) !== null) return null;
  const first = /^[ \t]*([^\s#][^\n]*)$/m.exec(sample);
  if (!first) return null;
  const line = first[1].replace(/\r$/, '').trimEnd();
  if (!CAPTION.test(line)) return null;
  const start = first.index + first[0].indexOf(first[1]);
  return { start, end: start + line.length };
}

const INI_SECTION = /^\[([^\]]*)\]$/;
const INI_KEY = /^([A-Za-z0-9][A-Za-z0-9_.-]*)\s*=/;
const NGINX_BLOCK_OPEN = /^([A-Za-z_][A-Za-z0-9_]*)\b[^;{}]*\{/;
const NGINX_STATEMENT = /^([a-z_][a-z0-9_]*)(?:\s[^;{}=][^;{}]*)?;/;

/** True for content that is not text: a NUL byte within the first 8000 characters, as git decides. */
export function isBinaryText(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}

/** The kind the file's name suggests, or null. Used only when the content does not decide. */
export function kindFromName(path: string): FileKind | null {
  const name = path.replace(/\\/g, '/').replace(TEMPLATE_SUFFIX, '');
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (/\.ini$/i.test(base)) return 'uwsgi';
  if (/\.conf$/i.test(base) || base === 'nginx.conf') return 'nginx';
  if (/(^|\/)(sites-available|sites-enabled|conf\.d|nginx)\/[^/]+$/.test(name)) return 'nginx';
  if (/^(uwsgi|fastcgi|scgi)_params$|^mime\.types$/.test(base)) return 'nginx';
  return null;
}

/** Jinja tags out, so `server_name {{ domain }};` reads as a directive and `{%` lines vanish. */
function stripTemplates(text: string): string {
  return text
    .replace(/\{\{[\s\S]*?\}\}/g, 'X')
    .replace(/\{%[\s\S]*?%\}/g, '')
    .replace(/\{#[\s\S]*?#\}/g, '');
}

interface Evidence {
  /** A `[uwsgi]` section header. */
  uwsgiSection: boolean;
  sections: number;
  iniKeys: number;
  uwsgiKeys: number;
  nginxBlocks: number;
  nginxKnown: number;
  nginxOther: number;
  /** Lines neither language explains (prose, code, continuation lines). */
  unexplained: number;
}

function gather(text: string): Evidence {
  const e: Evidence = {
    uwsgiSection: false, sections: 0, iniKeys: 0, uwsgiKeys: 0,
    nginxBlocks: 0, nginxKnown: 0, nginxOther: 0, unexplained: 0,
  };
  for (const rawLine of stripTemplates(text).split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = INI_SECTION.exec(line);
    if (section) {
      e.sections++;
      if (section[1].trim() === 'uwsgi') e.uwsgiSection = true;
      continue;
    }
    const key = INI_KEY.exec(line);
    if (key) {
      e.iniKeys++;
      if (UWSGI_KEYS.has(key[1].toLowerCase().replace(/_/g, '-'))) e.uwsgiKeys++;
      continue;
    }
    const code = line.replace(/\s#.*$/, '');
    const block = NGINX_BLOCK_OPEN.exec(code);
    if (block && NGINX_BLOCKS.has(block[1])) {
      e.nginxBlocks++;
      continue;
    }
    const statement = NGINX_STATEMENT.exec(code);
    if (statement) {
      if (NGINX_DIRECTIVES.has(statement[1])) e.nginxKnown++;
      else e.nginxOther++;
      continue;
    }
    if (/^\}/.test(code) || block) {
      e.nginxOther++;
      continue;
    }
    e.unexplained++;
  }
  return e;
}

/**
 * Classifies a file as nginx or uWSGI ini by its content, with its name as a tie-breaker.
 * Returns null for binary content, for files whose extension says docs or code, and for text
 * that looks like neither (a README, a Dockerfile, `pytest.ini`). Jinja templates are read
 * with their tags removed.
 */
/** Lines past which a file's kind is already clear: a 90,000-line nginx.conf is not read twice. */
const SAMPLE_LINES = 5000;

/**
 * The text the evidence is gathered from: the first SAMPLE_LINES lines, or all of it when a
 * `[uwsgi]` comes later (that section alone makes a file an ini, wherever it is).
 */
function sampleOf(text: string): string {
  let end = 0;
  for (let line = 0; line < SAMPLE_LINES; line++) {
    end = text.indexOf('\n', end) + 1;
    if (end === 0) return text;
  }
  const laterSection = /\[\s*uwsgi\s*\]/g;
  laterSection.lastIndex = end;
  return laterSection.test(text) ? text : text.slice(0, end);
}

export function classifyFile(path: string, text: string): FileKind | null {
  if (isBinaryText(text)) return null;
  if (isNeverConfigByName(path)) return null;
  const byName = kindFromName(path);
  const e = gather(sampleOf(text.startsWith('\uFEFF') ? text.slice(1) : text));

  if (e.uwsgiSection) return 'uwsgi';
  if (lookalike(path, text)) return null;
  // Another section name is legal (`--ini app.ini:prod`), but then most keys must be uWSGI's:
  // tox.ini and setup.cfg share a key or two by chance.
  const uwsgiScore =
    (e.sections > 0 || byName === 'uwsgi') && e.uwsgiKeys >= 2 && e.uwsgiKeys * 2 >= e.iniKeys
      ? e.uwsgiKeys * 2
      : 0;

  const nginxLines = e.nginxBlocks + e.nginxKnown + e.nginxOther;
  const nginxStructure = e.nginxBlocks > 0 || e.nginxKnown >= 2 || (e.nginxKnown >= 1 && byName === 'nginx');
  const nginxScore =
    nginxStructure && nginxLines * 2 >= nginxLines + e.unexplained + e.iniKeys + e.sections
      ? e.nginxBlocks * 3 + e.nginxKnown * 2 + e.nginxOther
      : 0;

  if (uwsgiScore > nginxScore) return 'uwsgi';
  if (nginxScore > uwsgiScore) return 'nginx';
  if (uwsgiScore > 0) return byName;
  // Nothing to go on (empty, comments only): the name decides. An `.ini` says uWSGI only when its
  // path does (`uwsgi.ini`, `uwsgi/app.ini`): certbot's dns-conf/*.ini hold only comments, and
  // read as uWSGI they got "no [uwsgi] section", an error in CI.
  const meaningful = e.sections + e.iniKeys + nginxLines + e.unexplained;
  if (meaningful !== 0) return null;
  return byName === 'uwsgi' && !/uwsgi/i.test(path) ? null : byName;
}
