import { describe, expect, test } from 'vitest';
import { at, findings, lintFiles } from '../support/rule-tester.js';

const ID = 'nginx/mixed-case-variable';
const site = (body: string) => ({ 'sites-enabled/a.conf': `server {\n${body}\n}\n` });

describe(ID, () => {
  test('the message says what is wrong and what to write, and points at the first spelling', async () => {
    const found = (await lintFiles(site('set $My_Var "hello";\nlocation / {\n    proxy_pass http://backend/$MY_VAR;\n}'), { kind: 'nginx' })).filter((f) => f.ruleId === ID);
    expect(found.map((f) => [f.severity, f.line, f.column, f.endColumn, f.message])).toEqual([
      ['info', 4, 16, 38, '"$MY_VAR" is the variable written "$My_Var" before: nginx reads variable names without regard to case, so both name one variable, and the two spellings hide where it is set and read; write "$My_Var" everywhere'],
    ]);
    expect(found[0].related.map((r) => [r.line, r.column, r.message])).toEqual([[2, 5, '"$My_Var" first written here']]);
  });

  test.each([
    ['if ($http_host = "example.com") {\n    set $valid "1";\n}\nif ($HTTP_HOST ~ "^example\\.com$") {\n    add_header X-Valid $valid;\n}', [['info', 5, 4, 15]]],
    ['location / {\n    set $backend "server1";\n    rewrite ^ /$BACKEND last;\n}', [['info', 4, 15, 24]]],
    ['location / {\n    return 200 "$Host:$host";\n}', [['info', 3, 16, 29]]],
  ] as [string, [string, number, number, number][]][])('bad #%#', async (body, expected) => {
    expect(await at(ID, site(body))).toEqual(expected);
  });

  test.each([
    ['location / {\n    set $MY_VAR "hello";\n    proxy_pass http://backend/$MY_VAR;\n}'],
    ['set $my_var "default";\nlocation /a {\n    set $my_var "override_a";\n}'],
    // Regexes are not read: `$A` in a pattern is an anchor and a letter.
    ['location ~ ^/a$B {\n    return 200 $b;\n}\nrewrite ^/x$Y /y;\nset $y 1;'],
    // Captures are not variables.
    ['location ~ ^/(.*)$ {\n    return 200 $1;\n}'],
  ])('good #%#', async (body) => {
    expect(await findings(ID, site(body))).toEqual([]);
  });

  test('a spelling reached through an include', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    server {\n        set $target "a";\n        include snippets/p.conf;\n    }\n}\n', 'snippets/p.conf': 'location / {\n    proxy_pass http://$Target;\n}\n' };
    expect(await at(ID, files)).toEqual([['info', 2, 16, 30]]);
  });

  test('a templated line is not judged', async () => {
    expect(await findings(ID, site('set $target "a";\nlocation / {\n    proxy_pass http://$Target{{ suffix }};\n}'))).toEqual([]);
  });
});
