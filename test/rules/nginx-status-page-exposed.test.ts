import { describe, expect, test } from 'vitest';
import { at, engineFindings, findings } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-status-page-exposed.js';

const ID = 'nginx/status-page-exposed';

describe(ID, () => {
  test('the message says what is wrong, why, and what to write instead', async () => {
    const text = 'server {\nlisten 80;\nlocation /a {\n    stub_status;\n}\nlocation /b {\n    stub_status;\n    allow 10.0.0.0/8;\n    allow all;\n    deny all;\n}\n}\nserver {\nlisten 127.0.0.1:8080;\nsatisfy any;\nauth_basic x;\nauth_basic_user_file /h;\nlocation /d {\n    allow 0.0.0.0/0;\n    stub_status;\n}\n}\n';
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([
      ['warning', 4, 5, 16, `stub_status is reachable by any client: neither allow/deny rules nor authentication are in force here; the page tells anyone the server's connection counts and load. Add "allow <your monitoring address>; deny all;" in this location`],
      ['warning', 7, 5, 16, `stub_status is reachable by any client: "allow all" matches every client before any deny (the first matching rule decides); the page tells anyone the server's connection counts and load. Remove "allow all"`],
      ['info', 20, 5, 16, `stub_status is reachable by any client of this host (the server listens on loopback only: local users, and an SSRF in an app behind it): "allow 0.0.0.0/0" matches every IPv4 client before any deny (the first matching rule decides), and under "satisfy any" that skips "auth_basic"; the page tells anyone the server's connection counts and load. Remove "allow 0.0.0.0/0"`],
    ]);
  });

  test.each([
    // the location's own rules replace the server's: no deny of its own
    ['server {\nallow 10.0.0.0/8;\ndeny all;\nlocation /s {\n    stub_status;\n    allow 127.0.0.1;\n}\n}\n', [['warning', 5, 5, 16]]],
    // authentication turned off where the page is
    ['server {\nauth_request /auth;\nlocation /s {\n    stub_status;\n    auth_request off;\n}\n}\n', [['warning', 4, 5, 16]]],
    // satisfy any and allow all inherited from the server
    ['server {\nsatisfy any;\nallow all;\nauth_basic x;\nauth_basic_user_file /h;\nlocation /s {\n    stub_status;\n}\n}\n', [['warning', 7, 5, 16]]],
    // `allow ::/0` on a server that accepts IPv6 (and, with ipv6only=off, IPv4 as mapped addresses)
    ['server {\nlisten [::]:80 ipv6only=off;\nlocation /s {\n    stub_status;\n    satisfy any;\n    allow ::/0;\n    auth_basic x;\n    auth_basic_user_file /h;\n}\n}\n', [['warning', 4, 5, 16]]],
    // in server context; and the traffic-status page
    ['server {\nstub_status;\nlocation /vts {\n    vhost_traffic_status_display;\n}\n}\n', [['warning', 2, 1, 12], ['warning', 4, 5, 33]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    ['server {\nlocation = /s {\n    stub_status;\n    allow 127.0.0.1;\n    allow ::1;\n    deny all;\n}\n}\n'],
    // rules inherited from http and from the server
    ['http {\nallow 10.0.0.0/8;\ndeny all;\nserver {\nlocation /s {\n    stub_status;\n}\n}\n}\n'],
    // deny all alone: nobody gets the page
    ['server {\nlocation /s {\n    stub_status;\n    deny all;\n}\n}\n'],
    // authentication in force, inherited or here; satisfy all keeps it even with allow all
    ['server {\nauth_request /auth;\nlocation /s {\n    stub_status;\n}\n}\n'],
    ['server {\nlocation /s {\n    stub_status;\n    satisfy all;\n    allow all;\n    auth_basic x;\n    auth_basic_user_file /h;\n}\n}\n'],
    // satisfy any, deny first or an allowlist with deny: outsiders must authenticate
    ['server {\nlocation /s {\n    stub_status;\n    satisfy any;\n    deny all;\n    allow all;\n    auth_jwt x;\n}\n}\n'],
    ['server {\nlocation /s {\n    stub_status;\n    satisfy any;\n    allow 10.0.0.0/8;\n    deny all;\n    auth_oidc idp;\n}\n}\n'],
    // an IPv6 universal allow on an IPv4-only server (no listen, or listen 80), and the converse
    ['server {\nlocation /s {\n    stub_status;\n    satisfy any;\n    allow ::/0;\n    auth_basic x;\n    auth_basic_user_file /h;\n}\n}\n'],
    ['server {\nlisten [::]:80;\nlocation /s {\n    stub_status;\n    satisfy any;\n    allow 0.0.0.0/0;\n    auth_basic x;\n    auth_basic_user_file /h;\n}\n}\n'],
    // no client request enters: internal, named; only a unix socket
    ['server {\nlocation /s {\n    internal;\n    stub_status;\n}\nlocation @s {\n    stub_status;\n}\n}\n'],
    ['server {\nlisten unix:/run/nginx-status.sock;\nlocation / {\n    stub_status;\n}\n}\n'],
    ['server {\nlocation /vts {\n    vhost_traffic_status_display off;\n}\n}\n'],
    // a templated line is not judged
    ['server {\nlocation /s {\n    stub_status {{ status_switch }};\n}\n}\n'],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a status page reached through an include is reported in the included file, once', () => {
    const files = {
      'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            include snippets/status.conf;\n        }\n        location /b {\n            include snippets/status.conf;\n        }\n    }\n}\n',
      'snippets/status.conf': 'stub_status;\n',
    };
    expect(engineFindings(rule, files)).toEqual([['snippets/status.conf', 'warning', 1, 1, 12]]);
  });
});
