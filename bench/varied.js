// Builds the varied-shape nginx config of the benchmark: one main config whose http block holds
// servers whose statements are drawn at random from directive forms seen in real deployments
// (uWSGI, proxies, static sites, redirects, PHP through FastCGI), with varying argument counts,
// quoting, comments and nesting of locations and ifs, plus upstreams, maps and includes of
// uwsgi_params. Unlike bench/synthetic.js, whose five shapes repeat, shapes here rarely repeat,
// so the parser's statement shape cache cannot stand in for the grammar.
// The draw is seeded: one seed, one text. The result is valid for `nginx -t` given the
// `mime.types` and `uwsgi_params` files beside it (no certificates, no host names to resolve,
// every upstream, map variable and location path unique where nginx requires it).

/** mulberry32: a small seeded generator, enough for drawing text (not for anything secret). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {{ seed?: number, bytes?: number, logDir?: string }} options
 *   bytes: stop adding servers once the text reaches this size (the default is about the
 *   synthetic file's); logDir: where access logs go (relative: under nginx's -p prefix)
 * @returns {{ text: string, servers: number, upstreams: number, maps: number }}
 */
export function variedHttpConfig({ seed = 20, bytes = 1_660_000, logDir = 'logs' } = {}) {
  const rnd = seededRandom(seed);
  const g = new Gen(rnd, logDir);
  const parts = [`# varied-shape benchmark config, seed ${seed}
user www-data;
worker_processes ${g.pick(['auto', '2', '4'])};
events {
    worker_connections ${g.pick(['768', '1024', '4096'])};
    # multi_accept on;
}

http {
    include mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    server_names_hash_max_size 65536;
    server_names_hash_bucket_size 256;
    map_hash_bucket_size 128;
    variables_hash_max_size 4096;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" "$http_user_agent"';
    limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;
    limit_req_zone $server_name zone=perserver:10m rate=100r/s;
    limit_conn_zone $binary_remote_addr zone=addr:10m;
    gzip on;
    gzip_types text/plain text/css application/json application/javascript;

`];
  let size = parts[0].length;
  let servers = 0;
  while (size < bytes) {
    const chunk = g.site();
    parts.push(chunk);
    size += chunk.length;
    servers++;
  }
  parts.push('}\n');
  return { text: parts.join(''), servers, upstreams: g.upstreams, maps: g.maps };
}

