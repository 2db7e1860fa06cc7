import { describe, expect, test } from 'vitest';
import { findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/proxy-pass-uri';
const server = (body: string) => `server {\n    listen 127.0.0.1:8999;\n    ${body}\n}\n`;

// [the server's line, what the message says of the block, the URI part]
const refused: [string, string, string][] = [
  ['location ~ ^/api/ { proxy_pass http://127.0.0.1:8000/; }', 'in a location given by a regular expression', '/'],
  ['location ~* \\.php$ { proxy_pass http://app/index.php; }', 'in a location given by a regular expression', '/index.php'],
  ['location @fallback { proxy_pass http://127.0.0.1:8000/a; }', 'in a named location', '/a'],
  ['location / { if ($arg_a) { proxy_pass http://127.0.0.1:8000/; } }', 'inside an "if" block', '/'],
  ['location / { limit_except GET { proxy_pass http://127.0.0.1:8000/x; } }', 'inside a "limit_except" block', '/x'],
  ['location ~ ^/api/ { proxy_pass http://unix:/run/app.sock:/x; }', 'in a location given by a regular expression', '/x'],
  ['location ~ ^/api/ { proxy_pass http://127.0.0.1:8000?x=1; }', 'in a location given by a regular expression', '?x=1'],
];

const accepted = [
  'location ~ ^/api/ { proxy_pass http://127.0.0.1:8000; }',
  'location ~ ^/api/(?<rest>.*)$ { proxy_pass http://127.0.0.1:8000/$rest; }',
  'location ~ ^/api/ { proxy_pass http://unix:/run/app.sock; }',
  'location /api/ { proxy_pass http://127.0.0.1:8000/v1/; }',
  'location ~ ^/api/ { uwsgi_pass 127.0.0.1:8000; }',
  'location = /x { proxy_pass http://127.0.0.1:8000/y; }',
];

describe(ID, () => {
  test.each(refused)('%s', async (line, where, uri) => {
    const rows = await findings(ID, { 'sites-enabled/a.conf': server(line) });
    expect(rows).toHaveLength(1);
    const [severity, l, c, e, message] = rows[0];
    // The argument of proxy_pass, in columns of the line (4 spaces of indent, 1-based, end exclusive).
    const argument = /proxy_pass (\S+);/.exec(line)![1];
    const column = 4 + line.indexOf(argument) + 1;
    expect([severity, l, c, e]).toEqual(['error', 3, column, column + argument.length]);
    expect(message).toContain(`a URI part ("${uri}") ${where}`);
    expect(message).toContain('nginx -t refuses the config');
  });

  test('the message says what to write instead', async () => {
    const [[, , , , message]] = await findings(ID, { 'sites-enabled/a.conf': server('location ~ ^/api/ { proxy_pass http://127.0.0.1:8000/api/; }') });
    expect(message).toBe('proxy_pass "http://127.0.0.1:8000/api/" has a URI part ("/api/") in a location given by a regular expression, where nginx has no matched prefix to replace: nginx -t refuses the config; write "proxy_pass http://127.0.0.1:8000;" and, if the backend needs another path, set it with "rewrite <regex> <path> break;" before it');
  });

  test.each(accepted)('no finding: %s', async (line) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server(line) })).toEqual([]);
  });

  test('a line reached through an include is judged where it stands', async () => {
    const files = {
      'nginx.conf': `events {}\nhttp {\n${server('location ~ ^/api/ { include snippets/pass.conf; }\n    location /ok/ { include snippets/pass.conf; }')}}\n`,
      'snippets/pass.conf': 'proxy_pass http://127.0.0.1:8000/api/;\n',
    };
    expect(await findings(ID, files)).toEqual([['error', 1, 12, 38, expect.stringContaining('in a location given by a regular expression')]]);
  });

  test('a templated target is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': server('location ~ ^/api/ { proxy_pass {{ backend_url }}/; }') })).toEqual([]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID} agrees with nginx -t`, () => {
  test.each([...refused.map(([line]) => [line, true] as const), ...accepted.map((line) => [line, false] as const)])('%s', async (line, expectRefused) => {
    const text = `events {}\nhttp {\n    upstream app { server 127.0.0.1:8000; }\n${server(line)}}\n`;
    const result = await runNginxT([{ path: 'nginx.conf', text }], 'nginx.conf');
    if (expectRefused) expect(result.message).toMatch(/^"proxy_pass" cannot have URI part/);
    else expect(result.ok).toBe(true);
  });
});
