// End-to-end proof of the nginx security rules' runtime claims (rules/nginx-alias-traversal.md,
// nginx-http-splitting.md, nginx-add-header-redefinition.md, nginx-host-spoofing.md,
// nginx-if-is-evil.md): each mistake is served by the real nginx 1.22 next to its fix, with raw
// HTTP over a `net` socket (so `%0d%0a` goes out as written and the response head is read byte
// for byte), and the linter, given the exact config text, must report the rule at the severity
// its doc gives on the mistake and stay silent (that rule) on the fix. nginx alone
// (nginx-only.ts) except host-spoofing, which needs the echo app behind it (harness.ts runPair).
// Needs root, nginx-light, uwsgi-core, uwsgi-plugin-python3; skipped with one line otherwise
// (outside CI). Run alone: `npx vitest run test/e2e/security.test.ts` (E2E_REPORT=1 prints
// every case's statuses and findings).
import { afterAll, describe, test, type ExpectStatic } from 'vitest';
import { lintText } from '../../src/lint.js';
import { INSTALL_HINT, e2eUnavailableReason, runPair, type PairSpec } from './harness.js';
import { ini, site, skip } from './cases.js';
import { describeMessages, lintOutcome, registeredRuleIds, type LintedMessage } from './verdict.js';
import { headerValue, runNginx, type NginxOutcome, type NginxSpec, type RawResponse } from './nginx-only.js';

if (skip) console.warn(`SKIPPED e2e security (real nginx): ${e2eUnavailableReason()}; to run: ${INSTALL_HINT}`);

/** What the linter must say about one rule: a finding at this severity, or none of that rule. */
interface RuleVerdict {
  rule: string;
  severity: 'error' | 'warning' | 'none';
}

interface NginxCase {
  name: string;
  /** The claim this proves (rule doc or the comment in its .ts). */
  fact: string;
  spec: NginxSpec;
  servers: (o: NginxOutcome, expect: ExpectStatic) => void;
  verdict: RuleVerdict;
}

interface PairCase {
  name: string;
  fact: string;
  spec: PairSpec;
  servers: (o: Awaited<ReturnType<typeof runPair>>, expect: ExpectStatic) => void;
  verdict: RuleVerdict;
}

/** One server on the case's port around `body` (server-level statements and locations). */
function server(body: string, extra = ''): string {
  return `${extra}server {
    listen 127.0.0.1:{{NGINX_PORT}};
    server_name localhost;

${body.replace(/^(?=.)/gm, '    ')}}
`;
}

const SECRET = 'TOPSECRET settings.py content\n';
const CRLF_PROBE = 'a%0d%0aX-Injected:%20yes';
const CR_PROBE = 'a%0dX-Injected:%20yes';

/** Any header line that nginx did not write itself but the request smuggled in. */
const injected = (r: RawResponse) => r.headerLines.filter((l) => /^x-injected:/i.test(l));
const describeResponse = (r: RawResponse) => `${r.error ?? ''}${JSON.stringify(r.head)}`;

/** E2E_REPORT=1: one line per case with the statuses and every finding, printed after the file. */
const report: string[] = [];
afterAll(() => {
  if (process.env.E2E_REPORT === '1' && report.length > 0) console.log(`e2e security summary:\n${report.sort().join('\n')}`);
});

function checkVerdict(name: string, statuses: number[], messages: LintedMessage[], v: RuleVerdict, said: string, expect: ExpectStatic): void {
  report.push(`${statuses.join(',').padEnd(12)} | ${name}\n             lint: ${messages.map((m) => `${m.severity}:${m.ruleId}`).join(' ') || '(none)'}`);
  expect.soft(registeredRuleIds().has(v.rule), `rule ${v.rule} registered in rules/index.ts`).toBe(true);
  const mine = messages.filter((m) => m.ruleId === v.rule);
  if (v.severity === 'none') {
    expect.soft(mine.map((m) => `${m.severity}: ${m.message}`), `linter: no ${v.rule} finding on the fix; ${said}`).toEqual([]);
  } else {
    expect.soft(mine.map((m) => m.severity), `linter: a ${v.severity} from ${v.rule}; ${said}`).toContain(v.severity);
    const errorsElsewhere = messages.filter((m) => m.severity === 'error' && m.ruleId !== v.rule);
    if (v.severity === 'warning') expect.soft(mine.filter((m) => m.severity === 'error').map((m) => m.message), `linter: ${v.rule} says warning, not error; ${said}`).toEqual([]);
    expect.soft(errorsElsewhere.map((m) => `${m.ruleId}: ${m.message}`), `linter: no error from another rule; ${said}`).toEqual([]);
  }
}

