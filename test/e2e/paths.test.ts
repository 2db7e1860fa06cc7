// End-to-end proof of the path rules' runtime claims (rules/nginx-alias-traversal.md for regex
// locations, nginx-filesystem-root.md, nginx-proxy-pass-normalized.md, nginx-merge-slashes-off.md):
// each mistake is served by the real nginx next to its fix, with raw HTTP (so `//admin/` and
// `%2F` go out as written), a second server of the same nginx echoing the request line it got as
// the backend. The linter, given the exact config text, must report the rule at the severity its
// doc gives on the mistake and stay silent (that rule) on the fix. Needs root and nginx-light;
// skipped with one line otherwise (outside CI). Run alone: `npx vitest run test/e2e/paths.test.ts`.
import { INSTALL_HINT, e2eUnavailableReason } from './harness.js';
import { skip } from './cases.js';
import type { RawResponse } from './nginx-only.js';
import { describeServedCases, type ServedCase } from './served-cases.js';

if (skip) console.warn(`SKIPPED e2e paths (real nginx): ${e2eUnavailableReason()}; to run: ${INSTALL_HINT}`);

const SECRET = 'TOPSECRET settings.py content\n';

/**
 * The case's server around `body`, and a backend server on {{PORT}} that echoes the request URI.
 * rawExchange half-closes the socket after the request: without proxy_ignore_client_abort nginx
 * may take that for a client gone away (499) before the backend answers.
 */
function servers(body: string): string {
  return `server {
    listen 127.0.0.1:{{NGINX_PORT}};
    server_name localhost;
    proxy_ignore_client_abort on;
${body.replace(/^(?=.)/gm, '    ')}}
server {
    listen 127.0.0.1:{{PORT}};
    location / {
        return 200 "backend got $request_uri\\n";
    }
}
`;
}

const show = (r: RawResponse) => `${r.error ?? ""}${JSON.stringify(r.head)} ${JSON.stringify(r.body.slice(0, 120))}`;
const backendGot = (r: RawResponse) => /^backend got (.*)\n$/.exec(r.body)?.[1];

