import { describe, expect, test } from 'vitest';
import { at, byRule, findings, lintFiles } from '../support/rule-tester.js';
import { originWitness } from '../../src/query/index.js';

const ID = 'nginx/origins';
const server = (body: string) => `server {\n${body}\n}\n`;
const ifOrigin = (variable: string, op: string, regex: string) => server(`if (${variable} ${op} ${regex}) {\n    return 403;\n}`);

describe(ID, () => {
  test('the message says what is wrong, the attack and the fix', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': ifOrigin('$http_origin', '~*', '"^https://app\\.example\\.com"') })).toEqual([
      ['error', 2, 21, 49, 'this regex accepts "https://app.example.com.evil.com" as a trusted origin: another site passes the check; anchor it ("^https://example\\.com$"), escape every dot, or list the exact values in a map'],
    ]);
  });

  test.each([
    // No end anchor; no start anchor (referrer: warning); an unescaped dot between labels.
    [ifOrigin('$http_origin', '~*', '"^https://app\\.example\\.com"'), [['error', 2, 21, 49]]],
    [ifOrigin('$http_referer', '~', '"example\\.com$"'), [['warning', 2, 21, 36]]],
    [ifOrigin('$http_origin', '~', '^https://www.example.com$'), [['error', 2, 20, 46]]],
    // An alternation group read as a domain part; a trailing slash; an unanchored referrer.
    [ifOrigin('$http_origin', '~', '^https://(www|api).example\\.com$'), [['error', 2, 20, 53]]],
    [ifOrigin('$http_referer', '!~', "'^https?://some.yandex\\.ru/'"), [['warning', 2, 22, 50]]],
    [ifOrigin('$http_referer', '!~', '"https://example\\.com/"'), [['warning', 2, 22, 45]]],
    // The variable in capitals is the same variable for nginx.
    [ifOrigin('$HTTP_ORIGIN', '!~', '"^https://([^/]+)?yandex\\.ru$"'), [['error', 2, 21, 51]]],
    // The dot before the top-level domain: a name only a private DNS serves, a warning.
    [ifOrigin('$http_origin', '~', '^https://example.com$'), [['warning', 2, 20, 42]]],
  ] as [string, [string, number, number, number][]][])('bad: %j', async (text, expected) => {
    expect(await at(ID, { 'sites-enabled/a.conf': text })).toEqual(expected);
  });

  test.each([
    [ifOrigin('$http_origin', '~*', '"^https://(www\\.)?example\\.com$"')],
    [ifOrigin('$http_origin', '~*', '"^https://[a-z0-9-]+\\.example\\.com(:\\d+)?$"')],
    [ifOrigin('$http_origin', '~', "'^https?:\\/\\/l.o\\.yandex\\.ru$'")],
    [ifOrigin('$http_origin', '~', '"^https://.*\\.example\\.com$"')],
    // Only the trusted site's own Origin matches (an Origin has no path, nothing before the scheme).
    [ifOrigin('$http_origin', '!~', "'^https?:\\/\\/yandex\\.ru/'")],
    [ifOrigin('$http_origin', '!~', '"^([^!]+)?https://webvisor\\.com$"')],
    // PCRE-only constructs are not judged.
    [ifOrigin('$http_origin', '~', '"^https://(www\\.)*+example\\.com$"')],
    [ifOrigin('$http_referer', '!~', '"^https://(?>www\\.)example\\.com/"')],
    // Other variables are not origins.
    [ifOrigin('$http_x_origin', '~', '"example\\.com"')],
    [server('add_header Access-Control-Allow-Origin https://fixed.example always;')],
    [server('if ($http_origin ~* "^https://(www\\.)?example\\.com$") {\n    add_header Access-Control-Allow-Origin $http_origin;\n}')],
    // A set overridden by a later check is no plain reflection.
    [server('set $cors $http_origin;\nif ($http_origin !~* "^https://example\\.com$") {\n    set $cors "";\n}\nadd_header Access-Control-Allow-Origin $cors;')],
  ])('good: %j', async (text) => {
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([]);
  });

  test('a map key of $http_origin is judged as an origin', async () => {
    const text = 'map $http_origin $cors {\n    default "";\n    ~^https://(.*\\.)?example\\.com$ $http_origin;\n    ~example\\.com $http_origin;\n}\n';
    expect(await findings(ID, { 'conf.d/cors.conf': text })).toEqual([
      ['error', 4, 5, 18, 'this regex accepts "https://evilexample.com" as a trusted origin: another site passes the check; anchor it ("^https://example\\.com$"), escape every dot, or list the exact values in a map'],
    ]);
  });

  test('a reflected Access-Control-Allow-Origin: error with credentials, warning without', async () => {
    const text = 'map $http_origin $echo {\n    default $http_origin;\n    https://trusted.example "";\n}\nserver {\n    set $allow $http_origin;\n    location /a {\n        add_header Access-Control-Allow-Origin $http_origin;\n        add_header Access-Control-Allow-Credentials true;\n    }\n    location /b { add_header Access-Control-Allow-Origin $allow; }\n    location /c { add_header Access-Control-Allow-Origin $ECHO always; }\n}\n';
    const rows = await findings(ID, { 'conf.d/cors.conf': text });
    expect(rows.map(([s, l, c, e]) => [s, l, c, e])).toEqual([
      ['error', 8, 48, 60],
      ['warning', 11, 58, 64],
      ['warning', 12, 58, 63],
    ]);
    expect(rows[0][4]).toBe(
      'Access-Control-Allow-Origin echoes every request\'s Origin, with Access-Control-Allow-Credentials true: any site reads this server\'s responses with the user\'s cookies; answer only origins from an exact list (map $http_origin with "default \\"\\""; the listed origins mapped to $http_origin)',
    );
    expect(rows[1][4]).toContain('(through "set $allow $http_origin")');
    expect(rows[2][4]).toContain('(through the map\'s default ("default $http_origin"))');
  });

  test('a preflight answer that echoes any origin is reflection too', async () => {
    const text = server("location /api/ {\n    if ($request_method = 'OPTIONS') {\n        add_header 'Access-Control-Allow-Origin' $http_origin;\n        add_header 'Access-Control-Allow-Credentials' 'true';\n        return 204;\n    }\n}");
    expect(await findings(ID, { 'sites-enabled/a.conf': text })).toEqual([
      ['warning', 4, 50, 62, 'Access-Control-Allow-Origin echoes every request\'s Origin in this if block, with Access-Control-Allow-Credentials true: as a preflight (OPTIONS) answer it lets any site send non-simple requests with the user\'s cookies (a CSRF on JSON APIs), and any site reads what this block answers; answer only origins from an exact list (map $http_origin with "default \\"\\""; the listed origins mapped to $http_origin)'],
    ]);
  });

  test('$http_referrer: a header no browser sends', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': ifOrigin('$http_referrer', '!~', "'^https?://yandex\\.ru/'") })).toEqual([
      ['warning', 2, 5, 19, '$http_referrer reads a "Referrer" header, which no browser sends (the header is spelled "Referer"): the check always sees an empty value; use $http_referer'],
    ]);
  });

  test('domains: a host outside the trusted domains is reported, even one the regex spells', async () => {
    const files = { 'sites-enabled/a.conf': ifOrigin('$http_origin', '!~', '"^https://([^/:]+)?\\.yandex\\.ru$"') };
    expect(await findings(ID, files)).toEqual([]);
    const config = { rules: { [ID]: ['warning', { domains: ['yandex.com'] }] } };
    expect(byRule(await lintFiles(files, { kind: 'nginx', config }), ID).map((f) => f.message)).toEqual([
      'this regex lets "https://evil.yandex.ru" pass as a trusted origin: its domain is not among the trusted domains (yandex.com); narrow the regex, or add the domain to the rule\'s "domains" option if it is trusted',
    ]);
    const trusted = { rules: { [ID]: ['warning', { domains: ['yandex.ru'] }] } };
    expect(byRule(await lintFiles(files, { kind: 'nginx', config: trusted }), ID)).toEqual([]);
  });

  test('httpsOnly: an http:// origin of the trusted site is reported', async () => {
    const files = { 'sites-enabled/a.conf': ifOrigin('$http_origin', '!~', "'^https?:\\/\\/yandex\\.ru$'") };
    expect(await findings(ID, files)).toEqual([]);
    const config = { rules: { [ID]: ['warning', { httpsOnly: true }] } };
    expect(byRule(await lintFiles(files, { kind: 'nginx', config }), ID).map((f) => f.message)).toEqual([
      'this regex lets "http://yandex.ru" pass as a trusted origin: plain http, which anyone on the network can answer for (the rule\'s "httpsOnly" option); write "^https://" instead of "^https?://"',
    ]);
    const strict = { 'sites-enabled/a.conf': ifOrigin('$http_origin', '!~', "'^https:\\/\\/yandex\\.ru$'") };
    expect(byRule(await lintFiles(strict, { kind: 'nginx', config }), ID)).toEqual([]);
  });

  test('a line reached through an include', async () => {
    const files = {
      'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n        include snippets/cors.conf;\n    }\n}\n',
      'snippets/cors.conf': 'if ($http_origin ~* "^https://app\\.example\\.com") {\n    add_header Access-Control-Allow-Origin $http_origin;\n}\n',
    };
    const rows = byRule(await lintFiles(files, { kind: 'nginx' }), ID).map((f) => [f.file, f.severity, f.line, f.column, f.endColumn]);
    expect(rows).toEqual([['snippets/cors.conf', 'error', 1, 21, 49]]);
  });

  test('a templated line is not judged', async () => {
    expect(await findings(ID, { 'sites-enabled/a.conf': ifOrigin('$http_origin', '~*', '"^https://{{ domain }}"') })).toEqual([]);
    expect(await findings(ID, { 'sites-enabled/a.conf': server('add_header Access-Control-Allow-Origin $http_origin{{ suffix }};') })).toEqual([]);
  });

  test('every witness is a value the regex accepts and a browser sends', () => {
    for (const [regex, header] of [
      ['^https://(www|api).example\\.com$', 'origin'],
      ['^https?://([^/]+metrika.*yandex\\.(ru|ua|com|com\\.tr|by|kz)|([^/]+\\.)?webvisor\\.com)/', 'referer'],
      ['^https://webvisor\\.com([^/]+)?$', 'origin'],
      ['^https://.*\\.example\\.com$', 'referer'],
    ] as const) {
      const w = originWitness(regex, false, header, { domains: [], httpsOnly: false });
      expect(w, regex).not.toBeNull();
      expect(new RegExp(regex).test(w!.value), `${regex} accepts ${w!.value}`).toBe(true);
      const url = new URL(w!.value);
      expect(header === 'origin' ? url.origin : url.href).toBe(w!.value);
    }
  });

  test('a map read only by log_format and an if that only redirects decide nothing: silent (seen on jitsi and linuxserver/reverse-proxy-confs)', async () => {
    const logOnly = 'map $http_referer $loggable_referer {\n    default $http_referer;\n    ~^(?P<url>[^?]*)\\?.*(?:jwt|token)= $url;\n}\nlog_format main \'$remote_addr "$loggable_referer"\';\n';
    expect(await findings(ID, { 'conf.d/log.conf': logOnly })).toEqual([]);
    const routing = 'server {\n    location / {\n        if ($http_referer ~* /ombi) {\n            rewrite ^/swagger/(.*) https://$host/ombi/swagger/$1 redirect;\n        }\n    }\n}\n';
    expect(await findings(ID, { 'sites-enabled/ombi.conf': routing })).toEqual([]);
    // The same map read by an access decision is judged.
    const decides = logOnly + 'server {\n    if ($loggable_referer = "") {\n        return 403;\n    }\n}\n';
    expect((await findings(ID, { 'conf.d/log.conf': decides })).length).toBeGreaterThan(0);
  });
});