async function lintNginx(o: NginxOutcome): Promise<LintedMessage[]> {
  const result = await lintText([{ path: o.nginxConfPath, text: o.nginxConf, kind: 'nginx' }], { cwd: o.dir, config: { nginxUser: 'www-data' } });
  return result.results.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath })));
}

// ---------------------------------------------------------------------------------------------
// nginx alone

const nginxCases: NginxCase[] = [
  // ------------------------------------------------------------------ nginx/alias-traversal
  {
    name: 'alias-traversal: location /static { alias .../static/; } serves /static../secret.txt (200, the secret)',
    fact: 'rules/nginx-alias-traversal.md: /static../x maps to <alias>/../x, one directory above the alias',
    spec: {
      nginxHttp: server('location /static {\n    alias {{TMP}}/static/;\n}\n'),
      files: { 'static/app.css': 'body {}\n', 'secret.txt': SECRET },
      requests: [{ target: '/static/app.css' }, { target: '/static../secret.txt' }],
    },
    servers: (o, expect) => {
      const [css, secret] = o.responses;
      expect.soft(css.status, `the static file itself: ${describeResponse(css)}`).toBe(200);
      expect.soft(css.body).toBe('body {}\n');
      expect.soft(secret.status, `/static../secret.txt: ${describeResponse(secret)}`).toBe(200);
      expect.soft(secret.body, 'the sibling of static/ is served').toBe(SECRET);
    },
    verdict: { rule: 'nginx/alias-traversal', severity: 'error' },
  },
  {
    name: 'alias-traversal fixed: location /static/ (404 for /static../secret.txt)',
    fact: 'rules/nginx-alias-traversal.md, Good: the location ends with / like the alias',
    spec: {
      nginxHttp: server('location /static/ {\n    alias {{TMP}}/static/;\n}\n'),
      files: { 'static/app.css': 'body {}\n', 'secret.txt': SECRET },
      requests: [{ target: '/static/app.css' }, { target: '/static../secret.txt' }],
    },
    servers: (o, expect) => {
      const [css, secret] = o.responses;
      expect.soft(css.status, `the static file itself: ${describeResponse(css)}`).toBe(200);
      expect.soft(css.body).toBe('body {}\n');
      expect.soft(secret.status, `/static../secret.txt: ${describeResponse(secret)}`).toBe(404);
      expect.soft(secret.body).not.toContain('TOPSECRET');
    },
    verdict: { rule: 'nginx/alias-traversal', severity: 'none' },
  },

  // ------------------------------------------------------------------ nginx/http-splitting
  {
    name: 'http-splitting: return 302 http://example.test$uri; with %0d%0a injects a header line',
    fact: 'rules/nginx-http-splitting.ts: `return 302 http://x$uri` sent an injected header line ($uri is percent-decoded)',
    spec: { nginxHttp: server('location / {\n    return 302 http://example.test$uri;\n}\n'), requests: [{ target: `/${CRLF_PROBE}` }] },
    servers: (o, expect) => {
      const r = o.responses[0];
      expect.soft(r.status, describeResponse(r)).toBe(302);
      expect.soft(headerValue(r, 'Location'), 'the Location header ends at the decoded CR LF').toBe('http://example.test/a');
      expect.soft(injected(r), `a header line of the attacker's: ${describeResponse(r)}`).toEqual(['X-Injected: yes']);
    },
    verdict: { rule: 'nginx/http-splitting', severity: 'error' },
  },
  {
    name: 'http-splitting fixed: return 302 http://example.test$request_uri; keeps %0d%0a encoded',
    fact: 'rules/nginx-http-splitting.md, Good: $request_uri is kept encoded',
    spec: { nginxHttp: server('location / {\n    return 302 http://example.test$request_uri;\n}\n'), requests: [{ target: `/${CRLF_PROBE}` }] },
    servers: (o, expect) => {
      const r = o.responses[0];
      expect.soft(r.status, describeResponse(r)).toBe(302);
      expect.soft(headerValue(r, 'Location')).toBe(`http://example.test/${CRLF_PROBE}`);
      expect.soft(injected(r), describeResponse(r)).toEqual([]);
      expect.soft(r.head, 'no bare CR in the head').not.toMatch(/\r(?!\n)/);
    },
    verdict: { rule: 'nginx/http-splitting', severity: 'none' },
  },
  {
    name: 'http-splitting: a redirecting rewrite escapes its captures (%0D, %0D%0A), nothing injected and not flagged',
    fact: 'rules/nginx-http-splitting.ts: `rewrite ... http://x/$1 permanent` escaped the capture (%0D), so rewrite captures are not flagged',
    spec: {
      nginxHttp: server('location / {\n    rewrite ^/r/(.*)$ http://example.test/$1 permanent;\n    rewrite ^/s/([^.]*)$ http://example.test/$1 permanent;\n}\n'),
      requests: [{ target: `/r/${CR_PROBE}` }, { target: `/r/${CRLF_PROBE}` }, { target: `/s/${CRLF_PROBE}` }],
    },
    servers: (o, expect) => {
      const [cr, crlf, anyChar] = o.responses;
      expect.soft(cr.status, describeResponse(cr)).toBe(301);
      expect.soft(headerValue(cr, 'Location'), '(.*) takes the CR, rewrite escapes it').toBe('http://example.test/a%0DX-Injected:%20yes');
      // `.` does not match LF: ^/r/(.*)$ fails on the decoded CR LF, nothing redirects (no root, 404).
      expect.soft(crlf.status, `(.*) does not match across LF: ${describeResponse(crlf)}`).toBe(404);
      expect.soft(anyChar.status, describeResponse(anyChar)).toBe(301);
      expect.soft(headerValue(anyChar, 'Location'), '([^.]*) takes CR LF, rewrite escapes both').toBe('http://example.test/a%0D%0AX-Injected:%20yes');
      for (const r of o.responses) {
        expect.soft(injected(r), describeResponse(r)).toEqual([]);
        expect.soft(r.head, `no bare CR: ${describeResponse(r)}`).not.toMatch(/\r(?!\n)/);
      }
    },
    verdict: { rule: 'nginx/http-splitting', severity: 'none' },
  },
  {
    name: 'http-splitting: return 302 .../$1 with a (.*) capture sends a bare CR in Location (warning)',
    fact: 'rules/nginx-http-splitting.ts: `return 302 .../$1` with `(.*)` sent a bare CR (warning: some clients split on it)',
    spec: {
      nginxHttp: server('location ~ ^/c/(.*)$ {\n    return 302 http://example.test/$1;\n}\n'),
      requests: [{ target: `/c/${CR_PROBE}` }, { target: `/c/${CRLF_PROBE}` }],
    },
    servers: (o, expect) => {
      const [cr, crlf] = o.responses;
      expect.soft(cr.status, describeResponse(cr)).toBe(302);
      expect.soft(headerValue(cr, 'Location'), 'the CR goes out raw, inside the Location line').toBe('http://example.test/a\rX-Injected: yes');
      expect.soft(injected(cr), 'no CR LF, so no header line of its own').toEqual([]);
      expect.soft(crlf.status, `(.*) does not match across LF: ${describeResponse(crlf)}`).toBe(404);
      expect.soft(injected(crlf)).toEqual([]);
    },
    verdict: { rule: 'nginx/http-splitting', severity: 'warning' },
  },
  {
    name: 'http-splitting fixed: return 302 .../$1 with ([^/\\s]*) does not take CR (404, no CR in Location)',
    fact: 'rules/nginx-http-splitting.md, How to fix: exclude CR and LF from the group, [^/\\s]',
    spec: {
      nginxHttp: server('location ~ ^/c/([^/\\s]*)$ {\n    return 302 http://example.test/$1;\n}\n'),
      requests: [{ target: '/c/plain' }, { target: `/c/${CR_PROBE}` }, { target: `/c/${CRLF_PROBE}` }],
    },
    servers: (o, expect) => {
      const [plain, cr, crlf] = o.responses;
      expect.soft(plain.status, describeResponse(plain)).toBe(302);
      expect.soft(headerValue(plain, 'Location')).toBe('http://example.test/plain');
      expect.soft(cr.status, describeResponse(cr)).toBe(404);
      expect.soft(crlf.status, describeResponse(crlf)).toBe(404);
      for (const r of o.responses) expect.soft(r.head, `no bare CR: ${describeResponse(r)}`).not.toMatch(/\r(?!\n)/);
    },
    verdict: { rule: 'nginx/http-splitting', severity: 'none' },
  },
  {
    name: 'http-splitting: add_header X-Tag $1 with a ([^.]*) capture injects a header line',
    fact: 'rules/nginx-http-splitting.ts: `add_header X $1` (group `[^.]*`) sent an injected header line',
    spec: {
      nginxHttp: server('location ~ ^/h/([^.]*)$ {\n    add_header X-Tag $1;\n    return 200 "ok\\n";\n}\n'),
      requests: [{ target: `/h/${CRLF_PROBE}` }],
    },
    servers: (o, expect) => {
      const r = o.responses[0];
      expect.soft(r.status, describeResponse(r)).toBe(200);
      expect.soft(headerValue(r, 'X-Tag')).toBe('a');
      expect.soft(injected(r), describeResponse(r)).toEqual(['X-Injected: yes']);
    },
    verdict: { rule: 'nginx/http-splitting', severity: 'error' },
  },
  {
    name: 'http-splitting fixed: add_header X-Tag $1 with ([^.\\s]*) (404 for CR LF, nothing injected)',
    fact: 'rules/nginx-http-splitting.md, How to fix: exclude CR and LF from the group',
    spec: {
      nginxHttp: server('location ~ ^/h/([^.\\s]*)$ {\n    add_header X-Tag $1;\n    return 200 "ok\\n";\n}\n'),
      requests: [{ target: '/h/plain' }, { target: `/h/${CRLF_PROBE}` }],
    },
    servers: (o, expect) => {
      const [plain, crlf] = o.responses;
      expect.soft(plain.status, describeResponse(plain)).toBe(200);
      expect.soft(headerValue(plain, 'X-Tag')).toBe('plain');
      expect.soft(crlf.status, describeResponse(crlf)).toBe(404);
      expect.soft(injected(crlf)).toEqual([]);
    },
    verdict: { rule: 'nginx/http-splitting', severity: 'none' },
  },

  // ------------------------------------------------------------------ nginx/add-header-redefinition
  {
    name: 'add-header-redefinition: add_header X-Other in a location drops the server X-Frame-Options there',
    fact: 'rules/nginx-add-header-redefinition.md: add_header is inherited only into a level that sets none',
    spec: {
      nginxHttp: server('add_header X-Frame-Options DENY;\n\nlocation / {\n    add_header X-Other 1;\n    return 200 "ok\\n";\n}\n\nlocation /plain/ {\n    return 200 "ok\\n";\n}\n'),
      requests: [{ target: '/' }, { target: '/plain/' }],
    },
    servers: (o, expect) => {
      const [own, plain] = o.responses;
      expect.soft(own.status, describeResponse(own)).toBe(200);
      expect.soft(headerValue(own, 'X-Other')).toBe('1');
      expect.soft(headerValue(own, 'X-Frame-Options'), `the location with its own add_header: ${describeResponse(own)}`).toBeUndefined();
      expect.soft(headerValue(plain, 'X-Frame-Options'), 'a location without add_header inherits it').toBe('DENY');
    },
    verdict: { rule: 'nginx/add-header-redefinition', severity: 'warning' },
  },
  {
    name: 'add-header-redefinition fixed: X-Frame-Options repeated in the location (both sent)',
    fact: 'rules/nginx-add-header-redefinition.md, Good: repeat the outer headers in the nested block',
    spec: {
      nginxHttp: server('add_header X-Frame-Options DENY;\n\nlocation / {\n    add_header X-Frame-Options DENY;\n    add_header X-Other 1;\n    return 200 "ok\\n";\n}\n\nlocation /plain/ {\n    return 200 "ok\\n";\n}\n'),
      requests: [{ target: '/' }, { target: '/plain/' }],
    },
    servers: (o, expect) => {
      const [own, plain] = o.responses;
      expect.soft(own.status, describeResponse(own)).toBe(200);
      expect.soft(headerValue(own, 'X-Other')).toBe('1');
      expect.soft(headerValue(own, 'X-Frame-Options'), describeResponse(own)).toBe('DENY');
      expect.soft(headerValue(plain, 'X-Frame-Options')).toBe('DENY');
    },
    verdict: { rule: 'nginx/add-header-redefinition', severity: 'none' },
  },

  // ------------------------------------------------------------------ nginx/if-is-evil
  {
    name: 'if-is-evil: two matching ifs with add_header: only the last one is sent',
    fact: 'rules/nginx-if-is-evil.md: of two matching ifs only the last one\'s add_header is sent',
    spec: {
      nginxHttp: server('location / {\n    if ($arg_a) {\n        add_header X-A 1;\n    }\n    if ($arg_b) {\n        add_header X-B 1;\n    }\n    return 200 "ok\\n";\n}\n'),
      requests: [{ target: '/?a=1&b=1' }, { target: '/?a=1' }],
    },
    servers: (o, expect) => {
      const [both, a] = o.responses;
      expect.soft(both.status, describeResponse(both)).toBe(200);
      expect.soft(headerValue(both, 'X-B'), describeResponse(both)).toBe('1');
      expect.soft(headerValue(both, 'X-A'), `both ifs match, the first one's header is lost: ${describeResponse(both)}`).toBeUndefined();
      expect.soft(headerValue(a, 'X-A'), 'one matching if: its header is sent').toBe('1');
    },
    verdict: { rule: 'nginx/if-is-evil', severity: 'warning' },
  },
  {
    name: 'if-is-evil fixed: map + add_header outside the if (both headers sent)',
    fact: 'rules/nginx-if-is-evil.md, How to fix: compute a value with map and use it outside the if',
    spec: {
      nginxHttp: server(
        'location / {\n    add_header X-A $xa;\n    add_header X-B $xb;\n    return 200 "ok\\n";\n}\n',
        'map $arg_a $xa {\n    default "";\n    "~." 1;\n}\n\nmap $arg_b $xb {\n    default "";\n    "~." 1;\n}\n\n',
      ),
      requests: [{ target: '/?a=1&b=1' }, { target: '/?a=1' }],
    },
    servers: (o, expect) => {
      const [both, a] = o.responses;
      expect.soft(both.status, describeResponse(both)).toBe(200);
      expect.soft(headerValue(both, 'X-A'), describeResponse(both)).toBe('1');
      expect.soft(headerValue(both, 'X-B'), describeResponse(both)).toBe('1');
      expect.soft(headerValue(a, 'X-A')).toBe('1');
      expect.soft(headerValue(a, 'X-B'), 'an empty value is not sent').toBeUndefined();
    },
    verdict: { rule: 'nginx/if-is-evil', severity: 'none' },
  },
];

