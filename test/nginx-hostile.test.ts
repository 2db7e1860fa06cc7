// Hostile input: the parser must never throw, hang or run out of memory, and must say why it
// stopped. Each case returns diagnostics within vitest's per-test timeout (generous on purpose:
// the guard is against hangs and blow-ups, not a benchmark).
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/lint.js';
import type { NginxFile } from '../src/nginx/ast.js';
import { parseNginx, type NginxParseLimits } from '../src/nginx/parse.js';
import { createSourceFile } from '../src/source.js';
import { seeded } from './support/random.js';
import { nginxDiagnostics } from './support/problems.js';

// Generous: the suite may share a loaded machine; a hang or blow-up still fails it.
const TIMEOUT = 60_000;

function parse(text: string | Uint8Array, limits?: Partial<NginxParseLimits>): NginxFile {
  return parseNginx(createSourceFile('hostile.conf', text), limits);
}

function syntaxMessages(file: NginxFile): string[] {
  return nginxDiagnostics(file.problems).filter((d) => d.ruleId === 'nginx/syntax').map((d) => d.message);
}

/** Every diagnostic as [rule, message, start offset]: what a case must report, and where. */
function reported(file: NginxFile): [string, string, number][] {
  return nginxDiagnostics(file.problems).map((d) => [d.ruleId, d.message, d.span.start]);
}

const EOF_EXPECTING = 'unexpected end of file, expecting ";" or "}"';
const TOO_MANY = 'more than 100 syntax errors: the rest of the file is not checked (nginx stops at the first); fix the first ones and lint again';
const TOO_DEEP = 'blocks nested more than 100 deep: the rest of the file is not parsed';
/** nginx/limit's message for a statement of `chars` characters named `name`. */
const overLimit = (name: string, chars: number) =>
  `this \`${name}\` statement is ${chars} characters long, over the 1048576-character limit of this linter: it is not checked (nginx itself reads statements of any length; \`nginx -t\` checks it). The rest of the file is checked`;
/** One `unexpected """` at every other offset from `first`: a quote right after an empty string. */
const strayQuotes = (first: number, count: number): [string, string, number][] => Array.from({ length: count }, (_, i) => ['nginx/syntax', 'unexpected """', first + 2 * i]);

describe('random input', () => {
  it('random bytes (seeded) never throw', () => {
    const next = seeded(0x5eed);
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(next() * 4096) }, () => Math.floor(next() * 256));
      const file = parse(bytes);
      expect(Array.isArray(file.problems)).toBe(true);
    }
  }, TIMEOUT);

  // Random text over nginx's meaningful characters, with no NUL so that it is really parsed; the
  // statement-by-statement parse must agree with the whole-file parse on every one.
  it('random nginx-ish text (seeded) never throws, and chunkChars 1 agrees with a whole parse', () => {
    const pieces = ['a', 'b', ' ', ' ', '\n', '\t', '\r\n', ';', '{', '}', '"', "'", '\\', '#', '$', '${', '{{', '}}', '{%', '%}', 'é', '😀', 'server', 'listen 80;', 'location / {', '}', '-- }', '\u0001'];
    const next = seeded(20240611);
    const mismatches: string[] = [];
    for (let i = 0; i < 400; i++) {
      const text = Array.from({ length: Math.floor(next() * 60) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      const whole = parse(text);
      const split = parse(text, { chunkChars: 1 });
      const shape = (f: NginxFile) => JSON.stringify({
        // `templated` is a memo (isTemplated), filled in early by the shape cache: not syntax.
        tree: JSON.parse(JSON.stringify(f.directives, (k, v) => (k === 'source' || k === 'included' || k === 'templated' ? undefined : v))),
        comments: f.comments,
        diagnostics: nginxDiagnostics(f.problems).map((d) => [d.ruleId, d.message, d.span.start, d.span.end]),
      });
      if (shape(whole) !== shape(split)) mismatches.push(JSON.stringify(text));
    }
    expect(mismatches).toEqual([]);
  }, TIMEOUT);
});

