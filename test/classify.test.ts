import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFile, isBinaryText, isNeverConfigByName, kindFromName, lookalike } from '../src/classify.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';

const uwsgiIni = `[uwsgi]
chdir = /srv/mysite
module = mysite.wsgi:application
master = true
processes = 4
socket = /run/mysite/mysite.sock
`;

const nginxSite = `server {
    listen 80;
    server_name example.com;
    location / {
        include uwsgi_params;
        uwsgi_pass unix:/run/mysite/mysite.sock;
    }
}
`;

describe('classifyFile', () => {
  it('never reads Lua, Sieve, SELinux policy or other code as a config, whatever it holds (false errors seen on jitsi, mailcow, omnibus-gitlab)', () => {
    const braces = 'local x = { a = 1 };\nmodule mypolicy 1.0;\nrequire ["fileinto"];\nif header :contains "x" { stop; }\nserver { listen 80; }\n';
    for (const name of ['mod_http_health.lua', 'report-ham.sieve', 'gitlab.te', 'tool.pl', 'schema.sql']) expect(classifyFile(name, braces), name).toBeNull();
  });

  it('reads a [uwsgi] section as uWSGI whatever the name', () => {
    expect(classifyFile('app.conf', uwsgiIni)).toBe('uwsgi');
    expect(classifyFile('deploy/uwsgi', uwsgiIni)).toBe('uwsgi');
  });

  it('reads nginx syntax as nginx whatever the name', () => {
    expect(classifyFile('sites-available/default', 'server { }\n')).toBe('nginx');
    expect(classifyFile('default', nginxSite)).toBe('nginx');
    expect(classifyFile('site.ini', nginxSite)).toBe('nginx');
  });

  it('reads another section of uWSGI options as uWSGI (--ini app.ini:prod)', () => {
    const text = '[prod]\nsocket = /run/app.sock\nmodule = app:application\nmaster = true\n';
    expect(classifyFile('app.cfg', text)).toBe('uwsgi');
  });

  it('counts underscore spellings of uWSGI keys', () => {
    const text = '[production]\nchmod_socket = 660\nwsgi_file = app.py\n';
    expect(classifyFile('prod.cfg', text)).toBe('uwsgi');
  });

  it('does not take other ini files for uWSGI', () => {
    expect(classifyFile('tox.ini', '[tox]\nenvlist = py311\n\n[testenv]\ndeps = pytest\ncommands = pytest\n')).toBeNull();
    expect(classifyFile('setup.cfg', '[metadata]\nname = mysite\n[mypy]\nstrict = true\n')).toBeNull();
    expect(classifyFile('supervisord.conf', '[program:app]\ncommand = uwsgi --ini app.ini\nautostart = true\n')).toBeNull();
  });

  it('skips prose, code and Dockerfiles', () => {
    expect(classifyFile('README', '# My site\n\nRun it with uwsgi and nginx.\nSee the docs.\n')).toBeNull();
    expect(classifyFile('Dockerfile', 'FROM python:3.12\nRUN pip install uwsgi\nCMD ["uwsgi", "--ini", "app.ini"]\n')).toBeNull();
    expect(classifyFile('manage.py', 'import os\nx = 1\n')).toBeNull();
    expect(classifyFile('notes.md', nginxSite)).toBeNull();
    expect(classifyFile('main.c', 'int main(void) {\n  int x = 0;\n  return x;\n}\n')).toBeNull();
  });

  it('does not classify binary content', () => {
    expect(isBinaryText('server {\0}')).toBe(true);
    expect(classifyFile('nginx.conf', 'server {\0\0 listen 80; }')).toBeNull();
  });

  it('classifies Jinja templates', () => {
    const template = `{% for site in sites %}
server {
    listen {{ site.port }};
    server_name {{ site.name }};
    location / { uwsgi_pass unix:{{ site.socket }}; include uwsgi_params; }
}
{% endfor %}
`;
    expect(classifyFile('roles/web/templates/site.j2', template)).toBe('nginx');
    const ini = '[uwsgi]\nsocket = {{ socket_path }}\nprocesses = {{ workers }}\n';
    expect(classifyFile('uwsgi.ini.j2', ini)).toBe('uwsgi');
  });

  it('falls back to the name when the content says nothing', () => {
    expect(classifyFile('deploy/uwsgi/empty.ini', '; nothing yet\n')).toBe('uwsgi');
    expect(classifyFile('uwsgi.ini', '; nothing yet\n')).toBe('uwsgi');
    // An .ini whose path says nothing of uWSGI either (certbot's dns-conf/standalone.ini): not a config.
    expect(classifyFile('dns-conf/standalone.ini', '# no credentials needed\n')).toBeNull();
    expect(classifyFile('empty.conf', '# nothing yet\n')).toBe('nginx');
    expect(classifyFile('empty', '\n')).toBeNull();
  });

  it('reads a whole nginx.conf and a bare uwsgi_params file', () => {
    const conf = 'user www-data;\nworker_processes auto;\nevents { worker_connections 768; }\nhttp { include /etc/nginx/sites-enabled/*; }\n';
    expect(classifyFile('nginx.conf', conf)).toBe('nginx');
    const params = 'uwsgi_param QUERY_STRING $query_string;\nuwsgi_param REQUEST_METHOD $request_method;\n';
    expect(classifyFile('uwsgi_params', params)).toBe('nginx');
  });
});

