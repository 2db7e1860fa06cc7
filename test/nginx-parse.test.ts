// Grammar tests for the nginx parser: every construct, with exact positions of names and
// arguments (1-based lines and UTF-16 columns, end exclusive), nginx's own words for syntax
// errors, recovery after them, and the proof that statement-by-statement parsing (the default,
// with the shape cache) builds the same tree as one grammar match per top-level statement.
// The truth is ngx_conf_read_token() in nginx's src/core/ngx_conf_file.c, checked against
// nginx 1.22 `nginx -t` where it was in doubt.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NginxFile, NginxWord } from '../src/nginx/ast.js';
import { parseNginx, type NginxParseLimits } from '../src/nginx/parse.js';
import { ShapeCache } from '../src/nginx/shape-cache.js';
import { GAP_RUNS, isGapRunChar, isRunChar, RUN_CHARACTERS, STATEMENT_RUNS, type CharacterClass } from '../src/nginx/shape-key.js';
import { createSourceFile, rangeOf } from '../src/source.js';
import { seededBelow } from './support/random.js';
import { mutate } from './support/mutate.js';
import { nginxDiagnostics } from './support/problems.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';
import { isDeepStrictEqual } from 'node:util';
import { plainDirective } from './support/plain-tree.js';
import { rewriteRuns } from './support/rewrite-runs.js';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const corpusDir = sharedCorpusDir;
const hasCorpus = sharedCorpusAvailable('nginx parser tests over the shared corpus');
const fixturesDir = join(projectRoot, 'test/fixtures/nginx-parse');

function parse(text: string, limits?: Partial<NginxParseLimits>): NginxFile {
  return parseNginx(createSourceFile('test.conf', text), limits);
}

