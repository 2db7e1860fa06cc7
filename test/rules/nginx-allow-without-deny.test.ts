import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings, lintFiles } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-allow-without-deny.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/allow-without-deny';

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nlocation / {\n    allow 10.0.0.0/8;\n}\n}\n" })).toEqual([["error", 3, 5, 10, "\"allow 10.0.0.0/8\" without a \"deny\" at this level restricts nothing: requests no rule matches are let through, and an outer deny is not inherited by a level with its own rules; add \"deny all;\" after the allow lines"]]);
  });

  test.each([
    ["server {\nlocation / {\n    allow 10.0.0.0/8;\n}\n}\n", [["error", 3, 5, 10]]],
    ["server {\ndeny all;\nlocation / {\n    allow 10.0.0.1;\n}\n}\n", [["error", 4, 5, 10]]],
    // satisfy any without authentication in force: a client no rule names is let through (observed, nginx 1.22.1)
    ["server {\nlocation / {\n    satisfy any;\n    allow 10.0.0.0/8;\n}\n}\n", [["error", 4, 5, 10]]],
    ["server {\nauth_basic x;\nauth_basic_user_file /etc/htpasswd;\nlocation / {\n    satisfy any;\n    allow 10.0.0.0/8;\n    auth_basic off;\n}\n}\n", [["error", 6, 5, 10]]],
    // auth_basic without a user file declines: nothing asks for a password (observed: 200)
    ["server {\nlocation / {\n    satisfy any;\n    allow 10.0.0.1;\n    auth_basic x;\n}\n}\n", [["error", 4, 5, 10]]],
    // a sibling's satisfy/auth does not reach this location
    ["server {\nlocation /a/ {\n    satisfy any;\n    allow 10.0.0.0/8;\n    auth_request /auth;\n}\nlocation /b/ {\n    allow 10.0.0.0/8;\n}\n}\n", [["error", 8, 5, 10]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ["server {\nlocation / {\n    allow 10.0.0.0/8;\n    deny all;\n}\nlocation /b {\n    allow all;\n}\nlocation /c {\n    satisfy any;\n    allow 10.0.0.1;\n    auth_basic x;\n    auth_basic_user_file /etc/htpasswd;\n}\n}\n"],
    // authentication inherited from the server, under satisfy any: the allow lifts it for those addresses
    ["server {\nsatisfy any;\nauth_request /auth;\nlocation / {\n    allow 10.0.0.0/8;\n}\n}\n"],
    ["server {\nlocation / {\n    satisfy any;\n    allow 10.0.0.0/8;\n    auth_jwt closed;\n}\n}\n"],
    // a templated allow is not judged
    ["server {\nlocation / {\n    allow {{ office_network }};\n}\n}\n"],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('an allow where nginx refuses it (the top level of an nginx -T dump) is left to nginx/wrong-context', async () => {
    const dump = "# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n  server {\n    location /a {\n      include /tmp/allow;\n      deny all;\n    }\n  }\n}\n# configuration file /tmp/allow:\nallow 127.0.0.1;\n";
    expect(await findings(ID, { 'nginx.conf': dump })).toEqual([]);
    expect((await lintFiles({ 'nginx.conf': dump })).filter((f) => f.ruleId === 'nginx/wrong-context').map((f) => f.line)).toEqual([12]);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "allow 10.0.0.0/8;\n" };
    // the allow, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'error', 1, 1, 6]]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID} agrees with nginx -t`, () => {
  test('nginx refuses allow at the top level (where an nginx -T dump puts an included file), so the rule leaves it alone', async () => {
    const result = await runNginxT([{ path: 'nginx.conf', text: 'events {}\nhttp {\n}\nallow 127.0.0.1;\n' }], 'nginx.conf');
    expect(result.message).toBe('"allow" directive is not allowed here');
    expect(result.line).toBe(4);
  });
});
