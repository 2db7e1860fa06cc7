// Builds the large synthetic nginx config used by the benchmark: one http block holding
// `servers` server blocks, each with listens, names, SSL, locations and pass targets.
export function syntheticHttpConfig(servers = 5000) {
  const parts = ['# synthetic benchmark config\nuser www-data;\nworker_processes auto;\nevents { worker_connections 1024; }\n\nhttp {\n    include mime.types;\n    sendfile on;\n\n'];
  for (let i = 0; i < servers; i++) {
    parts.push(`    upstream app${i} {
        server 127.0.0.1:${8000 + (i % 1000)};
    }
    server {
        listen 80;
        server_name site${i}.example.com www.site${i}.example.com;
        access_log /var/log/nginx/site${i}.access.log;
        location /static/ {
            alias /srv/site${i}/static/;
            expires 30d;
        }
        location / {
            include uwsgi_params;
            uwsgi_pass app${i};
            uwsgi_read_timeout 60s; # keep in step with harakiri
        }
    }
`);
  }
  parts.push('}\n');
  return parts.join('');
}
