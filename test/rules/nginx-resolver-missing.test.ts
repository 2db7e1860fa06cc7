import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/resolver-missing';

describe(ID, () => {
  const FIX = `nginx does not use /etc/hosts or the system's DNS for it, so every request gets 502 ("no resolver defined"); add "resolver <dns address>;" (127.0.0.11 in Docker) or name the backend in an upstream block`;

  test('in a whole nginx.conf: an error that says what is wrong and the fix', async () => {
    expect(await findings(ID, { 'nginx.conf': "events {}\nhttp {\nserver {\nlocation / {\n    set $b app:8000;\n    proxy_pass http://$b;\n}\n}\n}\n" })).toEqual([["error", 6, 16, 25, `"http://$b" resolves "app" per request, and no resolver is set here: ${FIX}`]]);
  });

  test('in a fragment, whose http block the run does not hold: a warning that says under which condition it fails', async () => {
    // Seen on linuxserver/docker-swag: its snippets are included by an nginx.conf (not in the repository) whose http block includes resolver.conf.
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    set $b app:8000;\n    proxy_pass http://$b;\n}\n}\n" })).toEqual([["warning", 4, 16, 25, `"http://$b" resolves "app" per request, and no resolver is set here (unless the http block of the nginx.conf that includes this file sets one: lint that nginx.conf with it to know): ${FIX}`]]);
  });

  test.each([
    ["server {\nlocation / {\n    set $b app:8000;\n    proxy_pass http://$b;\n}\n}\n", [["error", 4, 16, 25]]],
    ["server {\nmap $uri $be {\n    default api.internal;\n}\nlocation / {\n    proxy_pass http://$be;\n}\n}\n", [["error", 6, 16, 26]]],
    // Variables only after the host: nginx still resolves the host per request (checked with nginx 1.22.1: 502, "no resolver defined to resolve example.com").
    ["server {\nlocation / {\n    proxy_pass http://example.com$request_uri;\n}\n}\n", [["error", 3, 16, 46]]],
    ["server {\nlocation / {\n    proxy_pass https://api.example.com/v1/$uri;\n}\n}\n", [["error", 3, 16, 47]]],
    // localhost too: "no resolver defined to resolve localhost" (nginx 1.22.1).
    ["server {\nlocation / {\n    proxy_pass http://localhost:8000${request_uri};\n}\n}\n", [["error", 3, 16, 51]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    // A whole nginx.conf (two lines above the server): an error; the same server as a fragment: a warning.
    expect(await at(ID, { 'nginx.conf': `events {}\nhttp {\n${text}}\n` })).toEqual(expected.map(([, line, column, end]) => ['error', line + 2, column, end]));
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected.map(([, line, column, end]) => ['warning', line, column, end]));
  });

  test.each([
    ["server {\nresolver 127.0.0.11;\nlocation / {\n    set $b app:8000;\n    proxy_pass http://$b;\n}\n}\n"],
    ["server {\nupstream app {\n    server 127.0.0.1:1;\n}\nlocation / {\n    set $b app;\n    proxy_pass http://$b;\n}\n}\n"],
    ["server {\nlocation / {\n    set $b 127.0.0.1:8000;\n    proxy_pass http://$b;\n}\n}\n"],
    ["server {\nlocation / {\n    proxy_pass http://$http_x;\n}\n}\n"],
    ["server {\nresolver 127.0.0.11;\nlocation / {\n    proxy_pass http://example.com$request_uri;\n}\n}\n"],
    ["server {\nlocation / {\n    proxy_pass http://127.0.0.1:8000$request_uri;\n}\n}\n"],
    ["upstream app {\n    server 127.0.0.1:8000;\n}\nserver {\nlocation / {\n    proxy_pass http://app$request_uri;\n}\n}\n"],
    ["server {\nlocation /a {\n    proxy_pass http://example.com;\n}\nlocation / {\n    proxy_pass http://example.com$request_uri;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
