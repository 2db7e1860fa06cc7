import { describe, expect, test } from 'vitest';
import { at, findings, lintFiles } from '../support/rule-tester.js';
import { hostPart } from '../../src/query/index.js';

const ID = 'nginx/ssrf';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation ~ ^/p/(.*)/(.*)$ {\n    proxy_pass http://$1/$2;\n}\n}\n" })).toEqual([["error", 3, 16, 28, "the host of this proxy_pass comes from $1 (capture $1 of the regex on $uri, which can hold it): a client can point nginx at any server it reaches, such as 169.254.169.254 or localhost (SSRF); name the backends in an upstream or a map of fixed values, or mark the location \"internal\""]]);
  });

  test.each([
    ["server {\nlocation ~ ^/p/(.*)/(.*)$ {\n    proxy_pass http://$1/$2;\n}\n}\n", [["error", 3, 16, 28]]],
    ["server {\nlocation / {\n    proxy_pass http://$arg_host;\n}\n}\n", [["error", 3, 16, 32]]],
    ["server {\nlocation / {\n    set $b $http_x_backend;\n    proxy_pass https://$b/api;\n}\n}\n", [["error", 4, 16, 30]]],
    // a named location a try_files or error_page jumps to keeps the client's arguments
    ["server {\nlocation / {\n    try_files $uri @x;\n}\nlocation @x {\n    proxy_pass http://$arg_host;\n}\n}\n", [["error", 6, 16, 32]]],
    ["http {\nerror_page 502 = @x;\nserver {\nlocation @x {\n    uwsgi_pass $http_x_backend:3031;\n}\n}\n}\n", [["error", 5, 16, 36]]],
    // error_page jumps on 403 too: the denied client still reaches the named location
    ["server {\nlocation / {\n    deny all;\n    error_page 403 = @x;\n}\nlocation @x {\n    proxy_pass http://$arg_host;\n}\n}\n", [["error", 7, 16, 32]]],
    // a map value without a path, or no default ("" then): the variable after it is in the host
    ["http {\nmap $arg_k $p {\n    a /a/;\n}\nserver {\nlocation / {\n    proxy_pass http://$p$arg_host;\n}\n}\n}\n", [["error", 7, 16, 34]]],
    ["http {\nmap $arg_k $p {\n    default http://;\n}\nserver {\nlocation / {\n    proxy_pass $p$arg_host;\n}\n}\n}\n", [["error", 7, 16, 27]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation ~ ^/p/(\\d+)$ {\n    proxy_pass http://a/$1;\n}\n}\n"],
    ["server {\nlocation ~ ^/i/(.*)$ {\n    internal;\n    proxy_pass http://$1;\n}\n}\n"],
    ["server {\nlocation / {\n    proxy_pass http://127.0.0.1:8000$request_uri;\n}\n}\n"],
    // a named location nothing in the config jumps to (X-Accel-Redirect from the backend only)
    ["server {\nlocation @x {\n    proxy_pass http://$arg_host;\n}\n}\n"],
    // a jump from another server does not reach this one's @x
    ["server {\nlocation / {\n    try_files $uri @x;\n}\n}\nserver {\nlocation @x {\n    proxy_pass http://$arg_host;\n}\n}\n"],
    // try_files runs after the access phase of its location: only allowlisted clients jump (observed: 403); and the named location's own rules count too
    ["server {\nlocation / {\n    allow 10.0.0.0/8;\n    deny all;\n    try_files $uri @x;\n}\nlocation @x {\n    proxy_pass http://$arg_host;\n}\n}\n"],
    ["server {\nlocation / {\n    try_files $uri @x;\n}\nlocation @x {\n    allow 10.0.0.0/8;\n    deny all;\n    proxy_pass http://$arg_host;\n}\n}\n"],
    // every value of the map or geo holds a path: $arg_host is in the path
    ["http {\nmap $arg_k $p {\n    default /d/;\n    a /a/;\n}\ngeo $g {\n    proxy 10.0.0.1;\n    default /g/;\n}\nserver {\nlocation / {\n    proxy_pass http://$p$arg_host;\n}\nlocation /g {\n    proxy_pass http://$g$arg_host;\n}\n}\n}\n"],
    // a forward proxy for allowlisted addresses, or on a unix socket: no outsider steers it
    ["server {\nlisten 3128;\nresolver 127.0.0.53;\nallow 10.0.0.0/8;\ndeny all;\nlocation / {\n    proxy_pass http://$host$request_uri;\n}\n}\n"],
    ["server {\nlisten unix:/run/proxy.sock;\nlocation / {\n    proxy_pass http://$http_host;\n}\n}\n"],
    // a templated target is not judged
    ["server {\nlocation / {\n    proxy_pass http://{{ backend }}$arg_host;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});

test('only authenticated or local clients reach it: a warning that says so', async () => {
  expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlisten 80;\nauth_basic proxy;\nauth_basic_user_file /etc/htpasswd;\nlocation / {\n    proxy_pass http://$host$request_uri;\n}\n}\n" })).toEqual([["warning", 6, 16, 40, "the host of this proxy_pass comes from $host (request data): a client that passes the authentication in force can point nginx at any server it reaches, such as 169.254.169.254 or localhost (SSRF); name the backends in an upstream or a map of fixed values, or mark the location \"internal\""]]);
  expect(await at(ID, { 'sites-enabled/a.conf': "server {\nlisten 127.0.0.1:3128;\nlocation / {\n    proxy_pass http://$host$request_uri;\n}\n}\n" })).toEqual([["warning", 4, 16, 40]]);
});

test('a pass line reached through an include is reported in the included file', async () => {
  const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            include snippets/fetch.conf;\n        }\n    }\n}\n", 'snippets/fetch.conf': "proxy_pass http://$arg_host;\n" };
  expect((await lintFiles(files)).filter((f) => f.ruleId === ID).map((f) => [f.file, f.line, f.column])).toEqual([['snippets/fetch.conf', 1, 12]]);
});

describe('hostPart', () => {
  // The definition, as a regex: a scheme is `[^/?]*://` at the start; the host part runs to the
  // next `/` or `?`. hostPart is written out for speed; it must say the same on every string.
  const byRegex = (value: string) => {
    const scheme = /^([^/?]*:\/\/)/.exec(value);
    const rest = scheme ? value.slice(scheme[1].length) : value;
    const end = rest.search(/[/?]/);
    return (scheme ? scheme[1] : '') + (end === -1 ? rest : rest.slice(0, end));
  };

  test('agrees with its regex definition on every string of up to 6 of ":/?a"', () => {
    const alphabet = [':', '/', '?', 'a'];
    const strings = [''];
    for (let length = 1; length <= 6; length++) {
      for (let n = 0; n < alphabet.length ** length; n++) {
        let s = '';
        for (let k = 0, m = n; k < length; k++, m = Math.floor(m / alphabet.length)) s += alphabet[m % alphabet.length];
        strings.push(s);
      }
    }
    const differ = strings.filter((s) => hostPart(s) !== byRegex(s));
    expect(differ).toEqual([]);
    expect(hostPart('http://$host:8080/path?x')).toBe('http://$host:8080');
    expect(hostPart('unix:/run/app.sock')).toBe('unix:');
  });
});