// ---------------------------------------------------------------------------------------------
// nginx + the echo app: what HTTP_HOST / Host the app sees

/** An absolute-form request for good.test with a Host header naming evil.test. */
const ABSOLUTE_FORM = [{ path: 'http://good.test/probe/path', host: 'evil.test' }];
const uwsgiTcp = ini('socket = 127.0.0.1:{{PORT}}');
const httpSocket = ini('http-socket = 127.0.0.1:{{PORT}}');

const pairCases: PairCase[] = [
  {
    name: 'host-spoofing: uwsgi_param HTTP_HOST $http_host; absolute-form request: the app sees the Host header (evil.test)',
    fact: 'rules/nginx-host-spoofing.md: $http_host is the Host header as the client wrote it; $host is what nginx matched',
    spec: { nginxHttp: site('include uwsgi_params;\nuwsgi_param HTTP_HOST $http_host;\nuwsgi_pass 127.0.0.1:{{PORT}};'), uwsgiIni: uwsgiTcp, uwsgiStartsAs: 'service-user', requests: ABSOLUTE_FORM },
    servers: (o, expect) => {
      const r = o.responses[0];
      expect.soft(r.status, r.error ?? r.body.slice(0, 200)).toBe(200);
      expect.soft(r.environ?.HTTP_HOST, 'HTTP_HOST the app saw').toBe('evil.test');
      // nginx 1.22 takes the host out of the absolute-form target: $request_uri is the path only.
      expect.soft(r.environ?.REQUEST_URI, 'REQUEST_URI the app saw').toBe('/probe/path');
      // Debian's uwsgi_params already sends HTTP_HOST $host; the later uwsgi_param is the one the app keeps.
    },
    verdict: { rule: 'nginx/host-spoofing', severity: 'warning' },
  },
  {
    name: 'host-spoofing fixed: uwsgi_param HTTP_HOST $host; the app sees the request line host (good.test)',
    fact: 'rules/nginx-host-spoofing.md, Good: $host',
    spec: { nginxHttp: site('include uwsgi_params;\nuwsgi_param HTTP_HOST $host;\nuwsgi_pass 127.0.0.1:{{PORT}};'), uwsgiIni: uwsgiTcp, uwsgiStartsAs: 'service-user', requests: ABSOLUTE_FORM },
    servers: (o, expect) => {
      const r = o.responses[0];
      expect.soft(r.status, r.error ?? r.body.slice(0, 200)).toBe(200);
      expect.soft(r.environ?.HTTP_HOST, 'HTTP_HOST the app saw').toBe('good.test');
      expect.soft(r.environ?.REQUEST_URI, 'REQUEST_URI the app saw').toBe('/probe/path');
    },
    verdict: { rule: 'nginx/host-spoofing', severity: 'none' },
  },
  {
    name: 'host-spoofing: proxy_set_header Host $http_host; to an http-socket app: it sees evil.test',
    fact: 'rules/nginx-host-spoofing.md, Bad: proxy_set_header Host $http_host',
    spec: { nginxHttp: site('proxy_set_header Host $http_host;\nproxy_pass http://127.0.0.1:{{PORT}};'), uwsgiIni: httpSocket, uwsgiStartsAs: 'service-user', requests: ABSOLUTE_FORM },
    servers: (o, expect) => {
      const r = o.responses[0];
      expect.soft(r.status, r.error ?? r.body.slice(0, 200)).toBe(200);
      expect.soft(r.environ?.HTTP_HOST, 'HTTP_HOST the app saw').toBe('evil.test');
    },
    verdict: { rule: 'nginx/host-spoofing', severity: 'warning' },
  },
  {
    name: 'host-spoofing fixed: proxy_set_header Host $host; to an http-socket app: it sees good.test',
    fact: 'rules/nginx-host-spoofing.md, Good: proxy_set_header Host $host',
    spec: { nginxHttp: site('proxy_set_header Host $host;\nproxy_pass http://127.0.0.1:{{PORT}};'), uwsgiIni: httpSocket, uwsgiStartsAs: 'service-user', requests: ABSOLUTE_FORM },
    servers: (o, expect) => {
      const r = o.responses[0];
      expect.soft(r.status, r.error ?? r.body.slice(0, 200)).toBe(200);
      expect.soft(r.environ?.HTTP_HOST, 'HTTP_HOST the app saw').toBe('good.test');
    },
    verdict: { rule: 'nginx/host-spoofing', severity: 'none' },
  },
];

