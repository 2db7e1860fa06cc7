import { describe, expect, test } from 'vitest';
import { at, findings, lintFiles } from '../support/rule-tester.js';

const ID = 'nginx/hsts-header';

const TLS = '        ssl_certificate /etc/ssl/a.crt;\n        ssl_certificate_key /etc/ssl/a.key;\n';
/** A whole nginx.conf: `http` lines, then one server with `listen` and `body`. */
const whole = (listen: string, body = '', http = '') => `events {}\nhttp {\n${http}    server {\n        listen ${listen};\n${TLS}${body}    }\n}\n`;

describe(ID, () => {
  test('a whole nginx.conf: the message says what is missing, the attack and the line to add', async () => {
    expect(await findings(ID, { 'nginx.conf': whole('443 ssl') })).toEqual([
      ['info', 3, 5, 11, 'this HTTPS server sends no Strict-Transport-Security header: a browser that reaches the site over plain http can be kept there by an attacker on the path, who reads its cookies and pages (SSL stripping); add \'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\' here (or in http), unless the backend sends it'],
    ]);
  });

  test('a fragment: the message names the http block it cannot see', async () => {
    const rows = await findings(ID, { 'sites-enabled/a.conf': 'server {\n    listen 443 ssl;\n    root /srv;\n}\n' });
    expect(rows).toEqual([['info', 1, 1, 7, expect.stringMatching(/, unless the backend or the http block of the nginx.conf that includes this file \(not in the run\) sends it$/)]]);
  });

  test('a fragment that a linted nginx.conf includes is judged once, with the http block', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    include sites-enabled/*;\n}\n', 'sites-enabled/a.conf': 'server {\n    listen 443 ssl;\n    root /srv;\n}\n' };
    const rows = (await lintFiles(files, { kind: 'nginx' })).filter((f) => f.ruleId === ID);
    expect(rows.map((f) => [f.file, f.line, f.message.endsWith(', unless the backend sends it')])).toEqual([['sites-enabled/a.conf', 1, true]]);
    const covered = { ...files, 'nginx.conf': 'events {}\nhttp {\n    add_header Strict-Transport-Security "max-age=31536000";\n    include sites-enabled/*;\n}\n' };
    expect((await lintFiles(covered, { kind: 'nginx' })).filter((f) => f.ruleId === ID)).toEqual([]);
  });

  test.each([
    // the server's own add_header replaces http's HSTS.
    [whole('443 ssl', '        add_header X-Frame-Options DENY;\n', '    add_header Strict-Transport-Security "max-age=31536000";\n'), [['info', 4, 5, 11]]],
    // ssl is a property of the address: a listen 443 without ssl shares it with one that has it.
    ['events {}\nhttp {\n    server {\n        listen 443 ssl;\n' + TLS + '        add_header Strict-Transport-Security "max-age=31536000";\n    }\n    server {\n        listen 443;\n        server_name b;\n    }\n}\n', [['info', 9, 5, 11]]],
    [whole('443 quic'), [['info', 3, 5, 11]]],
    [whole('443', '        ssl on;\n'), [['info', 3, 5, 11]]],
  ] as [string, [string, number, number, number][]][])('missing: %j', async (text, expected) => {
    expect(await at(ID, { 'nginx.conf': text })).toEqual(expected);
  });

  test.each([
    whole('80'),
    whole('443 ssl', '        add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\n'),
    whole('443 ssl', '', '    add_header Strict-Transport-Security "max-age=31536000";\n'),
    whole('443 ssl', '        add_header_inherit merge;\n        add_header X-Frame-Options DENY;\n', '    add_header strict-transport-security "max-age=31536000";\n'),
    whole('443 ssl', '        more_set_headers "Strict-Transport-Security: max-age=31536000";\n'),
    whole('443 ssl', '        location / {\n            add_header Strict-Transport-Security "max-age=31536000";\n        }\n'),
    whole('443 ssl', '        ssl_reject_handshake on;\n'),
    whole('443 ssl default_server', '        return 444;\n'),
    // an include the run could not read may set it.
    whole('443 ssl', '        include /etc/nginx/snippets/hsts.conf;\n'),
    // a templated header name: not known.
    whole('443 ssl', '        add_header {{ hsts_name }} "max-age=31536000";\n'),
  ])('not reported: %j', async (text) => {
    expect(await findings(ID, { 'nginx.conf': text })).toEqual([]);
  });

  test.each([
    ['"max-age=3600"', 'HSTS max-age=3600 (0 days) is short: a browser that does not come back within it forgets to insist on https, and the next first visit can be stripped; write max-age=31536000 (a year) or at least 15768000'],
    ['"max-age=0"', 'max-age=0 tells browsers to forget this site\'s HSTS: later visits may start over plain http again; keep it only while turning HSTS off on purpose, else write "max-age=31536000"'],
    ['"includeSubDomains"', 'this Strict-Transport-Security value has no max-age: browsers ignore the header (RFC 6797 §6.1.1); write "max-age=31536000; includeSubDomains"'],
  ])('weak value %s', async (value, message) => {
    const line = `        add_header Strict-Transport-Security ${value} always;\n`;
    expect(await findings(ID, { 'nginx.conf': whole('443 ssl', line) })).toEqual([['info', 7, 46, 46 + value.length, message]]);
  });

  test.each([
    '"max-age=31536000; includeSubDomains; preload"',
    '"includeSubDomains; max-age=\\"63072000\\""',
    'max-age=$hsts_age',
  ])('strong enough or not known: %s', async (value) => {
    expect(await findings(ID, { 'nginx.conf': whole('443 ssl', `        add_header Strict-Transport-Security ${value};\n`) })).toEqual([]);
  });

  test('more_set_headers values are read too', async () => {
    const rows = await at(ID, { 'nginx.conf': whole('443 ssl', '        more_set_headers "Strict-Transport-Security: max-age=60";\n') });
    expect(rows).toEqual([['info', 7, 26, 65]]);
  });

  test('the minMaxAge option', async () => {
    const text = whole('443 ssl', '        add_header Strict-Transport-Security "max-age=86400";\n');
    const run = async (minMaxAge: number) => (await lintFiles({ 'nginx.conf': text }, { kind: 'nginx', config: { rules: { [ID]: ['info', { minMaxAge }] } } })).filter((f) => f.ruleId === ID).length;
    expect(await run(86400)).toBe(0);
    expect(await run(86401)).toBe(1);
  });

  test('lines reached through an include: the header counts where it is included, a weak value is reported where it stands', async () => {
    const files = {
      'nginx.conf': whole('443 ssl', '        include snippets/hsts.conf;\n'),
      'snippets/hsts.conf': 'add_header Strict-Transport-Security "max-age=600";\n',
    };
    const rows = (await lintFiles(files, { kind: 'nginx' })).filter((f) => f.ruleId === ID);
    expect(rows.map((f) => [f.file, f.line, f.column])).toEqual([['snippets/hsts.conf', 1, 38]]);
  });
});
