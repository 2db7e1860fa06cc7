import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';

const ID = 'nginx/host-spoofing';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    proxy_set_header Host $http_host;\n    proxy_pass http://a;\n}\n}\n" })).toEqual([["warning", 3, 27, 37, "Host is set from $http_host, which the client writes as it likes: a forged Host ends up in the app's links and redirects (password-reset poisoning); use $host"]]);
  });

  test.each([
    ["server {\nlocation / {\n    proxy_set_header Host $http_host;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 27, 37]]],
    ["server {\nlocation / {\n    uwsgi_param HTTP_HOST $http_host;\n    uwsgi_pass 127.0.0.1:3031;\n}\n}\n", [["warning", 3, 27, 37]]],
    ["server {\nlocation / {\n    proxy_set_header X-Forwarded-Host $arg_h;\n    proxy_pass http://a;\n}\n}\n", [["warning", 3, 39, 45]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation / {\n    proxy_set_header Host $host;\n    uwsgi_param HTTP_HOST $host;\n    proxy_pass http://a;\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });
});