const cases: ServedCase[] = [
  {
    name: 'alias-traversal: location ~ /images(.*) { alias .../static/$1; } serves /images../secret.txt',
    fact: 'rules/nginx-alias-traversal.md: a capture that does not follow a / can start with ../',
    spec: { nginxHttp: servers('location ~ /images(.*) {\n    alias {{TMP}}/static/$1;\n}\n'), files: { 'static/app.css': 'body {}\n', 'secret.txt': SECRET }, requests: [{ target: '/images/app.css' }, { target: '/images../secret.txt' }] },
    servers: (o, expect) => {
      const [css, secret] = o.responses;
      expect.soft(css.status, show(css)).toBe(200);
      expect.soft(secret.status, show(secret)).toBe(200);
      expect.soft(secret.body, 'the file above the alias').toBe(SECRET);
    },
    rule: 'nginx/alias-traversal',
    severity: 'error',
  },
  {
    name: 'alias-traversal fixed: location ~ ^/images/(.*)$ (404 for /images/../secret.txt)',
    fact: 'rules/nginx-alias-traversal.md, Good: the / before the capture',
    spec: { nginxHttp: servers('location ~ ^/images/(.*)$ {\n    alias {{TMP}}/static/$1;\n}\n'), files: { 'static/app.css': 'body {}\n', 'secret.txt': SECRET }, requests: [{ target: '/images/app.css' }, { target: '/images/../secret.txt' }, { target: '/images../secret.txt' }] },
    servers: (o, expect) => {
      const [css, ...probes] = o.responses;
      expect.soft(css.status, show(css)).toBe(200);
      for (const r of probes) expect.soft(r.body, show(r)).not.toContain('TOPSECRET');
    },
    rule: 'nginx/alias-traversal',
    severity: 'none',
  },
  {
    name: 'filesystem-root: alias / serves /files/etc/passwd',
    fact: 'rules/nginx-filesystem-root.md: alias / maps the request onto the filesystem root',
    spec: { nginxHttp: servers('location /files/ {\n    alias /;\n}\n'), requests: [{ target: '/files/etc/passwd' }] },
    servers: (o, expect) => {
      expect.soft(o.responses[0].status, show(o.responses[0])).toBe(200);
      expect.soft(o.responses[0].body, '/etc/passwd').toMatch(/^root:/);
    },
    rule: 'nginx/filesystem-root',
    severity: 'error',
  },
  {
    name: 'proxy-pass-normalized: a URI part sends the decoded, normalized path',
    fact: 'rules/nginx-proxy-pass-normalized.md: %2F arrives as /, /a/../b as /b',
    spec: { nginxHttp: servers('location /b/ {\n    proxy_pass http://127.0.0.1:{{PORT}}/;\n}\n'), requests: [{ target: '/b/a%2Fb/../c' }] },
    servers: (o, expect) => expect.soft(backendGot(o.responses[0]), show(o.responses[0])).toBe('/a/c'),
    rule: 'nginx/proxy-pass-normalized',
    severity: 'info',
  },
  {
    name: 'proxy-pass-normalized fixed: no URI part passes the raw request URI',
    fact: 'rules/nginx-proxy-pass-normalized.md, Good: proxy_pass without a URI part',
    spec: { nginxHttp: servers('location /b/ {\n    proxy_pass http://127.0.0.1:{{PORT}};\n}\n'), requests: [{ target: '/b/a%2Fb' }] },
    servers: (o, expect) => expect.soft(backendGot(o.responses[0]), show(o.responses[0])).toBe('/b/a%2Fb'),
    rule: 'nginx/proxy-pass-normalized',
    severity: 'none',
  },
  {
    name: 'proxy-pass-normalized: rewrite ^ $request_uri and a target without $1 escape the raw path again',
    fact: 'rules/nginx-proxy-pass-normalized.md: %2F arrives as %252F, the query as %3F...',
    spec: { nginxHttp: servers('location /c/ {\n    rewrite ^ $request_uri;\n    rewrite ^/c(/.*)$ $1 break;\n    return 400;\n    proxy_pass http://127.0.0.1:{{PORT}};\n}\n'), requests: [{ target: '/c/a%2Fb?x=1' }] },
    servers: (o, expect) => expect.soft(backendGot(o.responses[0]), show(o.responses[0])).toBe('/a%252Fb%3Fx=1?x=1'),
    rule: 'nginx/proxy-pass-normalized',
    severity: 'warning',
  },
  {
    name: 'proxy-pass-normalized fixed: the capture carries the raw path on',
    fact: 'rules/nginx-proxy-pass-normalized.md, Good: proxy_pass http://app$1',
    spec: { nginxHttp: servers('location /c/ {\n    rewrite ^ $request_uri;\n    rewrite ^/c(/.*)$ $1 break;\n    return 400;\n    proxy_pass http://127.0.0.1:{{PORT}}$1;\n}\n'), requests: [{ target: '/c/a%2Fb' }] },
    servers: (o, expect) => expect.soft(backendGot(o.responses[0]), show(o.responses[0])).toBe('/a%2Fb'),
    rule: 'nginx/proxy-pass-normalized',
    severity: 'none',
  },
  {
    name: 'proxy-pass-normalized: a flagless rewrite ^ $request_uri loops (500)',
    fact: 'rules/nginx-proxy-pass-normalized.ts: "rewrite or internal redirection cycle"',
    spec: { nginxHttp: servers('location /d {\n    rewrite ^ $request_uri;\n    proxy_pass http://127.0.0.1:{{PORT}};\n}\n'), requests: [{ target: '/d/x' }] },
    servers: (o, expect) => {
      expect.soft(o.responses[0].status, show(o.responses[0])).toBe(500);
      expect.soft(o.nginxLog).toContain('rewrite or internal redirection cycle');
    },
    rule: 'nginx/proxy-pass-normalized',
    severity: 'warning',
  },
  {
    name: 'merge-slashes-off: //admin/x.txt skips location /admin/ { deny all; }',
    fact: 'rules/nginx-merge-slashes-off.md: 403 for /admin/x.txt, the file for //admin/x.txt',
    spec: { nginxHttp: servers('merge_slashes off;\nroot {{TMP}}/www;\nlocation /admin/ {\n    deny all;\n}\n'), files: { 'www/admin/x.txt': SECRET }, requests: [{ target: '/admin/x.txt' }, { target: '//admin/x.txt' }] },
    servers: (o, expect) => {
      const [plain, doubled] = o.responses;
      expect.soft(plain.status, show(plain)).toBe(403);
      expect.soft(doubled.status, show(doubled)).toBe(200);
      expect.soft(doubled.body).toBe(SECRET);
    },
    rule: 'nginx/merge-slashes-off',
    severity: 'warning',
  },
  {
    name: 'merge-slashes-off fixed: the default merges //admin/ into /admin/ (403)',
    fact: 'rules/nginx-merge-slashes-off.md, Good',
    spec: { nginxHttp: servers('root {{TMP}}/www;\nlocation /admin/ {\n    deny all;\n}\n'), files: { 'www/admin/x.txt': SECRET }, requests: [{ target: '//admin/x.txt' }] },
    servers: (o, expect) => expect.soft(o.responses[0].status, show(o.responses[0])).toBe(403),
    rule: 'nginx/merge-slashes-off',
    severity: 'none',
  },
];

describeServedCases('path rules, served for real', cases);
