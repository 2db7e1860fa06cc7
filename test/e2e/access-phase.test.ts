// End-to-end proof of the access-phase rules' runtime claims (rules/nginx-return-bypasses-allow-deny.md,
// nginx-allow-without-deny.md, nginx-status-page-exposed.md, nginx-ssrf.md): each mistake is
// served by the real nginx 1.22 next to its fix, and the linter, given the exact config text,
// must report the rule at the severity its doc gives on the mistake and stay silent (that rule)
// on the fix. The client is 127.0.0.1, an address no `allow` names; the server listens on
// loopback, so the rules that weigh who can reach a server (status-page-exposed: info, ssrf:
// warning) say so. nginx alone (nginx-only.ts). Needs root and nginx-light; skipped with one line
// otherwise (outside CI). Run alone: `npx vitest run test/e2e/access-phase.test.ts`.
import { INSTALL_HINT, e2eUnavailableReason } from './harness.js';
import { skip } from './cases.js';
import type { RawResponse } from './nginx-only.js';
import { describeServedCases, type ServedCase } from './served-cases.js';

if (skip) console.warn(`SKIPPED e2e access phase (real nginx): ${e2eUnavailableReason()}; to run: ${INSTALL_HINT}`);

function server(body: string, extra = ''): string {
  return `${extra}server {\n    listen 127.0.0.1:{{NGINX_PORT}};\n    server_name localhost;\n\n${body.replace(/^(?=.)/gm, '    ')}}\n`;
}

const describeResponse = (r: RawResponse) => `${r.error ?? ''}${JSON.stringify(r.head)}`;
const OFFICE = 'allow 10.0.0.1;\ndeny all;\n';