/** `line:column-endLine:endColumn` of an offset span. */
function at(file: NginxFile, start: number, end: number): string {
  const r = rangeOf(file.source, start, end);
  return `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;
}

/** A word as `value@range`, its value JSON-quoted so spaces and escapes stay visible. */
function word(file: NginxFile, w: NginxWord): string {
  return `${JSON.stringify(w.value)}@${at(file, w.start, w.end)}`;
}

/** The directive tree as lines: the name and arguments with their ranges, children indented. */
function tree(file: NginxFile, directives = file.directives, indent = ''): string[] {
  return directives.flatMap((d) => [
    indent + [d.nameWord, ...d.args].map((w) => word(file, w)).join(' ') + (d.block ? ' {' : ''),
    ...(d.block ? tree(file, d.block, indent + '  ') : []),
  ]);
}

/** Syntax errors as nginx/syntax words them, `range message`, with related locations after ` | `. */
function errors(file: NginxFile): string[] {
  return nginxDiagnostics(file.problems)
    .filter((d) => d.ruleId === 'nginx/syntax')
    .map((d) => [`${at(file, d.span.start, d.span.end)} ${d.message}`, ...d.related.map((r) => `${at(file, r.span.start, r.span.end)} ${r.message}`)].join(' | '));
}

function comments(file: NginxFile): string[] {
  return file.comments.map((c) => `${JSON.stringify(c.text)}@${at(file, c.start, c.end)}`);
}

/** Every input of the tables below, replayed by the equivalence tests. */
const synthetic: string[] = [];
const table = <T extends [string, ...unknown[]]>(rows: T[]): T[] => {
  for (const row of rows) synthetic.push(row[0]);
  return rows;
};

describe('directives and blocks', () => {
  const nested = [
    'events {}',
    'http {',
    '  server {',
    '    listen 80;',
    '    location / {',
    '      return 200;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  synthetic.push(nested);

  it('gives names and arguments their exact ranges, children nested', () => {
    const file = parse(nested);
    expect(tree(file)).toEqual([
      '"events"@1:1-1:7 {',
      '"http"@2:1-2:5 {',
      '  "server"@3:3-3:9 {',
      '    "listen"@4:5-4:11 "80"@4:12-4:14',
      '    "location"@5:5-5:13 "/"@5:14-5:15 {',
      '      "return"@6:7-6:13 "200"@6:14-6:17',
    ]);
    expect(file.problems).toEqual([]);
  });

  it('spans a directive from its name to just past its ";" or "}"', () => {
    const file = parse(nested);
    const [events, http] = file.directives;
    const server = http.block![0];
    const [listen, location] = server.block!;
    expect(at(file, events.start, events.end)).toBe('1:1-1:10');
    expect(at(file, events.blockStart!, events.blockStart! + 1)).toBe('1:8-1:9');
    expect(events.block).toEqual([]);
    expect(at(file, http.start, http.end)).toBe('2:1-9:2');
    expect(at(file, listen.start, listen.end)).toBe('4:5-4:15');
    expect(listen.block).toBeNull();
    expect(at(file, location.start, location.end)).toBe('5:5-7:6');
    expect(at(file, location.blockStart!, location.blockStart! + 1)).toBe('5:16-5:17');
    expect(listen.source).toBe(file.source);
  });

  it.each(table([
    ['a;b;', ['"a"@1:1-1:2', '"b"@1:3-1:4']],
    ['  a   b  c ;', ['"a"@1:3-1:4 "b"@1:7-1:8 "c"@1:10-1:11']],
    ['a\n\n  b\n;', ['"a"@1:1-1:2 "b"@3:3-3:4']],
    ['a{b{c;}}', ['"a"@1:1-1:2 {', '  "b"@1:3-1:4 {', '    "c"@1:5-1:6']],
    ['a b{}c;', ['"a"@1:1-1:2 "b"@1:3-1:4 {', '"c"@1:6-1:7']],
    ['return 200 a}b;', ['"return"@1:1-1:7 "200"@1:8-1:11 "a}b"@1:12-1:15']],
    ['x a\\ b a\\;b;', ['"x"@1:1-1:2 "a\\\\ b"@1:3-1:7 "a\\\\;b"@1:8-1:12']],
  ] as [string, string[]][]))('%j', (input, expected) => {
    const file = parse(input);
    expect(tree(file)).toEqual(expected);
    expect(errors(file)).toEqual([]);
  });
});

describe('quoted strings', () => {
  // value: what nginx sees; raw: as written. nginx unescapes \" \' \\ \t \r \n in every token.
  it.each(table([
    ['x "a b";', 'a b', '"a b"', '"', '1:3-1:8'],
    ["x 'a b';", 'a b', "'a b'", "'", '1:3-1:8'],
    ['x "a\\"b";', 'a"b', '"a\\"b"', '"', '1:3-1:9'],
    ["x 'a\\'b';", "a'b", "'a\\'b'", "'", '1:3-1:9'],
    ['x "a\\\\b";', 'a\\b', '"a\\\\b"', '"', '1:3-1:9'],
    ['x "a\\tb\\nc\\rd";', 'a\tb\nc\rd', '"a\\tb\\nc\\rd"', '"', '1:3-1:15'],
    ['x "a\\xb\\d";', 'a\\xb\\d', '"a\\xb\\d"', '"', '1:3-1:11'],
    ['x \'a"b\';', 'a"b', '\'a"b\'', "'", '1:3-1:8'],
    ['x "a\'b";', "a'b", '"a\'b"', '"', '1:3-1:8'],
    ['x "a;b{c}#d";', 'a;b{c}#d', '"a;b{c}#d"', '"', '1:3-1:13'],
    ['x "";', '', '""', '"', '1:3-1:5'],
    ['x "line1\nline2";', 'line1\nline2', '"line1\nline2"', '"', '1:3-2:7'],
    ['x a\\"b;', 'a"b', 'a\\"b', null, '1:3-1:7'],
    ['x a"b"c;', 'a"b"c', 'a"b"c', null, '1:3-1:8'],
    ["x a'b;", "a'b", "a'b", null, '1:3-1:6'],
  ] as [string, string, string, string | null, string][]))('%j', (input, value, raw, quote, range) => {
    const file = parse(input);
    const [arg] = file.directives[0].args;
    expect({ value: arg.value, raw: arg.raw, quote: arg.quote, range: at(file, arg.start, arg.end) }).toEqual({ value, raw, quote, range });
    expect(errors(file)).toEqual([]);
  });

  it('ends a quoted token at its quote: ")" may follow and is a token of its own', () => {
    const file = parse('if ($a = "x") { }');
    expect(tree(file)).toEqual(['"if"@1:1-1:3 "($a"@1:4-1:7 "="@1:8-1:9 "x"@1:10-1:13 ")"@1:13-1:14 {']);
    expect(errors(file)).toEqual([]);
  });
});

describe('comments', () => {
  it('starts a comment only where a token starts: a#b is one token', () => {
    const file = parse('a#b c#d; # real comment\nd "x#y"; #c2\ne;#c3');
    expect(tree(file)).toEqual(['"a#b"@1:1-1:4 "c#d"@1:5-1:8', '"d"@2:1-2:2 "x#y"@2:3-2:8', '"e"@3:1-3:2']);
    expect(comments(file)).toEqual(['" real comment"@1:10-1:24', '"c2"@2:10-2:13', '"c3"@3:3-3:6']);
  });

  it.each(table([
    ['# only a comment', [], ['" only a comment"@1:1-1:17']],
    ['listen # port follows\n  80;', ['"listen"@1:1-1:7 "80"@2:3-2:5'], ['" port follows"@1:8-1:22']],
    ['server { # {\n} # }\n', ['"server"@1:1-1:7 {'], ['" {"@1:10-1:13', '" }"@2:3-2:6']],
    ['a "}"; # "unclosed\nb;', ['"a"@1:1-1:2 "}"@1:3-1:6', '"b"@2:1-2:2'], ['" \\"unclosed"@1:8-1:19']],
    ['#a\n#b\n\n  #c\n', [], ['"a"@1:1-1:3', '"b"@2:1-2:3', '"c"@4:3-4:5']],
  ] as [string, string[], string[]][]))('%j', (input, directives, expected) => {
    const file = parse(input);
    expect(tree(file)).toEqual(directives);
    expect(comments(file)).toEqual(expected);
    expect(errors(file)).toEqual([]);
  });
});

describe('variables', () => {
  // After `$`, a `{` does not open a block; a `}` inside a word is an ordinary character.
  it.each(table([
    ['set $a ${b}x$c;', ['"set"@1:1-1:4 "$a"@1:5-1:7 "${b}x$c"@1:8-1:15']],
    ['return 200 $a${b};', ['"return"@1:1-1:7 "200"@1:8-1:11 "$a${b}"@1:12-1:18']],
    ['set ${x} 1;', ['"set"@1:1-1:4 "${x}"@1:5-1:9 "1"@1:10-1:11']],
    ['add_header X-Id ${request_id}-suffix;', ['"add_header"@1:1-1:11 "X-Id"@1:12-1:16 "${request_id}-suffix"@1:17-1:37']],
    ['root "/srv/${host}";', ['"root"@1:1-1:5 "/srv/${host}"@1:6-1:20']],
  ] as [string, string[]][]))('%j', (input, expected) => {
    const file = parse(input);
    expect(tree(file)).toEqual(expected);
    expect(errors(file)).toEqual([]);
  });
});

describe('if and regex locations', () => {
  it.each(table([
    ['if ($a ~* "^x") {\n  return 403;\n}', ['"if"@1:1-1:3 "($a"@1:4-1:7 "~*"@1:8-1:10 "^x"@1:11-1:15 ")"@1:15-1:16 {', '  "return"@2:3-2:9 "403"@2:10-2:13']],
    ['if ($request_method = POST) { return 405; }', ['"if"@1:1-1:3 "($request_method"@1:4-1:20 "="@1:21-1:22 "POST)"@1:23-1:28 {', '  "return"@1:31-1:37 "405"@1:38-1:41']],
    ['if ($http_x){}', ['"if"@1:1-1:3 "($http_x)"@1:4-1:13 {']],
    ['location ~ ^/a/(\\d+)$ {\n}', ['"location"@1:1-1:9 "~"@1:10-1:11 "^/a/(\\\\d+)$"@1:12-1:22 {']],
    ['location ~* \\.(css|js)$ { expires 1d; }', ['"location"@1:1-1:9 "~*"@1:10-1:12 "\\\\.(css|js)$"@1:13-1:24 {', '  "expires"@1:27-1:34 "1d"@1:35-1:37']],
    ['location ~ "^/x{2}$" {}', ['"location"@1:1-1:9 "~"@1:10-1:11 "^/x{2}$"@1:12-1:21 {']],
    ['location = /50x.html {}', ['"location"@1:1-1:9 "="@1:10-1:11 "/50x.html"@1:12-1:21 {']],
    ['location ^~ /static/ {}', ['"location"@1:1-1:9 "^~"@1:10-1:12 "/static/"@1:13-1:21 {']],
    ['rewrite ^/(.*)$ /x/$1 last;', ['"rewrite"@1:1-1:8 "^/(.*)$"@1:9-1:16 "/x/$1"@1:17-1:22 "last"@1:23-1:27']],
  ] as [string, string[]][]))('%j', (input, expected) => {
    const file = parse(input);
    expect(tree(file)).toEqual(expected);
    expect(errors(file)).toEqual([]);
  });

  it('keeps a regex backslash in the value (only \\" \\\' \\\\ \\t \\r \\n are unescaped)', () => {
    const file = parse('location ~ ^/a/(\\d+)\\.php$ {}');
    expect(file.directives[0].args[1].value).toBe('^/a/(\\d+)\\.php$');
  });
});

describe('handler blocks: map, geo, types, split_clients, upstream', () => {
  it.each(table([
    [
      'map $http_upgrade $connection_upgrade {\n  default upgrade;\n  \'\' close;\n  ~^x-(?<n>\\d+)$ $n;\n}',
      ['"map"@1:1-1:4 "$http_upgrade"@1:5-1:18 "$connection_upgrade"@1:19-1:38 {', '  "default"@2:3-2:10 "upgrade"@2:11-2:18', '  ""@3:3-3:5 "close"@3:6-3:11', '  "~^x-(?<n>\\\\d+)$"@4:3-4:17 "$n"@4:18-4:20'],
    ],
    [
      'geo $remote_addr $geo {\n  default 0;\n  127.0.0.1/32 2;\n  include conf/geo.conf;\n}',
      ['"geo"@1:1-1:4 "$remote_addr"@1:5-1:17 "$geo"@1:18-1:22 {', '  "default"@2:3-2:10 "0"@2:11-2:12', '  "127.0.0.1/32"@3:3-3:15 "2"@3:16-3:17', '  "include"@4:3-4:10 "conf/geo.conf"@4:11-4:24'],
    ],
    [
      'types {\n    text/html  html htm;\n    image/svg+xml svg;\n}',
      ['"types"@1:1-1:6 {', '  "text/html"@2:5-2:14 "html"@2:16-2:20 "htm"@2:21-2:24', '  "image/svg+xml"@3:5-3:18 "svg"@3:19-3:22'],
    ],
    [
      'split_clients "${remote_addr}AAA" $variant {\n  0.5% .one;\n  * "";\n}',
      ['"split_clients"@1:1-1:14 "${remote_addr}AAA"@1:15-1:34 "$variant"@1:35-1:43 {', '  "0.5%"@2:3-2:7 ".one"@2:8-2:12', '  "*"@3:3-3:4 ""@3:5-3:7'],
    ],
    [
      'upstream app {\n  server unix:/run/app.sock max_fails=3;\n  keepalive 8;\n}',
      ['"upstream"@1:1-1:9 "app"@1:10-1:13 {', '  "server"@2:3-2:9 "unix:/run/app.sock"@2:10-2:28 "max_fails=3"@2:29-2:40', '  "keepalive"@3:3-3:12 "8"@3:13-3:14'],
    ],
  ] as [string, string[]][]))('%j', (input, expected) => {
    const file = parse(input);
    expect(tree(file)).toEqual(expected);
    expect(file.problems).toEqual([]);
  });

  // ngx_conf_parse: a block inside a handler block is "unexpected "{"" (cf->handler set).
  it.each(table([
    ['map $a $b {\n  x { }\n}', '2:5-2:6 unexpected "{"'],
    ['http {\n  types {\n    text/html { }\n  }\n}', '3:15-3:16 unexpected "{"'],
    ['geo $a {\n  default {}\n}', '2:11-2:12 unexpected "{"'],
    // nginx stops at the first: blocks further inside are not judged again.
    ['types {\n  x {\n    map $a $b { y { } }\n  }\n}', '2:5-2:6 unexpected "{"'],
  ] as [string, string][]))('%j', (input, expected) => {
    expect(errors(parse(input))).toEqual([expected]);
  });
});

describe('*_by_lua_block: the body is Lua, kept raw', () => {
  const lua = [
    'location / {',
    '  content_by_lua_block {',
    '    local s = "}" -- a } in a comment',
    "    ngx.say('{', s, \"\\\"}\")",
    '    local t = { a = { 1 } }',
    '  }',
    '  listen 80;',
    '}',
  ].join('\n');
  synthetic.push(lua);

  it('skips braces in strings and comments and keeps the body raw', () => {
    const file = parse(lua);
    expect(tree(file)).toEqual(['"location"@1:1-1:9 "/"@1:10-1:11 {', '  "content_by_lua_block"@2:3-2:23 {', '  "listen"@7:3-7:9 "80"@7:10-7:12']);
    const block = file.directives[0].block![0];
    expect(block.rawBody!.text).toBe(lua.slice(lua.indexOf('{', 20) + 1, lua.indexOf('\n  }') + 3));
    expect(at(file, block.rawBody!.start, block.rawBody!.end)).toBe('2:25-6:3');
    expect(at(file, block.start, block.end)).toBe('2:3-6:4');
    expect(block.block).toEqual([]);
    expect(file.problems).toEqual([]);
    expect(file.comments).toEqual([]);
  });

  it.each(table([
    ['set_by_lua_block $x { return "{" }\nb;', ['"set_by_lua_block"@1:1-1:17 "$x"@1:18-1:20 {', '"b"@2:1-2:2'], ' return "{" '],
    ['access_by_lua_block{ngx.exit(403)}', ['"access_by_lua_block"@1:1-1:20 {'], 'ngx.exit(403)'],
    ["init_by_lua_block {\n  -- it's { a comment\n}", ['"init_by_lua_block"@1:1-1:18 {'], "\n  -- it's { a comment\n"],
    // lua-nginx-module's block lexer knows long brackets: [[ ]] strings and --[[ ]] comments.
    ['content_by_lua_block { local s = [[ } ]] }\nb;', ['"content_by_lua_block"@1:1-1:21 {', '"b"@2:1-2:2'], ' local s = [[ } ]] '],
    ['content_by_lua_block {\n  --[[ } ]]\n}\nb;', ['"content_by_lua_block"@1:1-1:21 {', '"b"@4:1-4:2'], '\n  --[[ } ]]\n'],
    ['content_by_lua_block {\n  --[[\n  }\n  ]]\n}\nb;', ['"content_by_lua_block"@1:1-1:21 {', '"b"@6:1-6:2'], '\n  --[[\n  }\n  ]]\n'],
  ] as [string, string[], string][]))('%j', (input, expected, body) => {
    const file = parse(input);
    expect(tree(file)).toEqual(expected);
    expect(file.directives[0].rawBody?.text).toBe(body);
    expect(errors(file)).toEqual([]);
  });

  // A Lua block nested in a block is only known as Lua once the statement splitter reaches its
  // level; a `}` in a Lua comment or a `'{'` string must not unbalance the levels above it.
  const nestedLua = [
    ['location / {\n  content_by_lua_block {\n    -- }\n  }\n  listen 80;\n}\nb;', '"listen"@5:3-5:9 "80"@5:10-5:12'],
    ["location / {\n  content_by_lua_block {\n    ngx.say('{')\n  }\n  listen 80;\n}\nb;", '"listen"@5:3-5:9 "80"@5:10-5:12'],
  ] as const;
  for (const [input] of nestedLua) synthetic.push(input);

  it.each(nestedLua)('a Lua block inside a block, parsed statement by statement: %j', (input, listen) => {
    const file = parse(input, { chunkChars: 1 });
    expect(errors(file)).toEqual([]);
    expect(tree(file)).toEqual(['"location"@1:1-1:9 "/"@1:10-1:11 {', '  "content_by_lua_block"@2:3-2:23 {', `  ${listen}`, '"b"@7:1-7:2']);
  });

  it('a Lua block with a "}" in a comment, in a file large enough to be parsed statement by statement', () => {
    const padding = Array.from({ length: 2000 }, (_, i) => `set $v${i} ${i};`).join('\n');
    const input = `server {\n  location / {\n    content_by_lua_block {\n      -- }\n    }\n  }\n}\n${padding}\n`;
    expect(input.length).toBeGreaterThan(16 * 1024);
    const file = parse(input);
    expect(errors(file)).toEqual([]);
    expect(file.directives).toHaveLength(2001);
  });

  it('a name that only contains _by_lua_block is an ordinary block', () => {
    const file = parse('x_by_lua_blocks { a "}"; }');
    expect(tree(file)).toEqual(['"x_by_lua_blocks"@1:1-1:16 {', '  "a"@1:19-1:20 "}"@1:21-1:24']);
    expect(file.directives[0].rawBody).toBeUndefined();
  });

  it('an unterminated Lua block is nginx\'s "unexpected end of file, expecting "}""', () => {
    const input = 'content_by_lua_block {\n  ngx.say("x")\n';
    synthetic.push(input);
    expect(errors(parse(input))).toEqual(['3:1-3:1 unexpected end of file, expecting "}"']);
  });
});

describe('Jinja templates', () => {
  it.each(table([
    ['server_name {{ host }};', ['"server_name"@1:1-1:12 "{{ host }}"@1:13-1:23']],
    ['root /srv/{{ app }}/static;', ['"root"@1:1-1:5 "/srv/{{ app }}/static"@1:6-1:27']],
    ['proxy_pass http://{{ up }}:{{ port }};', ['"proxy_pass"@1:1-1:11 "http://{{ up }}:{{ port }}"@1:12-1:38']],
    ['{{ directive }} on;', ['"{{ directive }}"@1:1-1:16 "on"@1:17-1:19']],
    ['listen {{ port }} default_server;', ['"listen"@1:1-1:7 "{{ port }}"@1:8-1:18 "default_server"@1:19-1:33']],
    ['{% if ssl %}\nlisten 443 ssl;\n{% else %}\nlisten 80;\n{% endif %}\n', ['"listen"@2:1-2:7 "443"@2:8-2:11 "ssl"@2:12-2:15', '"listen"@4:1-4:7 "80"@4:8-4:10']],
    ['server {\n  {% for h in hosts %}\n  server_name {{ h }};\n  {% endfor %}\n}', ['"server"@1:1-1:7 {', '  "server_name"@3:3-3:14 "{{ h }}"@3:15-3:22']],
    ['{# a note #} gzip {# on? #} on;', ['"gzip"@1:14-1:18 "on"@1:29-1:31']],
    ['set $x "{{ a }}";', ['"set"@1:1-1:4 "$x"@1:5-1:7 "{{ a }}"@1:8-1:17']],
  ] as [string, string[]][]))('%j', (input, expected) => {
    const file = parse(input);
    expect(tree(file)).toEqual(expected);
    expect(errors(file)).toEqual([]);
  });
});

describe('context inference', () => {
  it.each(table([
    ['events {}\nhttp {}', 'main'],
    ['worker_processes auto;', 'main'],
    ['user www-data;\npid /run/nginx.pid;', 'main'],
    ['stream {}', 'main'],
    ['server { listen 80; }', 'http'],
    ['upstream app { server 127.0.0.1:8000; }\nserver {}', 'http'],
    ['map $a $b { default 1; }', 'http'],
    ['log_format main "$remote_addr";', 'http'],
    ['location / {}\nlocation /x {}', 'server'],
    ['listen 80;\nserver_name example.com;', 'server'],
    ['gzip on;\ngzip_types text/css;', 'unknown'],
    ['', 'unknown'],
  ] as [string, string][]))('%j -> %s', (input, context) => {
    expect(parse(input).context).toBe(context);
  });
});

describe('what the parser notes of a file for the later phases', () => {
  it('every directive name and every include line, at any depth, in the order of the text', () => {
    const file = parse('include a.conf;\nhttp {\n    server {\n        location / { include uwsgi_params; uwsgi_pass app; }\n        include b/*.conf;\n    }\n    types { text/html html; }\n}\n');
    expect([...file.names].sort()).toEqual(['http', 'include', 'location', 'server', 'text/html', 'types', 'uwsgi_pass']);
    expect(file.includes.map((d) => d.args[0].value)).toEqual(['a.conf', 'uwsgi_params', 'b/*.conf']);
  });

  it('the same for blocks built from the shape cache', () => {
    const server = (n: number) => `server {\n    listen 80;\n    server_name s${n}.example.com;\n    location / { include snippets/s${n}.conf; }\n}\n`;
    const file = parse(`http {\n${server(1)}${server(22)}${server(333)}}\n`);
    expect([...file.names].sort()).toEqual(['http', 'include', 'listen', 'location', 'server', 'server_name']);
    expect(file.includes.map((d) => d.args[0].value)).toEqual(['snippets/s1.conf', 'snippets/s22.conf', 'snippets/s333.conf']);
  });

  it('nothing for a file that is not parsed', () => {
    const file = parse('server {\0}');
    expect(file.names.size).toBe(0);
    expect(file.includes).toEqual([]);
  });
});

describe('whitespace and encodings', () => {
  it('counts a tab as one column', () => {
    const file = parse('\tlisten\t80;\n\t\troot\t/x;');
    expect(tree(file)).toEqual(['"listen"@1:2-1:8 "80"@1:9-1:11', '"root"@2:3-2:7 "/x"@2:8-2:10']);
  });

  it('splits lines on \\n only: \\r belongs to the line it ends (CRLF files)', () => {
    const input = 'server {\r\n  listen 80;\r\n  root "/a\r\nb";\r\n}\r\n';
    synthetic.push(input);
    const file = parse(input);
    expect(tree(file)).toEqual(['"server"@1:1-1:7 {', '  "listen"@2:3-2:9 "80"@2:10-2:12', '  "root"@3:3-3:7 "/a\\r\\nb"@3:8-4:3']);
    const server = file.directives[0];
    expect(at(file, server.start, server.end)).toBe('1:1-5:2');
    expect(errors(file)).toEqual([]);
  });

  it('a comment in a CRLF file: its text and its span stop before the \\r', () => {
    const input = '# hi\r\nlisten 80; # port\r\n';
    synthetic.push(input);
    const file = parse(input);
    expect(comments(file)).toEqual(['" hi"@1:1-1:5', '" port"@2:12-2:18']);
    for (const c of file.comments) expect(c.end - c.start).toBe(c.text.length + 1);
  });

  it('an unexpected "}" after a CRLF line is reported on its own line', () => {
    const input = 'server {\r\n  listen 80\r\n}\r\n';
    synthetic.push(input);
    expect(errors(parse(input))).toEqual(['3:1-3:2 unexpected "}" | 2:12-2:12 is a ";" missing here, after "80"?']);
  });

  it('strips a BOM before counting columns, and reports it (nginx reads it as part of the first name)', () => {
    const input = '\uFEFFlisten 80;\nroot /x;';
    synthetic.push(input);
    const file = parse(input);
    expect(file.source.hasBom).toBe(true);
    expect(tree(file)).toEqual(['"listen"@1:1-1:7 "80"@1:8-1:10', '"root"@2:1-2:5 "/x"@2:6-2:8']);
    const bom = file.problems.filter((p) => p.kind === 'bom');
    expect(bom).toHaveLength(1);
    expect(at(file, bom[0].span.start, bom[0].span.end)).toBe('1:1-1:1');
    expect(errors(file)).toEqual([]);
  });

  it('counts columns in UTF-16 code units after é, 日本 and 😀', () => {
    const input = 'add_header X "é"; return 200 日本 x;\nlocation /😀 { root /a; }\n# 😀 é\nz 日本;';
    synthetic.push(input);
    const file = parse(input);
    expect(tree(file)).toEqual([
      '"add_header"@1:1-1:11 "X"@1:12-1:13 "é"@1:14-1:17',
      '"return"@1:19-1:25 "200"@1:26-1:29 "日本"@1:30-1:32 "x"@1:33-1:34',
      '"location"@2:1-2:9 "/😀"@2:10-2:13 {',
      '  "root"@2:16-2:20 "/a"@2:21-2:23',
      '"z"@4:1-4:2 "日本"@4:3-4:5',
    ]);
    expect(comments(file)).toEqual(['" 😀 é"@3:1-3:7']);
    expect(errors(file)).toEqual([]);
  });

  it('reports an error after non-ASCII text at its UTF-16 column', () => {
    const input = 'server {\n  return 200 "日本"x;\n  root /😀\n}';
    synthetic.push(input);
    expect(errors(parse(input))).toEqual([
      '2:18-2:19 unexpected "x"',
      '4:1-4:2 unexpected "}" | 3:11-3:11 is a ";" missing here, after "/😀"?',
    ]);
  });
});

describe('too long parameter (a token that fills nginx\'s 4096-byte buffer)', () => {
  // Only statements long enough to hold such a token are looked at (checkAfterParse): unquoted on
  // one long line, a comment, and a quoted string over many short lines are all found.
  const long = 'a'.repeat(5000);
  const quoted = Array.from({ length: 100 }, () => 'a'.repeat(50)).join('\n');
  it.each([
    ['an unquoted word on a long line', `server {\n  root /${long};\n}\n`, ['2:8-2:9 too long parameter "/aaaaaaaaa..." started']],
    ['a comment on a long line', `# ${long}\nserver {}\n`, ['1:1-1:2 too long parameter "# aaaaaaaa..." started']],
    ['a quoted string over several short lines', `server {\n  return 200 "${quoted}";\n}\n`, ['2:15-2:16 too long parameter, probably missing terminating """ character']],
    ['a long file of short lines: nothing', 'server {\n  root /srv;\n}\n'.repeat(200), []],
  ] as [string, string, string[]][])('%s', (_name, text, expected) => {
    expect(errors(parse(text))).toEqual(expected);
  });
});

