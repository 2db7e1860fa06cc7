// Builds the large synthetic nginx config used by the benchmark: one main config whose http
// block holds `servers` server blocks, about 330 bytes each (5,000 servers: about 1.65 MB).
// Servers rotate through the shapes seen in real uWSGI deployments so the text is not one
// block repeated: Django behind a unix socket, an upstream over TCP, a proxy, a redirect.
// The result is valid for `nginx -t` (no certificates, no host names to resolve).

/**
 * @param {number} servers how many server blocks
 * @param {{ logDir?: string }} options logDir: where access logs go (relative: under nginx's -p prefix)
 */
export function syntheticHttpConfig(servers = 5000, { logDir = '/var/log/nginx' } = {}) {
  const parts = [`# synthetic benchmark config: ${servers} servers
user www-data;
worker_processes auto;
events { worker_connections 1024; }

http {
    include mime.types;
    default_type application/octet-stream;
    sendfile on;
    server_names_hash_max_size 32768;
    server_names_hash_bucket_size 128;

`];
  for (let i = 0; i < servers; i++) parts.push(serverBlock(i, logDir));
  parts.push('}\n');
  return parts.join('');
}

/**
 * The pair workload's config: `servers` servers of one shape (Django behind `uwsgi_pass unix:`),
 * about the size of the synthetic file, so every server has a pass target for the ini below.
 */
export function oneShapeHttpConfig(servers = 5000, { logDir = '/var/log/nginx', sockets = servers } = {}) {
  const parts = [`# one-shape benchmark config: ${servers} servers behind uWSGI sockets
events { worker_connections 1024; }

http {
    include mime.types;
    server_names_hash_max_size 32768;
    server_names_hash_bucket_size 128;

`];
  for (let i = 0; i < servers; i++) {
    parts.push(djangoUnixSocket(i, `site${i}.example.${['com', 'org', 'net'][i % 3]}`, logDir).replace(`/run/uwsgi/site${i}.sock`, `/run/uwsgi/site${i % sockets}.sock`));
  }
  parts.push('}\n');
  return parts.join('');
}

/** The uWSGI side of oneShapeHttpConfig: one ini binding every server's socket, so each target pairs. */
export function pairIni(sockets = 5000) {
  const parts = ['[uwsgi]\nmaster = true\nprocesses = 4\nchdir = /srv\nmodule = app.wsgi:application\n'];
  for (let i = 0; i < sockets; i++) parts.push(`socket = /run/uwsgi/site${i}.sock\n`);
  parts.push('chmod-socket = 660\nvacuum = true\n');
  return parts.join('');
}

/** One server of the synthetic rotation with its upstream, if it has one: a file of the many-files workload. */
export function syntheticServer(i, { logDir = '/var/log/nginx' } = {}) {
  return serverBlock(i, logDir);
}

const shapes = [djangoUnixSocket, upstreamTcp, reverseProxy, djangoUnixSocket, redirectToCanonical];

function serverBlock(i, logDir) {
  return shapes[i % shapes.length](i, `site${i}.example.${['com', 'org', 'net'][i % 3]}`, logDir);
}

function djangoUnixSocket(i, name, logDir) {
  return `    server {
        listen 80;
        server_name ${name};
        access_log ${logDir}/site${i}.log;
        client_max_body_size ${10 + (i % 5) * 10}m;
        location /static/ {
            alias /srv/site${i}/static/;
        }
        location / {
            include uwsgi_params;
            uwsgi_pass unix:/run/uwsgi/site${i}.sock;
        }
    }
`;
}

function upstreamTcp(i, name, logDir) {
  return `    upstream app${i} {
        server 127.0.0.1:${8000 + (i % 1000)};
    }
    server {
        listen 80;
        listen [::]:80;
        server_name ${name} www.${name};
        access_log ${logDir}/site${i}.log;
        location / {
            include uwsgi_params;
            uwsgi_pass app${i};
            uwsgi_read_timeout ${30 + (i % 4) * 30}s; # harakiri
        }
    }
`;
}

function reverseProxy(i, name, logDir) {
  return `    server {
        listen 8080;
        server_name api.${name};
        access_log ${logDir}/api${i}.log;
        location /media/ {
            alias /srv/site${i}/media/;
        }
        location / {
            proxy_pass http://127.0.0.1:${9000 + (i % 500)};
            proxy_set_header Host $host;
        }
    }
`;
}

function redirectToCanonical(i, name) {
  return `    server {
        listen 80;
        server_name old.${name};
        location = /favicon.ico {
            access_log off;
            log_not_found off;
        }
        location / {
            return 301 http://${name}$request_uri;
        }
    }
`;
}