const TLDS = ['com', 'org', 'net', 'io', 'de', 'co.uk', 'fr', 'dev'];
const WORDS = ['shop', 'blog', 'api', 'app', 'static', 'media', 'admin', 'portal', 'docs', 'wiki', 'cdn', 'auth', 'mail', 'status', 'beta', 'www'];
const PROJECTS = ['mysite', 'webapp', 'django_app', 'flaskr', 'store', 'cms', 'tracker', 'forum', 'intranet', 'billing'];
const HEADERS = ['X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'X-XSS-Protection', 'Strict-Transport-Security', 'Cache-Control', 'X-Robots-Tag'];
const HEADER_VALUES = ['SAMEORIGIN', 'nosniff', 'no-referrer-when-downgrade', '"1; mode=block"', '"max-age=31536000; includeSubDomains"', '"public, max-age=3600"', 'noindex'];
const COMMENTS = ['# managed by ansible', '# TODO: move to https', '# see ticket OPS-1234', '#', '# static files served directly', '# keep in sync with uwsgi.ini', '## legacy ##', '# harakiri is 60s on the uWSGI side'];

class Gen {
  constructor(rnd, logDir) {
    this.rnd = rnd;
    this.logDir = logDir;
    this.n = 0; // a counter that makes names unique where nginx requires it
    this.upstreams = 0;
    this.maps = 0;
  }

  int(lo, hi) {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  chance(p) {
    return this.rnd() < p;
  }

  pick(list) {
    return list[Math.floor(this.rnd() * list.length)];
  }

  /** Either quoting of a word, or none: nginx reads all three alike. */
  quote(word) {
    const r = this.rnd();
    return r < 0.7 ? word : r < 0.85 ? `"${word}"` : `'${word}'`;
  }

  /** A trailing comment now and then. */
  tail() {
    return this.chance(0.08) ? ` ${this.pick(COMMENTS)}` : '';
  }

  host(i) {
    const sub = this.chance(0.6) ? `${this.pick(WORDS)}.` : '';
    return `${sub}${this.pick(PROJECTS).replace('_', '-')}${i}.example.${this.pick(TLDS)}`;
  }

  size() {
    return `${this.int(1, 512)}${this.pick(['k', 'm', 'M', 'K', ''])}`;
  }

  time() {
    return `${this.int(1, 600)}${this.pick(['s', 'm', 'ms', ''])}`;
  }

  /** An upstream block, a map block, or neither, then one server. */
  site() {
    const i = this.n++;
    const out = [];
    if (this.chance(0.06)) out.push(`    ${this.pick(COMMENTS)}\n`);
    let upstream = null;
    if (this.chance(0.3)) {
      upstream = `${this.pick(['app', 'backend', 'django', 'uwsgi', 'pool'])}_${i}`;
      this.upstreams++;
      const lines = [];
      const balance = this.chance(0.15) ? this.pick(['least_conn', 'ip_hash']) : null;
      const members = this.int(1, 4);
      for (let k = 0; k < members; k++) {
        const addr = this.chance(0.3) ? `unix:/run/uwsgi/${upstream}-${k}.sock` : `127.0.${this.int(0, 9)}.${this.int(1, 254)}:${this.int(3000, 9999)}`;
        const opts = [];
        if (this.chance(0.3)) opts.push(`weight=${this.int(1, 10)}`);
        if (this.chance(0.2)) opts.push(`max_fails=${this.int(1, 5)}`, `fail_timeout=${this.int(5, 60)}s`);
        if (k > 0 && balance !== 'ip_hash' && this.chance(0.1)) opts.push('backup'); // ip_hash refuses it
        lines.push(`        server ${addr}${opts.length ? ` ${opts.join(' ')}` : ''};${this.tail()}\n`);
      }
      if (this.chance(0.3)) lines.push(`        keepalive ${this.int(2, 64)};\n`);
      if (balance) lines.unshift(`        ${balance};\n`);
      out.push(`    upstream ${upstream} {\n${lines.join('')}    }\n`);
    }
    if (this.chance(0.08)) {
      this.maps++;
      const entries = [];
      for (let k = this.int(1, 5); k > 0; k--) entries.push(`        ${this.pick(['~*bot', '~^/api/', '/old', 'GET', '~*(msie|trident)', `~^/v${k}/`, `${this.pick(WORDS)}${k}`])}${this.n}_${k} ${this.quote(this.pick(['1', '0', 'off', 'backend', '$host']))};\n`);
      out.push(`    map ${this.pick(['$http_user_agent', '$uri', '$request_method', '$host', '$cookie_session'])} $m${i} {\n        default ${this.pick(['0', '""', 'off', '1'])};\n${entries.join('')}    }\n`);
    }
    out.push(this.server(i, upstream));
    return out.join('');
  }

  server(i, upstream) {
    const ind = '        ';
    const lines = [];
    const listens = this.int(1, 3);
    const ports = [80, 8080, 8000, 81, 8081, 8888];
    const port = this.pick(ports);
    lines.push(`${ind}listen ${port};${this.tail()}\n`);
    if (listens > 1) lines.push(`${ind}listen [::]:${port};\n`);
    if (listens > 2) lines.push(`${ind}listen ${this.pick(ports.filter((p) => p !== port))};\n`);
    const names = [this.host(i)];
    for (let k = this.int(0, 3); k > 0; k--) names.push(this.chance(0.5) ? `www.${names[0]}` : this.host(i));
    if (this.chance(0.05)) names.push(`~^(?<sub${i}>.+)\\.example\\.net$`);
    lines.push(`${ind}server_name ${[...new Set(names)].join(' ')};\n`);
    // Server-level statements, each form at most once (nginx refuses most directives twice
    // in one block); access_log and access_log off are one form.
    const drawn = new Set();
    for (let k = this.int(1, 5); k > 0; k--) {
      const form = this.int(0, 17);
      const key = form === 1 ? 0 : form;
      if (drawn.has(key)) continue;
      drawn.add(key);
      lines.push(this.serverStatement(i, ind, form));
    }
    // Locations: a few per server, sometimes nested, sometimes with ifs.
    const locations = this.int(1, 3);
    for (let k = 0; k < locations; k++) lines.push(this.location(i, k, ind, upstream, 0));
    if (this.chance(0.1)) lines.push(`${ind}error_page ${this.pick(['404', '500 502 503 504', '403 404', '502'])} /${this.pick(['50x', '404', 'error', 'maintenance'])}.html;\n`);
    const blank = this.chance(0.3) ? '\n' : '';
    return `    server {${this.chance(0.05) ? ` ${this.pick(COMMENTS)}` : ''}\n${lines.join(blank)}    }\n`;
  }

  serverStatement(i, ind, form) {
    switch (form) {
      case 0:
        return `${ind}access_log ${this.logDir}/${this.pick(PROJECTS)}${i}${this.pick(['.access.log', '.log', '-access.log'])}${this.chance(0.4) ? ' main' : ''};\n`;
      case 1:
        return `${ind}access_log off;${this.tail()}\n`;
      case 2:
        return `${ind}client_max_body_size ${this.size()};${this.tail()}\n`;
      case 3:
        return `${ind}root ${this.quote(`/var/www/${this.pick(PROJECTS)}${i}/${this.pick(['public', 'htdocs', 'html', 'current/public'])}`)};\n`;
      case 4:
        return `${ind}index ${['index.html', 'index.htm', 'index.php'].slice(0, this.int(1, 3)).join(' ')};\n`;
      case 5:
        return `${ind}add_header ${this.pick(HEADERS)} ${this.pick(HEADER_VALUES)}${this.chance(0.4) ? ' always' : ''};\n`;
      case 6:
        return `${ind}charset ${this.pick(['utf-8', 'UTF-8', 'koi8-r'])};\n`;
      case 7:
        return `${ind}keepalive_timeout ${this.int(5, 120)}${this.chance(0.3) ? ` ${this.int(5, 60)}` : ''};\n`;
      case 8:
        return `${ind}${this.pick(COMMENTS)}\n`;
      case 9:
        return `${ind}gzip_${this.pick(['comp_level 5', 'min_length 256', 'vary on', 'proxied any', 'disable "msie6"'])};\n`;
      case 10:
        return `${ind}set $${this.pick(['project', 'app_root', 'backend', 'flag'])}${this.int(0, 9)} ${this.quote(this.pick(['/srv/app', 'on', '0', `${this.pick(PROJECTS)}`, '$host$uri']))};\n`;
      case 11:
        return `${ind}limit_req zone=${this.pick(['perip', 'perserver'])}${this.chance(0.6) ? ` burst=${this.int(5, 50)}` : ''}${this.chance(0.4) ? ' nodelay' : ''};\n`;
      case 12:
        return `${ind}limit_conn addr ${this.int(5, 100)};\n`;
      case 13:
        return `${ind}${this.pick(['proxy_read_timeout', 'uwsgi_read_timeout', 'send_timeout', 'client_body_timeout', 'uwsgi_send_timeout'])} ${this.time()};\n`;
      case 14:
        return `${ind}if ($${this.pick(['host', 'http_host'])} ${this.pick(['=', '!='])} ${this.quote(`www.${this.pick(PROJECTS)}${i}.example.com`)}) {\n${ind}    return ${this.pick(['301', '302', '308'])} ${this.pick(['https', 'http'])}://${this.pick(PROJECTS)}${i}.example.com$request_uri;\n${ind}}\n`;
      case 15:
        return `${ind}rewrite ^/${this.pick(WORDS)}${i}/(.*)$ /${this.pick(WORDS)}/$1 ${this.pick(['permanent', 'redirect', 'last', 'break'])};\n`;
      case 16:
        return `${ind}${this.pick(['ssl_protocols TLSv1.2 TLSv1.3', 'ssl_prefer_server_ciphers on', 'ssl_session_cache shared:SSL:10m', 'ssl_session_timeout 1d', "ssl_ciphers 'HIGH:!aNULL:!MD5'"])};\n`;
      default:
        return `${ind}${this.pick(['real_ip_header X-Forwarded-For', 'set_real_ip_from 10.0.0.0/8', 'resolver 127.0.0.1 valid=30s', 'underscores_in_headers on', 'large_client_header_buffers 4 16k', 'client_body_buffer_size 128k'])};\n`;
    }
  }

  location(i, k, ind, upstream, depth, parent = '') {
    const inner = `${ind}    `;
    const lines = [];
    const kind = this.int(0, 9);
    let head;
    // A nested prefix location must lie inside its parent's prefix (nginx checks).
    const path = `${parent || '/'}${this.pick(WORDS)}${i}_${k}${depth ? `_${depth}` : ''}/`;
    if (kind <= 3) head = k === 0 && depth === 0 ? '/' : path;
    else if (kind === 4) head = `= ${path.slice(0, -1)}`;
    else if (kind === 5) head = `~* \\.(${['jpg', 'jpeg', 'png', 'gif', 'ico', 'css', 'js', 'svg', 'woff2'].slice(0, this.int(2, 9)).join('|')})$`;
    else if (kind === 6) head = `^~ ${path}`;
    else if (kind === 7) head = `~ ^${parent || '/'}${this.pick(WORDS)}${i}_${k}/(?<id>\\d+)/?$`;
    else head = path;
    const body = this.int(0, 6);
    switch (body) {
      case 0: // uWSGI behind a socket or the upstream, with its params
      case 1: {
        const target = upstream && this.chance(0.7) ? upstream : this.chance(0.6) ? `unix:${this.pick(['/run/uwsgi/', '/tmp/', '/var/run/'])}${this.pick(PROJECTS)}${i}.sock` : `127.0.0.1:${this.int(3000, 9999)}`;
        if (this.chance(0.85)) lines.push(`${inner}include ${this.pick(['uwsgi_params', 'uwsgi_params', '/etc/nginx/uwsgi_params'.replace('/etc/nginx/', '')])};\n`);
        lines.push(`${inner}uwsgi_pass ${target};${this.tail()}\n`);
        if (this.chance(0.4)) lines.push(`${inner}uwsgi_read_timeout ${this.time()};\n`);
        if (this.chance(0.2)) lines.push(`${inner}uwsgi_param ${this.pick(['UWSGI_SCHEME $scheme', 'HTTP_X_FORWARDED_PROTO $scheme', 'SCRIPT_NAME /app', 'UWSGI_CHDIR /srv/app'])};\n`);
        if (this.chance(0.15)) lines.push(`${inner}uwsgi_buffers ${this.int(4, 32)} ${this.int(4, 64)}k;\n`);
        break;
      }
      case 2: { // a reverse proxy
        const target = upstream && this.chance(0.5) ? `http://${upstream}` : `http://127.0.0.1:${this.int(3000, 9999)}${this.chance(0.3) && !head.startsWith('~') ? '/' : ''}`; // no URI part under a regex
        lines.push(`${inner}proxy_pass ${target};\n`);
        for (const h of ['Host $host', 'X-Real-IP $remote_addr', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme', 'Upgrade $http_upgrade', 'Connection "upgrade"']) {
          if (this.chance(0.5)) lines.push(`${inner}proxy_set_header ${h};\n`);
        }
        if (this.chance(0.3)) lines.push(`${inner}proxy_http_version 1.1;\n`);
        if (this.chance(0.2)) lines.push(`${inner}proxy_buffering off;\n`);
        break;
      }
      case 3: // static files
        lines.push(`${inner}${this.chance(0.5) ? 'alias' : 'root'} ${this.quote(`/srv/${this.pick(PROJECTS)}${i}/${this.pick(['static', 'media', 'assets', 'public'])}/`)};\n`);
        if (this.chance(0.6)) lines.push(`${inner}expires ${this.pick(['30d', '1y', 'max', '7d', 'off', '-1'])};\n`);
        if (this.chance(0.3)) lines.push(`${inner}access_log off;\n`);
        if (this.chance(0.3)) lines.push(`${inner}add_header Cache-Control ${this.pick(['"public"', '"public, immutable"', 'no-cache'])};\n`);
        break;
      case 4: // a single-page app or PHP-ish front controller
        lines.push(`${inner}try_files $uri ${this.chance(0.5) ? '$uri/ ' : ''}${this.pick(['/index.html', '/index.php?$query_string', '=404', '@fallback'.replace('@fallback', '/index.html')])};\n`);
        break;
      case 5: // a redirect or a fixed answer
        lines.push(this.chance(0.5) ? `${inner}return ${this.pick(['301', '302'])} ${this.pick(['https://$host$request_uri', `https://${this.host(i)}$request_uri`, '/'])};\n` : `${inner}return ${this.pick(['200', '204', '403', '404', '410'])}${this.chance(0.5) ? ` ${this.pick(['OK', '"gone"', "'nothing here'", '"nothing here"'])}` : ''};\n`);
        break;
      default: // access control
        for (let a = this.int(1, 3); a > 0; a--) lines.push(`${inner}allow ${this.pick(['127.0.0.1', '10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12', '::1'])};\n`);
        lines.push(`${inner}deny all;\n`);
        if (this.chance(0.5)) lines.push(`${inner}auth_basic ${this.pick(['Restricted', '"Admin area"', "'Private'", '"Restricted"'])};\n${inner}auth_basic_user_file /etc/nginx/.htpasswd;\n`);
    }
    if (this.chance(0.15)) {
      lines.push(`${inner}if (${this.pick(['$request_method = POST', '$http_user_agent ~* "(bot|crawler|spider)"', '-f $request_filename', '$arg_debug', '$request_uri ~ "^/admin"'])}) {\n${inner}    ${this.pick(['return 403;', 'return 405;', 'set $skip 1;', 'rewrite ^ /maintenance.html break;', 'access_log off;'])}\n${inner}}\n`);
    }
    // Nested locations only under prefix ones, as nginx allows.
    if (depth === 0 && kind <= 3 && head !== '/' && this.chance(0.15)) lines.push(this.location(i, k, inner, upstream, 1, head));
    if (this.chance(0.05)) lines.unshift(`${inner}${this.pick(COMMENTS)}\n`);
    return `${ind}location ${head} {\n${lines.join('')}${ind}}\n`;
  }
}
