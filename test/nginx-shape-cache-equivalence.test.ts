// The shape cache (src/nginx/shape-cache.ts) must not change what a parse gives: with the cache
// on and off, and against one grammar match per top-level statement, every generated file must
// get the same tree, comments, context, problems and the words the rules give those problems.
// The inputs are whole files drawn from a seeded random source (a failure names its seed):
// blocks, quotes, escapes, comments, tabs, CRLF, a BOM, non-ASCII text, variables, templates,
// Lua blocks and broken statements, with shapes that repeat so the cache is hit. The property of
// the grammar this rests on is written at the top of grammars/nginx.ohm. No ../shared needed.
import { describe, expect, it } from 'vitest';
import type { NginxFile } from '../src/nginx/ast.js';
import { parseNginx } from '../src/nginx/parse.js';
import { ShapeCache } from '../src/nginx/shape-cache.js';
import { isRunChar, RUN_CHARACTERS } from '../src/nginx/shape-key.js';
import { createSourceFile } from '../src/source.js';
import { nginxDiagnostics, plainProblem } from './support/problems.js';
import { seededBelow } from './support/random.js';
import { plainDirective } from './support/plain-tree.js';
import { rewriteRuns } from './support/rewrite-runs.js';

type Draw = (n: number) => number;

const pick = <T>(next: Draw, items: readonly T[]): T => items[next(items.length)];

const NAMES = ['listen', 'server_name', 'root', 'set', 'return', 'rewrite', 'add_header', 'proxy_pass', 'uwsgi_pass', 'include', 'error_page', 'access_log', 'x', 'a_b-c'];
const WORDS = ['80', '8080', 'a.example.com', '/var/www', 'unix:/run/app.sock', 'http://127.0.0.1:8000/', 'on', 'off', '301', '^/old/(.*)$', '/new/$1', 'permanent', '~*', '\\.php$', '-', 'X-Frame-Options'];
const VARIABLES = ['$host', '$request_uri', '${host}x', '$1', '$arg_a', 'a$b', '$', '${', '${x'];
const QUOTED = ['"a b"', '"x\\"y"', "'single'", '"$host$uri"', '"tab\there"', '"é😀"', '"#not a comment"', '"{ }"', "'it\\'s'", '""', '"a;b"', '"\\\\"'];
const NON_ASCII = ['é', 'ü.example.com', '中文', '😀', 'Ω'];
const TEMPLATES = ['{{ port }}', '{{ x }}y', '${PORT}', '@HOST@', '{% if ssl %}', '{# note #}'];
const COMMENTS = ['# comment', '#', '# {', '# }', '# "quote', '# é😀', '#\ttab'];
// What nginx refuses, as slips in a statement.
const BROKEN = ['"unterminated', "'unterminated", '"x"y', '{', '}', ';', '\\'];
const BLOCK_NAMES = ['server', 'location /', 'location ~ ^/a', 'if ($a)', 'http', 'events', 'upstream app', 'types', 'map $a $b', 'limit_except GET'];

function word(next: Draw): string {
  switch (next(6)) {
    case 0:
      return pick(next, VARIABLES);
    case 1:
      return pick(next, QUOTED);
    case 2:
      return pick(next, NON_ASCII);
    case 3:
      return pick(next, TEMPLATES);
    default:
      return pick(next, WORDS);
  }
}

/** One line of a file: a statement, a block, a comment, a template tag or a slip. */
function statement(next: Draw, depth: number, eol: string, indent: string): string {
  const blank = () => pick(next, [' ', ' ', '  ', '\t', ' \t']);
  const roll = next(100);
  if (roll < 8) return indent + pick(next, COMMENTS);
  if (roll < 11) return indent + pick(next, TEMPLATES);
  if (roll < 14) return indent + pick(next, ['}', ';', '{ x; }', 'a "b";c;']);
  if (roll < 30 && depth < 3) {
    const inner = Array.from({ length: next(5) }, () => statement(next, depth + 1, eol, indent + pick(next, ['  ', '\t', '    ']))).join(eol);
    // Now and then a block left open at the end of the file, or closed on its own line's end.
    const close = next(20) === 0 ? '' : `${eol}${indent}}`;
    return `${indent}${pick(next, BLOCK_NAMES)}${blank()}{${next(3) === 0 ? ` ${pick(next, COMMENTS)}` : ''}${eol}${inner}${close}`;
  }
  if (roll < 33) return `${indent}content_by_lua_block { ngx.say("}") -- }${eol}${indent}}`;
  const words = [pick(next, NAMES), ...Array.from({ length: next(4) }, () => word(next))];
  if (next(12) === 0) words.splice(1 + next(words.length), 0, pick(next, BROKEN));
  // Now and then no `;` (nginx: "unexpected ..."), or a comment after it.
  const end = next(15) === 0 ? '' : ';';
  const trailer = next(8) === 0 ? ` ${pick(next, COMMENTS)}` : '';
  return indent + words.join(blank()) + end + trailer;
}