const cases: ServedCase[] = [
  {
    name: 'return-bypasses-allow-deny: return 200 beside allow/deny answers a client the rules deny (200)',
    fact: 'rules/nginx-return-bypasses-allow-deny.ts: return ends the request in the rewrite phase, before the access phase',
    spec: { nginxHttp: server(`location /admin {\n    ${OFFICE.replace(/\n(?=.)/g, '\n    ')}    return 200 "secret\\n";\n}\n`), requests: [{ target: '/admin' }] },
    servers: (o, expect) => {
      expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(200);
      expect.soft(o.responses[0].body).toBe('secret\n');
    },
    rule: 'nginx/return-bypasses-allow-deny',
    severity: 'error',
  },
  {
    name: 'return-bypasses-allow-deny fixed: try_files "" @secret; the access phase runs first (403)',
    fact: 'rules/nginx-return-bypasses-allow-deny.md, Good',
    spec: { nginxHttp: server(`location /admin {\n    ${OFFICE.replace(/\n(?=.)/g, '\n    ')}    try_files "" @secret;\n}\nlocation @secret {\n    return 200 "secret\\n";\n}\n`), requests: [{ target: '/admin' }] },
    servers: (o, expect) => expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(403),
    rule: 'nginx/return-bypasses-allow-deny',
    severity: 'none',
  },
  {
    name: 'return-bypasses-allow-deny: rewrite to $scheme://... with break redirects a denied client (302)',
    fact: 'rules/nginx-return-bypasses-allow-deny.ts: a replacement starting with "$scheme" redirects whatever the flag',
    spec: { nginxHttp: server(`location /admin {\n    ${OFFICE.replace(/\n(?=.)/g, '\n    ')}    rewrite ^ $scheme://example.test$request_uri break;\n}\n`), requests: [{ target: '/admin' }] },
    servers: (o, expect) => expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(302),
    rule: 'nginx/return-bypasses-allow-deny',
    severity: 'warning',
  },
  {
    name: 'allow-without-deny: satisfy any with no authentication lets an unnamed client through (200)',
    fact: 'rules/nginx-allow-without-deny.ts: under satisfy any, NGX_DECLINED from the access module and no auth module passes',
    spec: { nginxHttp: server('location /a {\n    satisfy any;\n    allow 10.0.0.1;\n    try_files "" @ok;\n}\nlocation @ok {\n    return 200 "ok\\n";\n}\n'), requests: [{ target: '/a' }] },
    servers: (o, expect) => expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(200),
    rule: 'nginx/allow-without-deny',
    severity: 'error',
  },
  {
    name: 'allow-without-deny: auth_basic without a user file does not ask for a password (200)',
    fact: 'src/nginx/security/access.ts: ngx_http_auth_basic_handler declines without a user file',
    spec: { nginxHttp: server('location /a {\n    satisfy any;\n    allow 10.0.0.1;\n    auth_basic "x";\n    try_files "" @ok;\n}\nlocation @ok {\n    return 200 "ok\\n";\n}\n'), requests: [{ target: '/a' }] },
    servers: (o, expect) => expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(200),
    rule: 'nginx/allow-without-deny',
    severity: 'error',
  },
  {
    name: 'allow-without-deny fixed: satisfy any with auth_basic and a user file asks the others (401)',
    fact: 'rules/nginx-allow-without-deny.md: satisfy any with authentication in force is not flagged',
    spec: {
      nginxHttp: server('location /a {\n    satisfy any;\n    allow 10.0.0.1;\n    auth_basic "x";\n    auth_basic_user_file {{TMP}}/htpasswd;\n    try_files "" @ok;\n}\nlocation @ok {\n    return 200 "ok\\n";\n}\n'),
      files: { htpasswd: 'u:$apr1$x$y\n' },
      requests: [{ target: '/a' }],
    },
    servers: (o, expect) => expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(401),
    rule: 'nginx/allow-without-deny',
    severity: 'none',
  },
  {
    name: 'status-page-exposed: allow all before deny all opens stub_status (200)',
    fact: 'rules/nginx-status-page-exposed.md: the first matching rule decides',
    spec: { nginxHttp: server('location /status {\n    stub_status;\n    allow 10.0.0.0/8;\n    allow all;\n    deny all;\n}\n'), requests: [{ target: '/status' }] },
    servers: (o, expect) => {
      expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(200);
      expect.soft(o.responses[0].body).toContain('Active connections');
    },
    rule: 'nginx/status-page-exposed',
    severity: 'info',
  },
  {
    name: 'status-page-exposed fixed: allow <monitor>; deny all; (403)',
    fact: 'rules/nginx-status-page-exposed.md, Good',
    spec: { nginxHttp: server(`location /status {\n    stub_status;\n    ${OFFICE.replace(/\n(?=.)/g, '\n    ')}}\n`), requests: [{ target: '/status' }] },
    servers: (o, expect) => expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(403),
    rule: 'nginx/status-page-exposed',
    severity: 'none',
  },
  {
    name: 'ssrf: a named location try_files jumps to proxies where $arg_host says (200 from the target)',
    fact: 'rules/nginx-ssrf.ts: ngx_http_named_location keeps the client\'s arguments',
    spec: {
      // proxy_ignore_client_abort: the raw client half-closes after its request, which nginx's
      // upstream module takes for an abort (ngx_http_upstream_check_broken_connection) and drops.
      nginxHttp: server('location / {\n    root {{TMP}}/empty;\n    try_files $uri @fetch;\n}\nlocation @fetch {\n    proxy_ignore_client_abort on;\n    proxy_pass http://$arg_host:$server_port/target;\n}\nlocation = /target {\n    return 200 "reached\\n";\n}\n'),
      files: { 'empty/.keep': '' },
      requests: [{ target: '/x?host=127.0.0.1' }],
    },
    servers: (o, expect) => {
      expect.soft(o.responses[0].status, describeResponse(o.responses[0])).toBe(200);
      expect.soft(o.responses[0].body).toBe('reached\n');
    },
    rule: 'nginx/ssrf',
    severity: 'warning',
  },
];

describeServedCases('access-phase rules, served for real', cases);
