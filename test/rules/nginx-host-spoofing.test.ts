import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-host-spoofing.js';

const ID = 'nginx/host-spoofing';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    proxy_set_header Host $http_host;\n    proxy_pass http://a;\n}\n}\n" })).toEqual([["warning", 3, 27, 37, "Host is set from $http_host, which the client writes as it likes: a forged Host ends up in the app's links and redirects (password-reset poisoning); use $host"]]);
  });

  test.each([
    ["server {\nlocation / {\n    proxy_set_header Host $http_host;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 27, 37]]],
    ["server {\nlocation / {\n    uwsgi_param HTTP_HOST $http_host;\n    uwsgi_pass 127.0.0.1:3031;\n}\n}\n", [["warning", 3, 27, 37]]],
    ["server {\nlocation / {\n    proxy_set_header X-Forwarded-Host $arg_h;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 39, 45]]],
    ["server {\nlocation / {\n    proxy_set_header Host $cookie_host;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 27, 39]]],
    ["server {\nlocation / {\n    proxy_set_header Host $cookie_tenant.example.com;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 27, 53]]],
    ["server {\nlocation / {\n    proxy_set_header Host prefix-$http_x_forwarded_host;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 27, 56]]],
    ["server {\nlocation / {\n    proxy_set_header Host $HTTP_HOST;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 27, 37]]],
    ["server {\nlocation / {\n    proxy_set_header Host www.$ARG_sub.example.com;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 27, 51]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation / {\n    proxy_set_header Host $host;\n    uwsgi_param HTTP_HOST $host;\n    proxy_pass http://a;\n}\n}\n"],
    ["server {\nlocation / {\n    proxy_set_header Host $host:$server_port;\n    proxy_set_header X-Tenant $cookie_tenant;\n    proxy_pass http://a;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('the message names the variable as written', async () => {
    expect((await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    proxy_set_header Host $cookie_tenant.example.com;\n    proxy_pass http://a;\n}\n}\n" }))[0][4]).toBe("Host is set from $cookie_tenant, which the client writes as it likes: a forged Host ends up in the app's links and redirects (password-reset poisoning); use $host");
  });

  test('a templated line is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    proxy_set_header Host $http_host{{ port }};\n    proxy_pass http://a;\n}\n}\n" })).toEqual([]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "proxy_set_header Host $http_host;\nproxy_pass http://a;\n" };
    // the header value, once: the rule reads each line once, however many includes reach it.
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'warning', 1, 23, 33]]);
  });
});