describe('syntax errors, in nginx\'s words', () => {
  it.each(table([
    ['server {\n  listen 80\n}\n', ['3:1-3:2 unexpected "}" | 2:12-2:12 is a ";" missing here, after "80"?']],
    ['server {\n  a "x"}\n', ['2:8-2:9 unexpected "}"']],
    ['}\nlisten 80;', ['1:1-1:2 unexpected "}"']],
    ['server {}\n}', ['2:1-2:2 unexpected "}"']],
    ['listen 80', ['1:10-1:10 unexpected end of file, expecting ";" or "}"']],
    ['listen 80;\nroot', ['2:5-2:5 unexpected end of file, expecting ";" or "}"']],
    ['a "xyz;\nb;\n', ['3:1-3:1 unexpected end of file, expecting ";" or "}"']],
    ["a 'xyz;\n", ['2:1-2:1 unexpected end of file, expecting ";" or "}"']],
    ['server {\n  listen 80;\n', ['3:1-3:1 unexpected end of file, expecting "}"']],
    ['http { server { }', ['1:18-1:18 unexpected end of file, expecting "}"']],
    [';\nlisten 80;', ['1:1-1:2 unexpected ";"']],
    ['listen 80;;', ['1:11-1:12 unexpected ";"']],
    ['server { ; }', ['1:10-1:11 unexpected ";"']],
    ['{\n}\nlisten 80;', ['1:1-1:2 unexpected "{"']],
    ['server {\n  { }\n}', ['2:3-2:4 unexpected "{"']],
    ['a "x"y;', ['1:6-1:7 unexpected "y"']],
    ['a "x""y";', ['1:6-1:7 unexpected """']],
    ["a 'x'\"y\";", ['1:6-1:7 unexpected """']],
    ['a "x"#c;', ['1:6-1:7 unexpected "#"']],
    ['a "x"😀;', ['1:6-1:8 unexpected "😀"']],
    ["a 'x'$y;", ['1:6-1:7 unexpected "$"']],
  ] as [string, string[]][]))('%j', (input, expected) => {
    expect(errors(parse(input))).toEqual(expected);
  });

  it('reports two separate errors in one file and keeps the statements after each', () => {
    const input = 'a 1\n}\nb;\nc "x"y;\nd 2;';
    synthetic.push(input);
    const file = parse(input);
    expect(errors(file)).toEqual(['2:1-2:2 unexpected "}" | 1:4-1:4 is a ";" missing here, after "1"?', '4:6-4:7 unexpected "y"']);
    expect(file.directives.map((d) => d.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(tree(file).slice(1)).toEqual(['"b"@3:1-3:2', '"c"@4:1-4:2 "x"@4:3-4:6 "y"@4:6-4:7', '"d"@5:1-5:2 "2"@5:3-5:4']);
  });

  it('recovers inside blocks: both missing ";" are reported, both servers are in the tree', () => {
    const input = 'server {\n  listen 80\n}\nserver {\n  root /x\n}\nlisten 81;\n';
    synthetic.push(input);
    const file = parse(input);
    expect(errors(file)).toEqual([
      '3:1-3:2 unexpected "}" | 2:12-2:12 is a ";" missing here, after "80"?',
      '6:1-6:2 unexpected "}" | 5:10-5:10 is a ";" missing here, after "/x"?',
    ]);
    expect(tree(file)).toEqual(['"server"@1:1-1:7 {', '  "listen"@2:3-2:9 "80"@2:10-2:12', '"server"@4:1-4:7 {', '  "root"@5:3-5:7 "/x"@5:8-5:10', '"listen"@7:1-7:7 "81"@7:8-7:10']);
  });

  it('keeps the statements after a stray ";" and "{"', () => {
    const input = 'a;\n;\nb;\n{ c; }\nd;';
    synthetic.push(input);
    const file = parse(input);
    expect(errors(file)).toEqual(['2:1-2:2 unexpected ";"', '4:1-4:2 unexpected "{"']);
    expect(file.directives.map((d) => d.name)).toEqual(expect.arrayContaining(['a', 'b', 'd']));
  });
});

// ---------------------------------------------------------------------------------------------
// Equivalence: one match per top-level statement, statement-by-statement parsing without the
// shape cache, and the default (split, with the shape cache, cold and warm) build the same tree.

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}


/** nginx files of the corpus: pairs/*\/ files that are not uWSGI ini, and nginx/** (Jinja included). */
function corpusNginxFiles(): string[] {
  const pairs = walk(join(corpusDir, 'pairs')).filter((path) => {
    if (/MANIFEST\.tsv$/.test(path) || /\.ini(\.\w+)?(:\w+)?$/.test(path)) return false;
    return !/^\s*\[[\w-]+\]\s*$/m.test(readFileSync(path, 'utf8'));
  });
  const nginx = walk(join(corpusDir, 'nginx')).filter((path) => !/(\.txt|\.md|\.tsv)$|LICENSE/.test(path));
  return [...pairs, ...nginx].sort();
}

/** Everything a parse produces, in plain data. */
function shape(file: NginxFile) {
  return {
    directives: file.directives.map(plainDirective),
    comments: file.comments,
    context: file.context,
    diagnostics: nginxDiagnostics(file.problems).map((d) => ({
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      start: d.span.start,
      end: d.span.end,
      related: d.related.map((r) => ({ message: r.message, start: r.span.start, end: r.span.end })),
    })),
  };
}

function expectEquivalent(path: string, text: string) {
  // Each top-level statement in one grammar match, no shape cache: the grammar alone.
  const whole = shape(parseNginx(createSourceFile(path, text), { chunkChars: Number.MAX_SAFE_INTEGER }, null));
  const split = shape(parseNginx(createSourceFile(path, text), { chunkChars: 1 }, null));
  const byDefault = shape(parseNginx(createSourceFile(path, text)));
  const byDefaultAgain = shape(parseNginx(createSourceFile(path, text)));
  expect(split, `${path}: statement by statement differs from a whole parse`).toEqual(whole);
  expect(byDefault, `${path}: the default parse (split, shape cache) differs from a whole parse`).toEqual(whole);
  expect(byDefaultAgain, `${path}: a second default parse (shape cache warm) differs`).toEqual(whole);
}

/** A file over the default chunk size, so the default limits also parse it statement by statement. */
function largeSynthetic(): string {
  const server = (i: number) =>
    [
      `server { # server ${i}`,
      `  listen ${8000 + (i % 3)};`,
      '  server_name example.com "quoted name";',
      '  location ~* \\.(css|js)$ { expires 1d; }',
      `  location /api { include uwsgi_params; uwsgi_pass unix:/run/app${i % 2}.sock; }`,
      '  if ($a ~* "^x") { return 403; }',
      '  set $v ${host}x;',
      i % 7 === 3 ? '  root /broken' : '  root /ok;',
      '}',
    ].join('\n');
  return Array.from({ length: 120 }, (_, i) => server(i)).join('\n') + '\n';
}

describe('equivalence: whole parse, statement by statement, and the shape cache', () => {
  it('synthetic inputs', () => {
    expect(synthetic.length).toBeGreaterThan(50);
    // Every input, so one disagreement does not hide the next; each is named by its text.
    const failures: string[] = [];
    for (const [i, text] of synthetic.entries()) {
      try {
        expectEquivalent(`synthetic-${i}.conf`, text);
      } catch (error) {
        failures.push(`${JSON.stringify(text)}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a large synthetic file (segmented with the default limits too)', () => {
    const text = largeSynthetic();
    expect(text.length).toBeGreaterThan(16 * 1024);
    const file = parseNginx(createSourceFile('large.conf', text));
    expect(file.directives).toHaveLength(120);
    expect(file.comments).toHaveLength(120);
    expect(errors(file)).toHaveLength(17);
    expectEquivalent('large.conf', text);
  });

  it('the fixtures of test/fixtures/nginx-parse and test/fixtures/nginx-syntax', () => {
    for (const dir of [fixturesDir, join(projectRoot, 'test/fixtures/nginx-syntax')]) {
      for (const path of walk(dir).filter((p) => p.endsWith('.conf'))) expectEquivalent(path, readFileSync(path, 'utf8'));
    }
  });

  describe.skipIf(!hasCorpus)('every nginx file of the shared corpus', () => {
    it('parses the same either way', () => {
      const files = corpusNginxFiles();
      expect(files.length).toBeGreaterThan(50);
      for (const path of files) expectEquivalent(relative(corpusDir, path), readFileSync(path, 'utf8'));
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The shape cache (src/nginx/shape-cache.ts) builds a statement from an earlier statement of the
// same shape instead of matching it. Its claim: inside a statement with no block and no Lua the
// grammar never tells letters, digits, `.`, `_`, `-`, `/` and `:` apart. Each input below is
// rewritten with every run of those characters replaced by another random run (so every
// statement has the shape of one already parsed), and the rewrite parsed with the cache must
// equal the rewrite matched by the grammar statement by statement.

/** `text` with every run of the cache's run characters replaced by a random run of 1-12 of them. */
function rerun(text: string, next: (n: number) => number): string {
  return rewriteRuns(text, isRunChar, [...RUN_CHARACTERS], 12, next);
}


function expectShapeCacheAgrees(path: string, text: string, seed: number) {
  const cache = new ShapeCache();
  const next = seededBelow(seed);
  // Seed the cache with the original, then parse two rewrites with it.
  parseNginx(createSourceFile(path, text), { chunkChars: 1 }, cache);
  for (let round = 0; round < 2; round++) {
    const variant = rerun(text, next);
    const cached = shape(parseNginx(createSourceFile(path, variant), { chunkChars: 1 }, cache));
    const matched = shape(parseNginx(createSourceFile(path, variant), { chunkChars: 1 }, null));
    expect(cached, `${path}, rewritten with seed ${seed}: the shape cache differs from the grammar`).toEqual(matched);
  }
}

/** Statements mixing runs with every character the grammar treats specially. */
function generatedStatements(count: number, seed: number): string {
  const next = seededBelow(seed);
  const pieces = ['a', 'bc', '80', 'x.y', '/p/', ' ', ' ', '\t', '"', "'", '$', '${', '{', '}', '\\', '#', '(', ')', '%', '{{', '}}', '{%', '%}', '^', '~', '*', '=', '@', ',', '|', '<%', '\r\n', 'é', '😀', '\n'];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const tokens = Array.from({ length: 1 + next(6) }, () => pieces[next(pieces.length)]);
    lines.push(`a${tokens.join('')};`);
  }
  return lines.join('\n');
}

/**
 * Parses `text` into a new cache, then two rewrites of it with that cache and with none: they
 * must agree. Gives the cache's hits (as `hitsOf` counts them) on the rewrites.
 */
function rewritesAgree(label: string, text: string, rewrite: () => string, hitsOf: (cache: ShapeCache) => number): number {
  const cache = new ShapeCache();
  parseNginx(createSourceFile(label, text), { chunkChars: 1 }, cache);
  let hits = 0;
  for (let round = 0; round < 2; round++) {
    const variant = rewrite();
    const before = hitsOf(cache);
    const cached = shape(parseNginx(createSourceFile(label, variant), { chunkChars: 1 }, cache));
    hits += hitsOf(cache) - before;
    const matched = shape(parseNginx(createSourceFile(label, variant), { chunkChars: 1 }, null));
    expect(cached, `${label}, round ${round}: ${JSON.stringify(variant)}`).toEqual(matched);
  }
  return hits;
}

describe('the shape cache builds what the grammar builds', () => {
  it('character classes: the tables shapeKey reads say what isRunChar and isGapRunChar say', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const inTable = (t: CharacterClass) => (c < 128 ? t.ascii[c] === 1 : t.nonAscii);
      if (inTable(STATEMENT_RUNS) !== isRunChar(c)) throw new Error(`statement runs disagree at U+${c.toString(16)}`);
      if (inTable(GAP_RUNS) !== isGapRunChar(c)) throw new Error(`gap runs disagree at U+${c.toString(16)}`);
    }
  });

  it('folds exactly RUN_CHARACTERS into runs', () => {
    const folded: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isRunChar(c)) folded.push(String.fromCharCode(c));
    expect(folded.sort().join('')).toBe([...RUN_CHARACTERS].sort().join(''));
  });

  it('synthetic inputs, rewritten', () => {
    const failures: string[] = [];
    for (const [i, text] of synthetic.entries()) {
      try {
        expectShapeCacheAgrees(`synthetic-${i}.conf`, text, i + 1);
      } catch (error) {
        failures.push(`${JSON.stringify(text)}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('generated statements around every special character, rewritten', () => {
    for (let seed = 1; seed <= 40; seed++) expectShapeCacheAgrees(`generated-${seed}.conf`, generatedStatements(60, seed), seed);
  });

  it('the fixtures and a large file, rewritten', () => {
    expectShapeCacheAgrees('large.conf', largeSynthetic(), 7);
    for (const dir of [fixturesDir, join(projectRoot, 'test/fixtures/nginx-syntax')]) {
      for (const [i, path] of walk(dir).filter((p) => p.endsWith('.conf')).entries()) expectShapeCacheAgrees(path, readFileSync(path, 'utf8'), i + 100);
    }
  });

  it('hits: a statement of a known shape is not matched again', () => {
    const cache = new ShapeCache();
    parseNginx(createSourceFile('a.conf', 'listen 80;\nserver_name a.example.com;\n'), { chunkChars: 1 }, cache);
    // `listen 80;` and `server_name a.example.com;` are one shape, `a a;`: the second is a hit.
    expect(cache.hits).toBe(1);
    const file = parseNginx(createSourceFile('b.conf', 'listen 8080;\nserver_name shop.example.org;\n'), { chunkChars: 1 }, cache);
    expect(cache.hits).toBe(3);
    expect(tree(file)).toEqual(['"listen"@1:1-1:7 "8080"@1:8-1:12', '"server_name"@2:1-2:12 "shop.example.org"@2:13-2:29']);
  });

  it('blocks: a block of a known shape is built whole, comments included; one with Lua inside never is', () => {
    const cache = new ShapeCache();
    const site = (name: string, port: number) => `server {\n  listen ${port}; # ${name}\n  location / { uwsgi_pass unix:/run/${name}.sock; }\n}\n`;
    // A block's tree is kept from the second block of its shape on, and built from the third.
    parseNginx(createSourceFile('a.conf', site('a', 80)), { chunkChars: 1 }, cache);
    parseNginx(createSourceFile('a2.conf', site('b', 81)), { chunkChars: 1 }, cache);
    expect(cache.blockHits).toBe(0);
    const text = site('shop', 8080);
    const file = parseNginx(createSourceFile('b.conf', text), { chunkChars: 1 }, cache);
    expect(cache.blockHits).toBe(1);
    expect(shape(file)).toEqual(shape(parseNginx(createSourceFile('b.conf', text), { chunkChars: 1 }, null)));
    expect(file.comments.map((c) => c.text)).toEqual([' shop']);
    // `content_by_lua_block` folds like `content_by_lua_blocks`, but its body is Lua: the scanner
    // says so, and the block is parsed, not built from the template of the same shape.
    const notLua = 'server {\n  listen 80; # x\n  content_by_lua_blocks { uwsgi_pass unix:/run/x.sock; }\n}\n';
    parseNginx(createSourceFile('c.conf', notLua), { chunkChars: 1 }, cache);
    parseNginx(createSourceFile('c.conf', notLua), { chunkChars: 1 }, cache);
    expect(cache.blockHits).toBe(1);
    parseNginx(createSourceFile('c.conf', notLua), { chunkChars: 1 }, cache);
    expect(cache.blockHits).toBe(2);
    const lua = 'server {\n  listen 80; # x\n  content_by_lua_block { uwsgi_pass unix:/run/x.sock; }\n}\n';
    const parsed = parseNginx(createSourceFile('c.conf', lua), { chunkChars: 1 }, cache);
    expect(cache.blockHits).toBe(2);
    expect(shape(parsed)).toEqual(shape(parseNginx(createSourceFile('c.conf', lua), { chunkChars: 1 }, null)));
    expect(parsed.directives[0].block?.[1].rawBody?.text).toBe(' uwsgi_pass unix:/run/x.sock; ');
  });

  it('blocks: a size of block that never repeats stops being looked up, and a later run of repeats is still found', () => {
    const cache = new ShapeCache();
    // 128 location blocks of one size class and 128 shapes (each bit of i adds a statement of its own form).
    // Forms of different punctuation: letters, digits and `._-/:` fold, the rest makes the shape.
    const forms = ['return 204;', 'add_header A "b";', 'try_files $uri =404;', "set $x 'y';", 'rewrite ^ /;', 'expires @1d;', 'index  i.html;'];
    const unique = Array.from({ length: 128 }, (_, i) => `location /u${i} { ${forms.filter((_, b) => i & (1 << b)).join(' ')} gzip off; }`);
    const repeated = Array.from({ length: 64 }, (_, i) => `location /r${i} { deny all; root /srv; expires 1d; add_header A "b"; }`);
    const text = `server {\n${[...unique, ...repeated].join('\n')}\n}\n`;
    const file = parseNginx(createSourceFile('s.conf', text), {}, cache);
    // Past the first lookups the unique blocks' class is probed one in 16: the repeats are found.
    expect(cache.blockHits).toBeGreaterThan(0);
    expect(cache.blockHits).toBeLessThan(62);
    expect(shape(file)).toEqual(shape(parseNginx(createSourceFile('s.conf', text), {}, null)));
  });

  it('gaps: comments between statements, rewritten with every character a gap does not tell apart', () => {
    // Runs of isGapRunChar characters after a `#` (comment text, `{# #}` bodies) rewritten at
    // random, with characters that matter elsewhere; the comments' places come from the cache.
    const alphabet = [...'ab9;"\'$\\=:/é€😀()[]~!'];
    const regap = (text: string, next: (n: number) => number) =>
      text
        .split('\n')
        .map((line) => {
          const hash = line.indexOf('#');
          if (hash === -1) return line;
          return line.slice(0, hash + 1) + rewriteRuns(line.slice(hash + 1), isGapRunChar, alphabet, 8, next);
        })
        .join('\n');
    const pieces = [' ', '\t', '\n', '\r\n', '# note', '#', '# {% x %}', '{# c #}', '{% if x %}', '#}', '%}', '{#', 'x;', 'a b;', '"q";'];
    const inputs = [...synthetic, largeSynthetic()];
    for (let seed = 1; seed <= 30; seed++) {
      const next = seededBelow(seed);
      inputs.push(Array.from({ length: 40 }, () => `a${next(9)};` + Array.from({ length: 1 + next(4) }, () => pieces[next(pieces.length)]).join('')).join('\n'));
    }
    let hits = 0;
    for (const [i, text] of inputs.entries()) {
      const cache = new ShapeCache();
      const next = seededBelow(i + 500);
      parseNginx(createSourceFile(`gaps-${i}.conf`, text), { chunkChars: 1 }, cache);
      const variant = regap(text, next);
      const before = cache.gapHits;
      const cached = shape(parseNginx(createSourceFile(`gaps-${i}.conf`, variant), { chunkChars: 1 }, cache));
      hits += cache.gapHits - before;
      const matched = shape(parseNginx(createSourceFile(`gaps-${i}.conf`, variant), { chunkChars: 1 }, null));
      expect(cached.comments, `input ${i}, rewritten: comments differ from the grammar's`).toEqual(matched.comments);
      expect(cached, `input ${i}, rewritten`).toEqual(matched);
    }
    expect(hits).toBeGreaterThan(50);
  });

  it('strings: the whole text of each quoted string rewritten, where nothing else in the statement can make it more than a string', () => {
    // shapeKey folds a string's text into one character in a statement without `#`, `\\`, `}`,
    // `%`, `<`, `@` and `{` (but a block head's own): rewrite the texts at random and compare.
    // Now and then a character that keeps the statement's strings from folding (a template mark
    // such as `@HOST@` or `{{ x }}`, a `#`, a `\\`): those statements must parse alike all the same.
    const inside = [...'ab Z9 \t;=$,!()|~*^.:/é😀', '\n', '\r\n', ...'ab Z9 ;=$,!()|~*^.:/', '@ab@', '@a b@', '{{ x }}', '{%', '%}', '<%', '#', '\\', '}'];
    const text = (quote: string, next: (n: number) => number) =>
      Array.from({ length: next(10) }, () => inside[next(inside.length)]).join('') + (next(4) === 0 ? (quote === '"' ? "'" : '"') : '');
    const token = (next: (n: number) => number) => {
      const quote = next(2) === 0 ? '"' : "'";
      // Now and then a quote inside a word: not a string, whatever follows it.
      if (next(5) === 0) return 'x' + quote + text(quote, next).replace(/["']/g, '') + quote;
      return next(3) === 0 ? ['x', 'a.b', '$v', 'a"b', "it's", '=404'][next(6)] : quote + text(quote, next) + (next(15) === 0 ? '' : quote);
    };
    const statement = (next: (n: number) => number) => {
      const words = ['add_header', ...Array.from({ length: 1 + next(3) }, () => token(next))];
      const sep = () => [' ', '  ', '\t', '\n  '][next(4)];
      return next(4) === 0 ? `if (${words.join(sep())}) {\n  return 403;\n}` : words.join(sep()) + (next(10) === 0 ? ' #c' : ';');
    };
    let hits = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const next = seededBelow(seed + 1300);
      const lines = Array.from({ length: 30 }, () => statement(next));
      const original = lines.join('\n');
      // The same statements with the text between every two quotes drawn again, strings and
      // quotes inside words alike (only a string's text may fold).
      const rewrite = () => original.replace(/(["'])([^"'\n]*)\1/g, (_all, quote: string) => quote + text(quote, next).replace(/["']/g, '') + quote);
      hits += rewritesAgree(`strings-${seed}.conf`, original, rewrite, (cache) => cache.hits);
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('gaps: the whole text of a comment and the length of each run of blanks, rewritten', () => {
    // gapKey folds a comment's text up to its line end into one character (a `\r` just before the
    // line end stays), and each run of spaces and tabs into one: rewrite both at random, with
    // the characters that matter elsewhere (`{`, `%`, `#`, quotes, a `\r` inside), and compare.
    const alphabet = [...'ab {}%#"\'\t\r;é😀', '{#', '#}', '{%', '%}'];
    const rewrite = (text: string, next: (n: number) => number) =>
      text
        .replace(/[ \t]+/g, () => [' ', '\t', '  ', ' \t ', '    '][next(5)])
        .split('\n')
        .map((line) => {
          const hash = line.indexOf('#');
          if (hash === -1) return line;
          const cr = line.endsWith('\r') ? '\r' : '';
          return line.slice(0, hash + 1) + Array.from({ length: next(12) }, () => alphabet[next(alphabet.length)]).join('') + cr;
        })
        .join('\n');
    const pieces = [' ', '\t', '  ', '\n', '\r\n', '# note', '#', '#\r', '# a b\r', '# {% x %}', '{# c #}', '{% if x %}', '#}', '%}', '{#', 'x;', 'a b;', '"q";'];
    let hits = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = seededBelow(seed + 900);
      const text = Array.from({ length: 40 }, () => `a${next(9)};` + Array.from({ length: 1 + next(4) }, () => pieces[next(pieces.length)]).join('')).join('\n');
      hits += rewritesAgree(`comments-${seed}.conf`, text, () => rewrite(text, next), (cache) => cache.gapHits);
    }
    expect(hits).toBeGreaterThan(200);
  });

  describe.skipIf(!hasCorpus)('broken corpus files', () => {
    // The default parse (every block split, one shape cache across all files) against one grammar
    // match per top-level statement without the cache, on typing slips and random splices.
    const grammarAlone = (path: string, text: string) => shape(parseNginx(createSourceFile(path, text), { chunkChars: Number.MAX_SAFE_INTEGER }, null));
    const PIECES = ['{', '}', ';', '"', "'", '#', '\\', '$', '${', '\n', '\r\n', '\t', 'é', '😀', ' ', 'a', '_by_lua_block {', '{{ x }}', '{% if %}', '{#', '#}', '%}', '(', ')', 'if (', 'location ~ ^/a {'];

    it('builds the same tree as the grammar alone for every mutant', () => {
      const cache = new ShapeCache();
      const failures: string[] = [];
      for (const path of corpusNginxFiles()) {
        for (const m of mutate(readFileSync(path, 'utf8'), { perKind: 6, seed: 7 })) {
          const label = `${relative(corpusDir, path)}: ${m.description}`;
          if (!isDeepStrictEqual(shape(parseNginx(createSourceFile(path, m.text), {}, cache)), grammarAlone(path, m.text))) failures.push(label);
        }
      }
      expect(failures).toEqual([]);
    });

    it('builds the same tree as the grammar alone for random splices', () => {
      const cache = new ShapeCache();
      const next = seededBelow(99);
      const failures: string[] = [];
      for (const path of corpusNginxFiles()) {
        const original = readFileSync(path, 'utf8');
        for (let k = 0; k < 12; k++) {
          let text = original;
          for (let edits = 1 + next(4); edits > 0; edits--) {
            const at = next(text.length + 1);
            text = text.slice(0, at) + PIECES[next(PIECES.length)] + text.slice(at + next(3));
          }
          if (!isDeepStrictEqual(shape(parseNginx(createSourceFile(path, text), {}, cache)), grammarAlone(path, text))) failures.push(`${relative(corpusDir, path)}: splice ${k}`);
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe.skipIf(!hasCorpus)('every nginx file of the shared corpus', () => {
    it('builds the same tree when rewritten', () => {
      for (const [i, path] of corpusNginxFiles().entries()) expectShapeCacheAgrees(relative(corpusDir, path), readFileSync(path, 'utf8'), i + 1000);
    });
  });
});

describe.skipIf(!hasCorpus)('corpus: every nginx file parses with no syntax error', () => {
  it('has no nginx/syntax diagnostic in any file (Jinja templates included)', () => {
    const offending: string[] = [];
    for (const path of corpusNginxFiles()) {
      const file = parseNginx(createSourceFile(path, readFileSync(path, 'utf8')));
      for (const d of nginxDiagnostics(file.problems).filter((x) => x.ruleId === 'nginx/syntax')) {
        offending.push(`${relative(corpusDir, path)}:${at(file, d.span.start, d.span.end)}: ${d.message}`);
      }
    }
    if (offending.length > 0) console.error(offending.join('\n'));
    expect(offending).toEqual([]);
  });
});

describe('fixtures of test/fixtures/nginx-parse', () => {
  // Each fixture is a realistic file; its expected tree is checked by hand in its first lines.
  it('uwsgi-site.conf: a site with a Lua block, a map and a templated line parses cleanly', () => {
    const path = join(fixturesDir, 'uwsgi-site.conf');
    const file = parseNginx(createSourceFile(path, readFileSync(path, 'utf8')));
    expect(errors(file)).toEqual([]);
    expect(file.context).toBe('http');
    expect(file.directives.map((d) => d.name)).toEqual(['map', 'upstream', 'server']);
    const server = file.directives[2];
    const names = server.block!.map((d) => d.name);
    expect(names).toEqual(['listen', 'server_name', 'location', 'location', 'location']);
    const app = server.block![2];
    expect(tree(file, [app])).toEqual([
      '"location"@12:5-12:13 "/"@12:14-12:15 {',
      '  "include"@13:9-13:16 "uwsgi_params"@13:17-13:29',
      '  "uwsgi_pass"@14:9-14:19 "app"@14:20-14:23',
      '  "uwsgi_param"@15:9-15:20 "HTTP_X_UPGRADE"@15:21-15:35 "$connection_upgrade"@15:36-15:55',
    ]);
  });
});
