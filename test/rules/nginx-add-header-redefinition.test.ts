import { describe, expect, test } from 'vitest';
import { engineFindings, at, findings, lintFiles } from '../support/rule-tester.js';
import { rule } from '../../rules/nginx-add-header-redefinition.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';

const ID = 'nginx/add-header-redefinition';

/** A server with one outer add_header and a location whose body is `inner`. */
const nested = (inner: string, outer = 'add_header X-Frame-Options DENY;') => `server {\n${outer}\nlocation / {\n    ${inner}\n}\n}\n`;

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': "server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header X-Custom 1;\n}\n}\n" })).toEqual([["warning", 4, 5, 15, "add_header here drops the outer block's X-Frame-Options: nginx inherits add_header only into blocks that set none, so responses of this location go out without it (a security header lost); repeat it here (or in a shared include; nginx 1.29.3+ also has \"add_header_inherit merge;\")"]]);
  });

  test('with nginxVersion 1.29.3 or later, the fix is add_header_inherit merge', async () => {
    const rows = (await lintFiles({ 'sites-enabled/a.conf': nested('add_header X-Custom 1;') }, { kind: 'nginx', config: { nginxVersion: '1.29.3' } })).filter((f) => f.ruleId === ID);
    expect(rows.map((f) => f.message)).toEqual([expect.stringMatching(/; write "add_header_inherit merge;" here, or repeat it here$/)]);
  });

  test.each([
    ["server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header X-Custom 1;\n}\n}\n", [["warning", 4, 5, 15]]],
    ["server {\nadd_header X-Debug 1;\nlocation / {\n    add_header X-Custom 1;\n}\n}\n", [["info", 4, 5, 15]]],
    // add_header_inherit on (the default) written out: the old replace behaviour.
    [nested('add_header_inherit on;\n    add_header X-Custom 1;'), [["warning", 5, 5, 15]]],
    // merge in one location does not cover its sibling.
    ["server {\nadd_header X-Frame-Options DENY;\nlocation /a {\n    add_header_inherit merge;\n    add_header X-A 1;\n}\nlocation /b {\n    add_header X-B 1;\n}\n}\n", [["warning", 8, 5, 15]]],
    // an inner location back to `on` loses what the merged level had: its own and the server's.
    ["server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header_inherit merge;\n    add_header Cache-Control public;\n    location /static/ {\n        add_header_inherit on;\n        add_header Expires max;\n    }\n}\n}\n", [["warning", 8, 9, 19]]],
    // http's headers reach the location through a server that sets none.
    ["http {\nadd_header X-Frame-Options DENY;\nserver {\n    location / {\n        add_header X-Custom 1;\n    }\n}\n}\n", [["warning", 5, 9, 19]]],
    // add_trailer is merged the same way: info.
    [nested('add_trailer X-B 1;', 'add_trailer X-A 1;'), [["info", 4, 5, 16]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test('a lost trailer is named a trailer, not a security header', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': nested('add_trailer X-B 1;', 'add_trailer X-Checksum 1;') })).toEqual([
      ['info', 4, 5, 16, "add_trailer here drops the outer block's X-Checksum: nginx inherits add_trailer only into blocks that set none, so responses of this location go out without it; repeat it here (or in a shared include; nginx 1.29.3+ also has \"add_trailer_inherit merge;\")"],
    ]);
  });

  test.each([
    ["server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header X-Frame-Options DENY;\n    add_header X-Custom 1;\n}\nlocation /b {\n    root /x;\n}\n}\n"],
    [nested('add_header_inherit merge;\n    add_header X-Custom 1;')],
    [nested('add_header_inherit off;\n    add_header X-Custom 1;')],
    // the mode is inherited: merge in http or the server covers every level below.
    ["http {\nadd_header_inherit merge;\nserver {\n    add_header X-Frame-Options DENY;\n    location / {\n        add_header X-Custom 1;\n    }\n}\n}\n"],
    [nested('add_header X-Custom 1;', 'add_header_inherit merge;\nadd_header X-Frame-Options DENY;')],
    ["server {\nadd_header X-Frame-Options DENY;\nlocation / {\n    add_header_inherit merge;\n    add_header Cache-Control public;\n    location /static/ {\n        add_header Expires max;\n    }\n}\n}\n"],
    // add_header and add_trailer are separate lists.
    [nested('add_header X-Frame-Options DENY;', 'add_trailer X-Checksum 1;')],
    [nested('add_trailer X-Checksum 1;', 'add_header X-Frame-Options DENY;')],
    [nested('add_trailer_inherit merge;\n    add_trailer X-B 1;', 'add_trailer X-A 1;')],
    // a templated line: what the level sends is not known.
    [nested('add_header {{ header_name }} 1;')],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test("the headers option (gixy's) reports only the names listed", async () => {
    const run = async (headers: string[]) => (await lintFiles({ 'sites-enabled/a.conf': nested('add_header X-Custom 1;') }, { kind: 'nginx', config: { rules: { [ID]: ['warning', { headers }] } } })).filter((f) => f.ruleId === ID).length;
    expect(await run(['content-security-policy'])).toBe(0);
    expect(await run(['x-frame-options'])).toBe(1);
  });

  test('a line two includes reach is reported once', () => {
    const files = { 'nginx.conf': "events {}\nhttp {\n    server {\n        add_header X-Frame-Options DENY;\n        location /a {\n            include snippets/x.conf;\n        }\n        location /b {\n            include snippets/x.conf;\n        }\n    }\n}\n", 'snippets/x.conf': "if ($arg_x) {\n    add_header X-Custom 1;\n}\n" };
    // the if block's add_header, once: the engine keeps one of a rule's equal findings (span and message).
    expect(engineFindings(rule, files)).toEqual([['snippets/x.conf', 'warning', 2, 5, 15]]);
  });
});

// docs/gixy-comparison.md lists gixy's if_replaces.conf (`if (1) { add_header ... }`) as a case
// nginx refuses: checked here against the real nginx -t.
const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: gixy's if_replaces.conf against nginx -t`, () => {
  test('nginx refuses if (1)', async () => {
    const text = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8999;\n        add_header X-Frame-Options "DENY" always;\n        if (1) {\n            add_header X-Foo foo;\n        }\n    }\n}\n';
    const result = await runNginxT([{ path: 'nginx.conf', text }], 'nginx.conf');
    expect(result.message).toBe('invalid condition "1"');
  });
});