describe('pathological files', () => {
  it('NUL bytes: a diagnostic, not parsed', () => {
    const file = parse('server {\n  listen 80;\0\0\0\n}\n');
    expect(file.directives).toEqual([]);
    const diagnostics = nginxDiagnostics(file.problems);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toMatch(/NUL/);
    expect(diagnostics[0].span.start).toBe(21);
  }, TIMEOUT);

  it('50,000 nested "{" after a name: the depth diagnostic', () => {
    const file = parse('a {'.repeat(50_000));
    expect(syntaxMessages(file)).toContainEqual(expect.stringMatching(/nested more than 100 deep/));
  }, TIMEOUT);

  it('50,000 bare "{"', () => {
    const file = parse('{'.repeat(50_000));
    expect(reported(file)).toEqual([['nginx/syntax', TOO_DEEP, 100]]);
  }, TIMEOUT);

  it('200,000 "}"', () => {
    const file = parse('}'.repeat(200_000));
    expect(file.directives).toEqual([]);
    expect(syntaxMessages(file)[0]).toBe('unexpected "}"');
  }, TIMEOUT);

  it('a single 2 MB word', () => {
    const file = parse('a'.repeat(2 * 1024 * 1024));
    expect(reported(file)).toEqual([
      ['nginx/limit', overLimit('a'.repeat(256), 2 * 1024 * 1024), 0],
      ['nginx/syntax', 'too long parameter "aaaaaaaaaa..." started', 0],
      ['nginx/syntax', EOF_EXPECTING, 2 * 1024 * 1024],
    ]);
  }, TIMEOUT);

  it('a 2 MB word inside a block, then more statements', () => {
    const file = parse(`server {\n  root ${'a'.repeat(2 * 1024 * 1024)};\n}\nlisten 80;\n`);
    expect(reported(file)).toEqual([
      ['nginx/limit', overLimit('root', 2 * 1024 * 1024 + 6), 11],
      ['nginx/syntax', 'too long parameter "aaaaaaaaaa..." started', 16],
    ]);
    expect(file.directives.map((d) => d.name)).toContain('listen');
  }, TIMEOUT);

  it('3 MB of "a " tokens with no ";"', () => {
    const file = parse('a '.repeat(1_500_000));
    expect(reported(file)).toEqual([
      ['nginx/limit', overLimit('a', 3_000_000), 0],
      ['nginx/syntax', EOF_EXPECTING, 3_000_000],
    ]);
  }, TIMEOUT);

  it('100,000 \'"\' characters', () => {
    const file = parse('"'.repeat(100_000));
    // Past 100 syntax errors the rest is not parsed (nginx stops at the first).
    expect(reported(file)).toEqual([...strayQuotes(2, 100), ['nginx/syntax', TOO_MANY, 202]]);
  }, TIMEOUT);

  it('a directive then 100,000 \'"\' characters', () => {
    const file = parse(`return 200 ${'"'.repeat(100_001)};`);
    expect(reported(file)).toEqual([...strayQuotes(13, 100), ['nginx/syntax', TOO_MANY, 213]]);
  }, TIMEOUT);

  it.each([['}'], [';'], ['{}']])('200,000 stray "%s": the first 100 errors, then one line that the rest is not checked', (stray) => {
    const file = parse(stray.repeat(200_000));
    const found = reported(file);
    expect(found).toHaveLength(101);
    expect(found[100]).toEqual(['nginx/syntax', TOO_MANY, expect.any(Number)]);
    expect(file.directives).toEqual([]);
  }, TIMEOUT);

  it('an unterminated Lua block with 250 KB of Lua', () => {
    const file = parse(`content_by_lua_block {\n${'local t = { "}" } -- {\n'.repeat(11_000)}`);
    expect(syntaxMessages(file)).toContainEqual(expect.stringMatching(/unexpected end of file, expecting "}"|over the .* limit/));
  }, TIMEOUT);

  it('1 MB of "{{"', () => {
    const file = parse('{{'.repeat(512 * 1024));
    expect(reported(file)).toEqual([['nginx/syntax', TOO_DEEP, 100]]);
  }, TIMEOUT);

  it('1 MB of "{{ x }}" templates as tokens with no ";"', () => {
    const file = parse('{{ x }} '.repeat(128 * 1024));
    expect(reported(file)).toEqual([['nginx/syntax', EOF_EXPECTING, 1024 * 1024]]);
  }, TIMEOUT);

  it('20,000 distinct statements in one block', () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `  set $v${i} ${i};`).join('\n');
    const file = parse(`http {\n${body}\n}\n`);
    expect(file.problems).toEqual([]);
    expect(file.directives[0].block).toHaveLength(20_000);
  }, TIMEOUT);

  it('a file over the size limit is not parsed, with a diagnostic', () => {
    const file = parse('listen 80;\n'.repeat(200), { maxFileBytes: 1024 });
    expect(file.directives).toEqual([]);
    expect(syntaxMessages(file)).toEqual([expect.stringMatching(/over the .* limit: not parsed/)]);
  }, TIMEOUT);

  it('a statement over maxStatementChars is not parsed, and the next one is', () => {
    const file = parse(`root ${'a '.repeat(2500)};\nlisten 80;\n`, { maxStatementChars: 1000 });
    expect(nginxDiagnostics(file.problems).filter((d) => d.ruleId === 'nginx/limit').map((d) => d.message)).toEqual([expect.stringContaining('over the 1000-character limit of this linter: it is not checked')]);
    expect(syntaxMessages(file)).toEqual([]);
    expect(file.directives.map((d) => d.name)).toEqual(['listen']);
  }, TIMEOUT);
});

