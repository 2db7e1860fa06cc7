import { describe, expect, test } from 'vitest';
import { at, findings, lintFiles } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';
import { nginxHasFix } from '../../src/query/index.js';

const ID = 'nginx/capture-after-args-rewrite';
const site = (body: string) => ({ 'sites-enabled/a.conf': `server {\nlocation / {\n${body}\n}\n}\n` });

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix, and points at the reading line', async () => {
    const found = (await lintFiles(site('    rewrite ^(.*) /new?c=1;\n    set $myvar $1;'), { kind: 'nginx' })).filter((f) => f.ruleId === ID);
    expect(found.map((f) => [f.severity, f.line, f.column, f.endColumn, f.message])).toEqual([
      ['warning', 3, 19, 27, '"/new?c=1" has a "?", so nginx escapes what follows as arguments and stays in that mode, and "set $myvar $1" then reads a numbered capture: on nginx before 1.30.1 (stable) or 1.31.0 (mainline) its escaped copy overflows a buffer sized for the raw bytes, a heap overflow any request can trigger (CVE-2026-42945); upgrade nginx (then set "nginxVersion" so the linter knows), or capture a named group ((?<name>...)) and read $name there'],
    ]);
    expect(found[0].related.map((r) => [r.line, r.message])).toEqual([[4, 'reads a numbered capture after the rewrite']]);
  });

  test.each([
    ['    rewrite ^/users/([0-9]+)/profile/(.*)$ /profile.php?id=$1&tab=$2;\n    set $extra $2;', [['warning', 3, 44, 69]]],
    ['    rewrite ^(.*) /new?c=1;\n    if ($host = "$1") {\n        return 200 ok;\n    }', [['warning', 3, 19, 27]]],
    ['    rewrite ^(.*) /new?c=1;\n    if ($host != "/$1") {\n        return 200 ok;\n    }', [['warning', 3, 19, 27]]],
    ['    rewrite ^(.*) /new?c=1;\n    if (-f "/srv/$1") {\n        return 200 ok;\n    }', [['warning', 3, 19, 27]]],
    ['    rewrite ^(.*) /new?c=1;\n    if ($arg_x) {\n        set $myvar $1;\n    }', [['warning', 3, 19, 27]]],
    // The flag outlives the if the rewrite stands in.
    ['    if ($arg_x) {\n        rewrite ^(.*) /new?c=1;\n    }\n    set $myvar $1;', [['warning', 4, 23, 31]]],
  ] as [string, [string, number, number, number][]][])('bad #%#', async (body, expected) => {
    expect(await at(ID, site(body))).toEqual(expected);
  });

  test.each([
    // The rewrite ends the rewrite phase: last, break, redirect, permanent, or an absolute target.
    ['    rewrite ^/(.*)$ /$1?v=2 last;\n    set $x $1;'],
    ['    rewrite ^(.*) http://example.com/?$1;\n    set $myvar $1;'],
    ['    rewrite ^(.*) https://example.com/?$1;\n    set $myvar $1;'],
    ['    rewrite ^(.*) $scheme://example.com/?$1;\n    set $myvar $1;'],
    // Nothing after return or break runs.
    ['    rewrite ^(.*) /new?c=1;\n    break;\n    set $myvar $1;'],
    ['    rewrite ^(.*) /new?c=1;\n    return 200 ok;\n    set $myvar $1;'],
    // return and regex conditions are not the complex value that overflows; a set before is before.
    ['    rewrite ^(.*) /new?c=1;\n    return 200 $1;'],
    ['    rewrite ^(.*) /new?c=1;\n    if ($host ~ "$1") {\n        return 200 ok;\n    }'],
    ['    set $myvar $1;\n    rewrite ^(.*) /new?c=1;'],
    // A final "?" alone is stripped by nginx: no argument mode.
    ['    rewrite ^(.*) /new?;\n    set $myvar $1;'],
    // Named captures.
    ['    rewrite ^/(?<p>.*)$ /new?c=1;\n    set $myvar $p;'],
  ])('good #%#', async (body) => {
    expect(await findings(ID, site(body))).toEqual([]);
  });

  test('a fixed nginx (settings.nginxVersion) silences it; an older one does not', async () => {
    const files = { ...site('    rewrite ^(.*) /new?c=1;\n    set $myvar $1;') };
    const lint = async (nginxVersion: string) => (await lintFiles(files, { kind: 'nginx', config: { nginxVersion } })).filter((f) => f.ruleId === ID).length;
    expect(await lint('1.30.1')).toBe(0);
    expect(await lint('1.31.0')).toBe(0);
    expect(await lint('1.30.0')).toBe(1);
    expect(await lint('1.22.1')).toBe(1);
    expect([nginxHasFix(undefined, ['1.30.1', '1.31.0']), nginxHasFix('1.32.0', ['1.30.1', '1.31.0']), nginxHasFix('1.29.9', ['1.30.1', '1.31.0'])]).toEqual([null, true, false]);
  });

  test('a line reached through an include', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    server {\n        location / {\n            include snippets/r.conf;\n            set $v $1;\n        }\n    }\n}\n', 'snippets/r.conf': 'rewrite ^(.*) /new?c=1;\n' };
    expect(await at(ID, files)).toEqual([['warning', 1, 15, 23]]);
  });

  test('a templated rewrite is not judged', async () => {
    expect(await findings(ID, site('    rewrite ^(.*) {{ target }}?c=1;\n    set $myvar $1;'))).toEqual([]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: nginx -t refuses a capture as the tested variable, so the rule leaves it`, () => {
  test.each(['if ($1) { return 200 ok; }', 'if ($1 = "x") { return 200 ok; }'])('nginx -t #%#', async (line) => {
    const text = `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8999;\n        location / {\n            rewrite ^(.*) /new?c=1;\n            ${line}\n        }\n    }\n}\n`;
    const result = await runNginxT([{ path: 'nginx.conf', text }], 'nginx.conf');
    expect(result.message).toMatch(/unknown "1" variable/);
  });
});