/** A whole file from `seed`: its line ends, a BOM or not, and statements that repeat shapes. */
function generatedFile(seed: number): string {
  const next = seededBelow(seed);
  const eol = pick(next, ['\n', '\n', '\r\n']);
  const bom = next(6) === 0 ? '\uFEFF' : '';
  const lines = Array.from({ length: 5 + next(30) }, () => statement(next, 0, eol, ''));
  // A mixed line end now and then, and a file that ends without one.
  const text = lines.map((line) => line + (next(10) === 0 ? pick(next, ['\r\n', '\n', '\n\n', '  \n']) : eol)).join('');
  return bom + (next(4) === 0 ? text.trimEnd() : text);
}


/** Everything a parse gives, as plain data, with the problems both as facts and as the rules word them. */
function outcome(file: NginxFile) {
  return {
    directives: file.directives.map(plainDirective),
    comments: file.comments,
    context: file.context,
    names: [...file.names].sort(),
    includes: file.includes.map((d) => d.start),
    problems: file.problems.map(plainProblem),
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

const cacheOff = (path: string, text: string) => outcome(parseNginx(createSourceFile(path, text), {}, null));
const grammarAlone = (path: string, text: string) => outcome(parseNginx(createSourceFile(path, text), { chunkChars: Number.MAX_SAFE_INTEGER }, null));

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

describe('the shape cache on and off give the same parse', () => {
  it('generated files: cold cache, warm cache and rewritten words, against the cache off and the grammar alone', () => {
    const cache = new ShapeCache();
    const failures: string[] = [];
    const seen = new Set<string>();
    let problems = 0;
    for (const seed of SEEDS) {
      const path = `generated-${seed}.conf`;
      const text = generatedFile(seed);
      const variant = rewriteRuns(text, isRunChar, [...RUN_CHARACTERS], 10, seededBelow(seed + 10_000));
      const off = cacheOff(path, text);
      const checks: [string, unknown, unknown][] = [
        ['cache off vs grammar alone', off, grammarAlone(path, text)],
        ['cold cache', outcome(parseNginx(createSourceFile(path, text), {}, new ShapeCache())), off],
        ['shared cache', outcome(parseNginx(createSourceFile(path, text), {}, cache)), off],
        ['shared cache, again', outcome(parseNginx(createSourceFile(path, text), {}, cache)), off],
        ['rewritten words', outcome(parseNginx(createSourceFile(path, variant), {}, cache)), cacheOff(path, variant)],
      ];
      for (const [what, got, want] of checks) {
        try {
          expect(got).toEqual(want);
        } catch (error) {
          failures.push(`seed ${seed}, ${what}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      problems += off.problems.length;
      for (const p of off.problems as { kind: string; error?: string }[]) seen.add(p.error ? `${p.kind}:${p.error}` : p.kind);
    }
    expect(failures).toEqual([]);
    // The draw reaches what it is meant to: the cache is used, and broken input is among it.
    expect(cache.hits).toBeGreaterThan(500);
    expect(cache.blockHits).toBeGreaterThan(10);
    expect(cache.gapHits).toBeGreaterThan(10);
    expect(problems).toBeGreaterThan(SEEDS.length / 2);
    expect([...seen].sort()).toEqual(expect.arrayContaining(['bom', 'syntax:unexpected', 'syntax:unexpected-end']));
  });

  it('the generator draws what it says it draws', () => {
    const all = SEEDS.map(generatedFile).join('');
    for (const piece of ['\r\n', '\t', '\uFEFF', 'é', '😀', '$host', '"x\\"y"', '# comment', '{{ port }}', '_by_lua_block', 'location', '"unterminated']) {
      expect(all, `no ${JSON.stringify(piece)} in the generated files`).toContain(piece);
    }
  });

  it('a cache filled by one file does not leak into another of other words', () => {
    // Same shapes, other words: each parse must carry its own text's words and offsets.
    const cache = new ShapeCache();
    const a = 'server {\n  listen 80;\n  server_name a.example.com;\n  root /srv/a;\n}\n';
    const b = 'server {\n  listen 8443;\n  server_name shop.example.org;\n  root /var/www/b;\n}\n';
    // Twice: a block's tree is kept from the second block of its shape on.
    parseNginx(createSourceFile('a.conf', a), {}, cache);
    parseNginx(createSourceFile('a.conf', a), {}, cache);
    const fromCache = parseNginx(createSourceFile('b.conf', b), {}, cache);
    expect(cache.blockHits).toBe(1);
    expect(outcome(fromCache)).toEqual(cacheOff('b.conf', b));
    expect(fromCache.directives[0].block?.map((d) => d.args.map((w) => w.value))).toEqual([['8443'], ['shop.example.org'], ['/var/www/b']]);
  });
});