describe('includes', () => {
  it('100 files in a chain of includes: followed to the depth limit, reported, no throw', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({
      path: `conf/f${i}.conf`,
      text: i < 99 ? `gzip on;\ninclude /etc/nginx/f${i + 1}.conf;\n` : 'gzip off;\n',
      kind: 'nginx' as const,
    }));
    const result = await lintText(inputs, { cwd: '/proj', config: { pathMappings: [{ from: '/etc/nginx', to: 'conf' }] } });
    const deep = result.results.flatMap((f) => f.messages.filter((m) => m.ruleId === 'nginx/include-cycle'));
    // Every 32nd file is where the nesting limit stops the chain from some root file.
    expect(deep.map((m) => [m.line, m.column, m.endColumn, m.message])).toEqual(
      [31, 63, 95].map(() => [2, 9, 28, 'includes nested more than 32 deep: not followed further']),
    );
    expect(result.results.filter((f) => f.messages.some((m) => m.ruleId === 'nginx/include-cycle')).map((f) => f.filePath)).toEqual(['conf/f31.conf', 'conf/f63.conf', 'conf/f95.conf']);
    expect(result.results.flatMap((f) => f.messages).filter((m) => m.ruleId === 'nginx/syntax')).toEqual([]);
  }, TIMEOUT);

  // Each file includes every file of the directory (an include put in the wrong file). The
  // count is kept small because the resolver's time grows with the number of include paths: at
  // 20 files it does not end (out of memory), which a synchronous test could not time out.
  it('7 files all including each other through one glob: each cyclic include reported once', async () => {
    const inputs = Array.from({ length: 7 }, (_, i) => ({ path: `conf/f${i}.conf`, text: 'include /etc/nginx/f*.conf;\n', kind: 'nginx' as const }));
    const result = await lintText(inputs, { cwd: '/proj', config: { pathMappings: [{ from: '/etc/nginx', to: 'conf' }] } });
    const cycles = result.results.flatMap((f) => f.messages.filter((m) => m.ruleId === 'nginx/include-cycle'));
    // One finding per file, on its include, naming the loop back to f0.
    expect(cycles.map((m) => [m.line, m.column, m.endColumn])).toEqual(Array.from({ length: 7 }, () => [1, 9, 27]));
    expect(cycles.map((m) => m.message)).toEqual(
      Array.from({ length: 7 }, (_, i) => {
        const loop = [...Array.from({ length: i + 1 }, (_, j) => `conf/f${j}.conf`), 'conf/f0.conf'].join(' -> ');
        const more = i === 0 ? '' : ` (and ${i} more file${i === 1 ? '' : 's'} of this include close a loop)`;
        return `include cycle: ${loop}${more}; nginx would include these files until it runs out of memory or file descriptors`;
      }),
    );
  }, TIMEOUT);
});

// Names Object.prototype has (`constructor`, `toString`, `__proto__`) written as directives,
// includes, options, placeholders and environment variables: read as the user's own names, never
// as the prototype's (which once made `constructor = 1` a socket and `include toString` a crash).
describe('names that Object.prototype also has', () => {
  const nginx = ['constructor x;', 'include toString;', 'include __proto__;', 'server {', '  listen 80;', '  location / { include uwsgi_params; uwsgi_pass unix:/run/app.sock; }', '}', ''].join('\n');
  const ini = ['[uwsgi]', 'constructor = 1', '__proto__ = 2', 'hasOwnProperty = 3', 'socket = /run/app.sock', 'chdir = $(toString)', 'module = app:application', ''].join('\n');
  const dockerfile = ['FROM python:3.12', 'ENV __proto__=/srv constructor=/opt', 'CMD ["uwsgi", "--ini", "app.ini"]', ''].join('\n');

  it('are unknown names, reported as such, with no internal error and no invented socket', async () => {
    const result = await lintText([
      { path: 'site.conf', text: nginx },
      { path: 'app.ini', text: ini },
      { path: 'Dockerfile', text: dockerfile },
    ]);
    const messages = result.results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath, ...m })));
    expect(messages.filter((m) => m.ruleId === 'lint/internal-error' || /internal error/.test(m.message))).toEqual([]);
    const at = (file: string, line: number) => messages.filter((m) => m.file === file && m.line === line).map((m) => m.ruleId).sort();
    expect(at('site.conf', 1)).toEqual(['nginx/unknown-directive']);
    expect(at('site.conf', 2)).toEqual(['nginx/missing-include']);
    expect(at('site.conf', 3)).toEqual(['nginx/missing-include']);
    // Unknown options, not sockets: no relative-socket, vacuum or orphan-socket findings on them.
    expect(at('app.ini', 2)).toEqual(['uwsgi/unknown-option']);
    expect(at('app.ini', 3)).toEqual(['uwsgi/unknown-option']);
    expect(at('app.ini', 4)).toEqual(['uwsgi/unknown-option']);
    // The Dockerfile does not set `toString`: $(toString) is not Object.prototype.toString.
    expect(messages.filter((m) => /function|native code/.test(m.message))).toEqual([]);
  });
});