describe.skipIf(skip).concurrent('nginx security rules, served for real', () => {
  for (const c of nginxCases) {
    test(c.name, async ({ expect }) => {
      const o = await runNginx(c.spec);
      expect.soft(o.noProcessLeft, 'no nginx process left').toBe(true);
      expect.soft(o.noFileLeft, 'case directory removed').toBe(true);
      expect.soft(o.stopNotes, 'stopped by SIGQUIT alone').toEqual([]);
      c.servers(o, expect);
      const messages = await lintNginx(o);
      checkVerdict(c.name, o.responses.map((r) => r.status), messages, c.verdict, `(${c.fact}); the linter said:\n${describeMessages(messages)}\n--- nginx.conf\n${o.nginxConf}`, expect);
    }, 30_000);
  }
  for (const c of pairCases) {
    test(c.name, async ({ expect }) => {
      const o = await runPair(c.spec);
      expect.soft(o.noProcessLeft, 'no nginx/uWSGI process left').toBe(true);
      expect.soft(o.noFileLeft, 'case directory removed').toBe(true);
      expect.soft(o.stopNotes, 'stopped by SIGQUIT/SIGINT alone').toEqual([]);
      c.servers(o, expect);
      const messages = await lintOutcome(o, c.spec.uwsgiStartsAs);
      checkVerdict(c.name, o.responses.map((r) => r.status), messages, c.verdict, `(${c.fact}); the linter said:\n${describeMessages(messages)}\n--- nginx.conf\n${o.nginxConf}--- uwsgi.ini\n${o.uwsgiIni}`, expect);
    }, 60_000);
  }
});