describe('classifyFile on long files', () => {
  const server = (i: number) => `server {\n  listen ${8000 + i};\n  location / { include uwsgi_params; uwsgi_pass unix:/run/a${i}.sock; }\n}\n`;
  const nginx = Array.from({ length: 2000 }, (_, i) => server(i)).join('');

  it('decides a long nginx config from its first lines', () => {
    expect(nginx.split('\n').length).toBeGreaterThan(5000);
    expect(classifyFile('big.conf', nginx)).toBe('nginx');
  });

  it('still finds a [uwsgi] section past the lines it samples', () => {
    expect(classifyFile('settings', `${'; a comment line\n'.repeat(6000)}[uwsgi]\nsocket = /run/a.sock\n`)).toBe('uwsgi');
    expect(classifyFile('settings', `${'; a comment line\n'.repeat(6000)}[ uwsgi ]\nsocket = /run/a.sock\n`)).toBe('uwsgi');
  });
});

describe('kindFromName', () => {
  it('knows the usual names', () => {
    expect(kindFromName('a/b/app.ini')).toBe('uwsgi');
    expect(kindFromName('/etc/nginx/nginx.conf')).toBe('nginx');
    expect(kindFromName('/etc/nginx/sites-available/default')).toBe('nginx');
    expect(kindFromName('templates/nginx.conf.j2')).toBe('nginx');
    expect(kindFromName('Makefile')).toBeNull();
  });
});

// Short excerpts of files real repositories keep beside their configs (test/fixtures/lookalikes).
const lookalikes = join(import.meta.dirname, 'fixtures', 'lookalikes');
const LOOKALIKE_FILES: [string, string, string][] = [
  // path, what it looks like, the text that shows it ('' when the name does)
  ['freeradius/sites-enabled/default', 'a FreeRADIUS config', 'server default {'],
  ['nginx-tests/uwsgi_body.t', 'a Perl script', ''],
  ['nginx-tests/run-tests', 'a Perl script', 'use warnings;'],
  ['debian/README.Debian', 'documentation', ''],
  ['apache/sites-available/example.conf', 'an Apache httpd config', '<VirtualHost *:80>'],
  ['haproxy/haproxy.conf', 'an HAProxy config', 'frontend http-in'],
  ['systemd/uwsgi-app.conf', 'a systemd unit', '[Unit]'],
  ['supervisor/web.conf', 'a supervisord config', '[supervisord]'],
  ['php-fpm/pool.d/www.conf', 'a PHP-FPM pool', 'listen.owner ='],
  ['postfix/main.cf', 'a Postfix config', 'myhostname ='],
  ['logrotate/nginx/nginx', 'a logrotate config', '/var/log/nginx/*.log {'],
  ['varnish/cache.conf', 'a Varnish VCL file', 'vcl 4.1;'],
  ['caddy/site.conf', 'a Caddyfile', 'reverse_proxy 127.0.0.1:8000'],
  ['lighttpd/lighttpd.conf', 'a lighttpd config', 'server.modules ='],
  ['squid/squid.conf', 'a Squid config', 'http_port 3128'],
  ['logstash/pipeline.conf', 'a Logstash pipeline', 'input {'],
  ['upstart/init/uwsgi.conf', 'an Upstart job', 'start on runlevel [2345]'],
  ['javascript/Jakefile', 'JavaScript or similar code', 'var fs ='],
  ['actionscript/Clip.as', 'JavaScript or similar code', 'public class'],
  ['notes/nginx_settings', 'notes quoting a config (a caption line before it)', 'Site settings (copy to /etc/nginx/sites-available/blog):'],
];

