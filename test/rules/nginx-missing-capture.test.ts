import { describe, expect, test } from 'vitest';
import { at, findings } from '../support/rule-tester.js';
import { nginxUnavailableReason, runNginxT } from '../support/nginx-t.js';
import { captureGroups, captureRefs } from '../../src/query/index.js';

const ID = 'nginx/missing-capture';
const site = (body: string) => ({ 'sites-enabled/a.conf': `server {\n${body}\n}\n` });

describe(ID, () => {
  test('the messages say what is wrong, where, and what to write', async () => {
    expect(await findings(ID, site('location / {\n    rewrite "^/(.*)$" /$1/$2 break;\n}'))).toEqual([
      ['warning', 3, 23, 29, '"$2" reads a capture group that the rewrite\'s regex "^/(.*)$", the last one nginx runs before it, does not have (it has 1 group): nginx writes an empty string there; add the group to the regex or read one of $1..$1'],
    ]);
    expect(await findings(ID, site('location ~ ^/static/ {\n    return 301 https://example.com/$1;\n}'))).toEqual([
      ['warning', 3, 16, 38, '"$1" reads a regex capture, but the location\'s regex "^/static/", the last one nginx runs before it, has no capture group: nginx writes an empty string there; put the part in parentheses in that regex'],
    ]);
    expect(await findings(ID, site('location /api/ {\n    proxy_pass http://backend/$1;\n}'))).toEqual([
      ['warning', 3, 16, 33, '"$1" reads a regex capture, but no regex that can run before it has a capture group (the server\'s location, if, rewrite and server_name regexes, the config\'s map keys): nginx always writes an empty string there; capture the part in the regex that selects the request (location ~ ^/static/(.*)$) or write the value out'],
    ]);
    expect(await findings(ID, site('location / {\n    if ($uri !~ "^/([a-z]+)") {\n        set $x $1;\n    }\n}'))).toEqual([
      ['warning', 4, 16, 18, '"$1" reads a regex capture inside an "if" that runs only when "^/([a-z]+)" did not match, and a regex that does not match leaves no captures: nginx writes an empty string there; match with "~" and a group, or take the value from a variable'],
    ]);
  });

  test.each([
    // A rewrite without groups; `$12` is `$1` and "2".
    ['location / {\n    rewrite "^/path" /x/$12 break;\n}', [['warning', 3, 22, 28]]],
    // set in an if whose regex has no group.
    ['location / {\n    if ($uri ~ "^/path") {\n        set $x $1;\n    }\n}', [['warning', 4, 16, 18]]],
    // An if before the set ran its own regex (no group): the location's capture is gone.
    ['location ~ ^/c/(.*)$ {\n    if ($uri ~ "^/c/") {\n    }\n    set $w $1;\n}', [['warning', 5, 12, 14]]],
    // A map key's regex has no group.
    ['location / {\n    return 301 $dest;\n}\n}\nmap $uri $dest {\n    ~^/old/ $1;', [['warning', 7, 13, 15]]],
    ['location /files/ {\n    try_files $uri /fallback/$1 =404;\n}', [['warning', 3, 20, 32]]],
    ['location /static/ {\n    add_header X-Debug "capture=$1";\n}', [['warning', 3, 24, 36]]],
  ] as [string, [string, number, number, number][]][])('bad #%#', async (body, expected) => {
    expect(await at(ID, site(body))).toEqual(expected);
  });

  test.each([
    ['location / {\n    rewrite "^/([^/]+)/([^/]+)$" /$2/$1 break;\n}'],
    ['location / {\n    rewrite "^/(.*)$" /x/$12 break;\n}'],
    ['location / {\n    rewrite "^(?>a+)(b+)$" /q?g=$1 break;\n}'],
    ['location / {\n    rewrite "^(a++)$" /q?g=$1 break;\n}'],
    ['location / {\n    if ($uri ~ "^/(.*)$") {\n        set $x $1;\n    }\n}'],
    ['location ~ ^/api/(.+)$ {\n    set $tail $1;\n    return 301 /v2/$tail;\n}'],
    // Another location's regex may have run before an internal redirect: not judged.
    ['location ~ ^/old/(.+)$ {\n    return 301 /new/$1;\n}\nlocation /api/ {\n    return 301 /v2/$1;\n}'],
    ['server_name ~^(www)\\.example\\.com$;\nlocation / {\n    return 301 /x/$1;\n}'],
    ['location / {\n    rewrite "^/(old)/" /new/ break;\n    return 301 /x/$1;\n}'],
    // A map's named group is $1 too; static and default entries read earlier captures.
    ['location ~ ^/(.+)$ {\n    return 301 $dest;\n}\n}\nmap $uri $dest {\n    "~^/old/(?<rest>.*)$" /new/$1;\n    default /fallback/$1;\n    /exact /static/$1;'],
    // A map key that is a directive name is an entry, not a return.
    ['location ~ ^/(.+)$ {\n    return 301 $dest;\n}\n}\nmap $uri $dest {\n    return /x/$1;'],
    // A proxy_redirect reads the captures of its own regex.
    ['location / {\n    proxy_pass http://backend;\n    proxy_redirect ~^http://x/(.*)$ /$1;\n}'],
    // Branch reset numbers groups anew in each branch: not counted.
    ['location / {\n    rewrite "^/(?|(a)|(b))(c)$" /$3 break;\n}'],
  ])('good #%#', async (body) => {
    expect(await findings(ID, site(body))).toEqual([]);
  });

  test('a line reached through an include', async () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    server {\n        location /api/ {\n            include snippets/back.conf;\n        }\n    }\n}\n', 'snippets/back.conf': 'proxy_pass http://backend/$1;\n' };
    expect(await at(ID, files)).toEqual([['warning', 1, 12, 29]]);
  });

  test('templated lines are not judged, nor values that a templated regex may fill', async () => {
    expect(await findings(ID, site('location /api/ {\n    proxy_pass http://backend/{{ path }}$1;\n}'))).toEqual([]);
    expect(await findings(ID, site('location ~ {{ api_regex }} {\n    return 301 /v2/$1;\n}\nlocation /x/ {\n    return 301 /v2/$1;\n}'))).toEqual([]);
  });

  test('the capture reader: groups counted as PCRE numbers them, references as nginx reads them', () => {
    expect(captureGroups('^/((?<a>x)|[(])(?:y)(?=z)(*UTF)\\((?#c)\\Q(\\E(?P<b>w)$')?.parents).toEqual([null, 1, null]);
    expect(captureGroups('(?|(a)|(b))')).toBeNull();
    expect(captureGroups('(a')).toBeNull();
    expect(captureRefs('/$1/$12/${1}/$0/$a')).toEqual([{ n: 1, start: 1, end: 3 }, { n: 1, start: 4, end: 6 }]);
  });
});

const unavailable = nginxUnavailableReason();
if (unavailable) console.warn(`SKIP ${ID} against nginx -t: ${unavailable}`);

describe.skipIf(unavailable !== null)(`${ID}: nginx -t accepts what the rule reports (a warning, not an error)`, () => {
  test.each([
    'location / { rewrite "^/(.*)$" /$1/$2 break; }',
    'location ~ ^/static/ { return 301 https://example.com/$1; }',
    'location /api/ { proxy_pass http://127.0.0.1:8000/$1; }',
  ])('nginx -t #%#', async (line) => {
    const text = `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8999;\n        ${line}\n    }\n}\n`;
    expect((await runNginxT([{ path: 'nginx.conf', text }], 'nginx.conf')).ok).toBe(true);
  });
});