describe('files that are neither nginx nor uWSGI', () => {
  it('covers every fixture', () => {
    const all = walkTree(lookalikes).filter((p) => p !== 'README.md');
    expect(all.sort()).toEqual(LOOKALIKE_FILES.map(([p]) => p).sort());
  });

  it.each(LOOKALIKE_FILES)('%s is %s, never nginx or uWSGI', (path, what, shown) => {
    const text = readFileSync(join(lookalikes, path), 'utf8');
    expect(classifyFile(join(lookalikes, path), text)).toBeNull();
    const looks = lookalike(join(lookalikes, path), text);
    expect(looks?.what).toBe(what);
    expect(text.slice(looks!.start, looks!.end)).toBe(shown);
  });

  // IntelOwl's frontend (docs/evaluation.md, fourth sample): a React component read as nginx statements.
  it('never takes a front-end source for a config, by its name or by its imports', () => {
    const component = 'import React from "react";\n\nimport { useAuthStore } from "../../stores/useAuthStore";\n\nexport default function Logout() {\n  return null;\n}\n';
    for (const name of ['Logout.jsx', 'App.tsx', 'Page.vue', 'Card.svelte', 'theme.scss', 'theme.less']) expect(isNeverConfigByName(`src/${name}`), name).toBe(true);
    expect(classifyFile('src/Logout.jsx', component)).toBeNull();
    expect(classifyFile('src/logout', component)).toBeNull();
    expect(lookalike('src/logout', component)).toMatchObject({ what: 'JavaScript or similar code' });
  });

  it('names a script by its #! line', () => {
    expect(lookalike('deploy/start', '#!/bin/sh\nexec uwsgi --ini app.ini\n')).toEqual({ what: 'a script (#!/bin/sh)', start: 0, end: 9 });
  });

  it('keeps configs whose names or lines only resemble another format', () => {
    expect(classifyFile('sites-enabled/news.conf', nginxSite)).toBe('nginx');
    expect(classifyFile('sites-enabled/default', 'server {\n    listen 80;\n    location /var {\n        root /srv;\n    }\n}\n')).toBe('nginx');
    expect(classifyFile('nginx.conf', 'events {\n    use epoll;\n}\nhttp {\n    include mime.types;\n}\n')).toBe('nginx');
    // A [uwsgi] section wins over anything else in the file.
    expect(classifyFile('app.ini', '[uwsgi]\nsocket = /run/app.sock\n\n[program:app]\ncommand = uwsgi --ini app.ini\n')).toBe('uwsgi');
    expect(lookalike('app.ini', '[uwsgi]\nsocket = /run/app.sock\n[Service]\nUser=app\n')).toBeNull();
    // A caption before the config in a file nginx loads as is fails `nginx -t`: still linted, as nginx.
    const captioned = 'Site settings (copy to /etc/nginx/sites-available/blog):\n\nserver {\n    listen 80;\n}\n';
    expect(classifyFile('sites-available/blog', captioned)).toBe('nginx');
    expect(classifyFile('deploy/blog.conf', captioned)).toBe('nginx');
    // A directive split over lines, or a comment ending in a colon, is no caption.
    expect(classifyFile('deploy/site', '# Settings for the blog:\nserver {\n    server_name a.example\n        b.example;\n    listen 80;\n}\n')).toBe('nginx');
  });
});

// Every file of the shared corpus is classified as it was before lookalikes were recognised.
const corpus = sharedCorpusDir;
describe.skipIf(!sharedCorpusAvailable('classification of the shared corpus'))('the shared corpus', () => {
  it('is classified as recorded in __snapshots__/corpus-classification.txt', () => {
    const expected = readFileSync(join(import.meta.dirname, '__snapshots__', 'corpus-classification.txt'), 'utf8').trim().split('\n');
    const files = walkTree(corpus).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const got = files.map((f) => `${classifyFile(join(corpus, f), readFileSync(join(corpus, f), 'utf8')) ?? 'neither'} ${f}`);
    expect(got).toEqual(expected);
  });
});

/** Files below `dir`, as paths relative to it. */
function walkTree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? walkTree(dir, rel) : [rel];
  });
}
