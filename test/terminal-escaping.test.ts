// Nothing from a config or a file name reaches the terminal raw: every control character
// (C0, DEL, C1) and every bidi control, put in every field a finding prints, comes out of the
// text and github formats as a visible escape, with or without colour, on stdout or in -o's
// file. JSON and SARIF carry the exact text (their string escaping keeps them safe).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { formatGithub, formatJson, formatSarif, formatText } from '../src/index.js';
import type { LintMessage, LintResult } from '../src/result.js';
import { controlEscape, escapeControls } from '../src/reporters/escape.js';
import { escapeData, escapeProperty, githubCommand } from '../src/reporters/github.js';
import { underline } from '../src/reporters/text.js';
import { messageParts } from '../src/reporters/message-parts.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin/nginx-uwsgi-lint.js');
const built = existsSync(join(repo, 'bundle/cli.cjs'));

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** C0, DEL, C1: what ECMA-48 terminals act on. */
const CONTROLS = [...range(0x00, 0x1f), 0x7f, ...range(0x80, 0x9f)];
/** Embeddings, overrides and isolates: they reorder what is shown ("Trojan Source"). */
const BIDI = [...range(0x202a, 0x202e), ...range(0x2066, 0x2069)];
const EVERY = [...CONTROLS, ...BIDI];
const hex = (code: number) => code.toString(16).padStart(2, '0');

/**
 * Every character of the output a terminal would act on, as "U+XXXX at offset": none is allowed
 * but the line break, and with colour the SGR sequences (`ESC [ ... m`) the reporter writes itself.
 */
function rawControls(output: string, color = false): string[] {
  const bad: string[] = [];
  for (let i = 0; i < output.length; i++) {
    const code = output.charCodeAt(i);
    if (code === 0x0a) continue;
    if (code === 0x1b && color) {
      const sgr = /^\x1b\[[0-9;]*m/.exec(output.slice(i));
      if (sgr) {
        i += sgr[0].length - 1;
        continue;
      }
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI.includes(code)) bad.push(`U+${code.toString(16).padStart(4, '0')} at ${i}`);
  }
  return bad;
}

describe('escapeControls', () => {
  it('shows every control character as an escape and leaves everything else alone', () => {
    for (const code of EVERY) {
      const shown = escapeControls(`a${String.fromCharCode(code)}b`);
      expect(rawControls(shown), `U+${hex(code)}`).toEqual([]);
      expect(shown).toBe(`a${controlEscape(code)}b`);
    }
    expect(escapeControls('\x1b]0;owned\x07')).toBe('\\x1b]0;owned\\x07');
    expect(escapeControls('\x1b[2J')).toBe('\\x1b[2J');
    expect(escapeControls('a\tb\nc\rd\x00\x7f\x9b\u202e')).toBe('a\\tb\\nc\\rd\\x00\\x7f\\x9b\\u202e');
    const plain = 'socket = /run/app.sock; ~^/(?<x>.*)\\.php$ é 漢 🙂 \u00a0\u200b';
    expect(escapeControls(plain)).toBe(plain);
  });

  it('code frames show a control as its escape and underline past it by its width', () => {
    // `a ESC b`: the span of `b` starts after the four cells of `\x1b`.
    expect(underline('a\x1bb', 3, 4)).toEqual({ shown: 'a\\x1bb', start: 5, width: 1 });
    expect(underline('x\u202ey', 1, 4)).toEqual({ shown: 'x\\u202ey', start: 0, width: 8 });
    expect(underline('\x9b2J', 1, 2)).toEqual({ shown: '\\x9b2J', start: 0, width: 4 });
    // Tabs are still expanded, not escaped.
    expect(underline('a\tb', 3, 4, 8)).toEqual({ shown: 'a       b', start: 8, width: 1 });
  });
});

/** One finding with every control character in every string field the reporters print. */
function hostileResult(): LintResult {
  const all = EVERY.map((c) => String.fromCharCode(c)).join('');
  const filePath = `dir${all}/site${all}.conf`;
  const other = `app${all}.ini`;
  const text = `server {\n\tlisten 80;\n\tfo${all.replace(/\n/g, '')}o on;\n}\n`;
  const otherText = `[uwsgi]\nso${all.replace(/[\n\r]/g, '')}cket = /run/a.sock\n`;
  return {
    results: [
      {
        filePath,
        kind: 'nginx',
        messages: [
          {
            ruleId: `nginx/unknown${all}`,
            severity: 'error',
            message: `unknown directive "fo${all}o": see ${other}`,
            line: 3,
            column: 2,
            endLine: 3,
            endColumn: 5 + all.length,
            related: [{ filePath: other, line: 2, column: 1, endLine: 2, endColumn: 3, message: `key ${all} here` }],
            fix: { range: [0, 1], text: all },
          },
        ],
        errorCount: 1,
        warningCount: 0,
        infoCount: 0,
        text,
      },
    ],
    errorCount: 1,
    warningCount: 0,
    infoCount: 0,
    sources: { [other]: otherText },
  };
}

/** The text format's finding: the location, severity and headline on one line, the why and the fix beneath it. */
function expectFinding(plain: string, filePath: string, m: LintMessage): void {
  const { headline, why, fix } = messageParts(escapeControls(m.message));
  expect(plain).toContain(`${escapeControls(filePath)}:${m.line}:${m.column}: ${m.severity}: ${headline} [${escapeControls(m.ruleId)}]`);
  if (why) expect(plain).toContain(`\n  why:  ${why}\n`);
  if (fix) expect(plain).toContain(`\n  fix:  ${fix}\n`);
}

describe('library formatters', () => {
  const result = hostileResult();

  it('text, with and without colour: no raw control, every one shown as its escape', () => {
    for (const color of [false, true]) {
      const out = formatText(result, { color });
      expect(rawControls(out, color)).toEqual([]);
      for (const code of EVERY) expect(out, `U+${hex(code)}`).toContain(controlEscape(code)!);
      const plain = color ? out.replace(/\x1b\[[0-9;]*m/g, '') : out;
      expectFinding(plain, result.results[0].filePath, result.results[0].messages[0]);
      expect(plain).toContain(`  ${escapeControls('app' + EVERY.map((c) => String.fromCharCode(c)).join('') + '.ini')}:2:1: `);
    }
  });

  it('github: control escapes first, then the workflow-command escaping the runner undoes', () => {
    const out = formatGithub(result);
    expect(rawControls(out)).toEqual([]);
    expect(out.split('\n')).toHaveLength(2);
    const m = result.results[0].messages[0];
    const parsed = parseWorkflowCommand(out.trimEnd());
    expect(parsed.command).toBe('error');
    expect(parsed.properties.file).toBe(escapeControls(result.results[0].filePath));
    expect(parsed.properties.title).toBe(escapeControls(m.ruleId));
    expect(parsed.data).toBe(`${escapeControls(m.message)}\n${escapeControls(m.related[0].filePath)}:2:1: ${escapeControls(m.related[0].message)}`);
  });

  it('github keeps its own escaping of %, CR, LF, and of : and , in properties', () => {
    const m = { ruleId: 'x/y', severity: 'warning' as const, message: '100% a:b,c\r\nd::e', line: 1, column: 2, endLine: 1, endColumn: 4, related: [] };
    const line = githubCommand('C:\\a,b%\x1b.conf', m);
    expect(line).toBe('::warning file=C%3A\\a%2Cb%25\\x1b.conf,line=1,col=2,endLine=1,endColumn=3,title=x/y::100%25 a:b,c\\r\\nd::e');
    const parsed = parseWorkflowCommand(line);
    expect(parsed.properties.file).toBe('C:\\a,b%\\x1b.conf');
    expect(parsed.data).toBe('100% a:b,c\\r\\nd::e');
    expect(escapeData('%0A')).toBe('%250A');
    expect(escapeProperty('a::b')).toBe('a%3A%3Ab');
  });

  it('json and sarif carry the exact text', () => {
    const json = JSON.parse(formatJson(result));
    const m = result.results[0].messages[0];
    expect(json.results[0].filePath).toBe(result.results[0].filePath);
    expect(json.results[0].messages[0].message).toBe(m.message);
    expect(json.results[0].messages[0].ruleId).toBe(m.ruleId);
    expect(json.results[0].messages[0].related[0]).toMatchObject({ filePath: m.related[0].filePath, message: m.related[0].message });
    expect(json.results[0].messages[0].fix.text).toBe(m.fix!.text);
    const sarif = JSON.parse(formatSarif(result, { cwd: '/work/repo', version: '0.0.0' }));
    expect(sarif.runs[0].results[0].message.text).toContain(m.message);
  });
});

describe('usage errors on standard error', () => {
  it('a file name that is not there is named escaped', async () => {
    let stdout = '';
    let stderr = '';
    const name = 'no-such-\x1b]0;owned\x07-\x1b[2J-\u202e.conf';
    const code = await runCli([name], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: tmpdir() });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(rawControls(stderr)).toEqual([]);
    expect(stderr).toContain('no-such-\\x1b]0;owned\\x07-\\x1b[2J-\\u202e.conf');
  });
});

/** The runner's reading of a `::command k=v,...::data` line (actions/runner ActionCommand.cs). */
function parseWorkflowCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProperty = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  expect(line.startsWith('::')).toBe(true);
  const end = line.indexOf('::', 2);
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const properties: Record<string, string> = {};
  for (const pair of info.slice(space + 1).split(',')) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { command: info.slice(0, space), properties, data: unescapeData(line.slice(end + 2)) };
}

describe.skipIf(!built)('the installed command', () => {
  let dir: string;
  /** Per file the linter reads, the control characters it carries (for the names: in the name). */
  const planted = new Map<string, { field: string; code: number }>();

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'nul-controls-')));
    mkdirSync(join(dir, 'cfg'));
    const put = (name: string, text: string, field: string, code: number) => {
      writeFileSync(join(dir, 'cfg', name), text);
      planted.set(`cfg/${name}`, { field, code });
    };
    for (const code of EVERY) {
      const c = String.fromCharCode(code);
      const h = hex(code);
      // An unknown key (uwsgi/unknown-option quotes it), beside a socket that pairs with nothing.
      put(`key-${h}.ini`, `[uwsgi]\nso${c}cket-${h} = 1\nsocket = /run/key-${h}.sock\nuid = app\n`, 'uwsgi key', code);
      // A value: the socket path, quoted by uwsgi/vacuum and by the pair rules on both sides.
      put(`value-${h}.ini`, `[uwsgi]\nsocket = /run/value-${c}-${h}.sock\nuid = app\n`, 'uwsgi value', code);
      // A directive name (nginx/unknown-directive quotes it).
      put(`directive-${h}.conf`, `server {\n    listen 80;\n    fo${c}o-${h} on;\n}\n`, 'nginx directive', code);
      // An argument, quoted so that even a line break stays in it: the pair rules quote the target.
      put(`arg-${h}.conf`, `server {\n    listen 80;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass "unix:/run/arg-${c}-${h}.sock";\n    }\n}\n`, 'nginx argument', code);
      // A file name (any byte but / and NUL), whose socket an nginx config connects to: the pair
      // finding there (pair/buffer-size) has this file as its related location.
      if (code !== 0) {
        put(`name-${c}-${h}.ini`, `[uwsgi]\nsocket = /run/name-${h}.sock\nuid = app\nbogus-${h} = 1\n`, 'file name', code);
        put(`pass-${h}.conf`, `server {\n    listen 80;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/name-${h}.sock;\n    }\n}\n`, 'pass', code);
      }
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Named outright: a directory walk skips files holding a NUL byte as binary.
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args.filter((a) => a !== 'cfg'), ...planted.keys()], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    return r.stdout;
  };

  let json: LintResult | undefined;
  const jsonResult = () => (json ??= JSON.parse(cli(['--format', 'json', 'cfg'])) as LintResult);

  it('json carries each planted character exactly, in every field', () => {
    const result = jsonResult();
    const reached = new Map<string, Set<number>>();
    for (const file of result.results) {
      const plant = planted.get(file.filePath);
      expect(plant, file.filePath).toBeDefined();
      const c = String.fromCharCode(plant!.code);
      const texts = plant!.field === 'file name' ? [file.filePath] : file.messages.map((m) => m.message);
      const add = (field: string) => {
        if (!reached.has(field)) reached.set(field, new Set());
        reached.get(field)!.add(plant!.code);
      };
      if (texts.some((t) => t.includes(c))) add(plant!.field);
      if (plant!.field === 'pass' && file.messages.some((m) => m.related.some((r) => r.filePath.includes(c)))) add('related file name');
    }
    // Every character reaches the output through every field, but those the syntax cannot hold
    // there: a line break ends an ini line; tab, CR and LF end an unquoted nginx word and a NUL
    // byte makes the file binary for nginx; NUL cannot be in a file name.
    const missing = (field: string) => EVERY.filter((code) => !reached.get(field)?.has(code)).map(hex);
    expect(missing('uwsgi key')).toEqual(['0a']);
    expect(missing('uwsgi value')).toEqual(['0a']);
    expect(missing('nginx directive')).toEqual(['00', '09', '0a', '0d']);
    expect(missing('nginx argument')).toEqual(['00']);
    expect(missing('file name')).toEqual(['00']);
    expect(missing('related file name')).toEqual(['00']);
  });

  for (const format of ['text', 'github']) {
    for (const where of ['stdout', '-o file']) {
      for (const color of ['--no-color', '--color']) {
        if (format === 'github' && color === '--color') continue;
        it(`${format}, ${color}, ${where}: every planted character shown as its escape, none raw`, () => {
          const json = jsonResult();
          const args = ['--format', format, color, 'cfg'];
          let out: string;
          if (where === 'stdout') out = cli(args);
          else {
            expect(cli([...args, '-o', 'report.out'])).toBe('');
            out = readFileSync(join(dir, 'report.out'), 'utf8');
          }
          expect(rawControls(out, color === '--color')).toEqual([]);
          const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
          // Each message and each file name the JSON carries is there, escaped.
          for (const file of json.results) {
            for (const m of file.messages) {
              if (format === 'text') {
                expectFinding(plain, file.filePath, m);
                for (const r of m.related) expect(plain).toContain(`  ${escapeControls(r.filePath)}:${r.line}:${r.column}: ${escapeControls(r.message)}`);
              } else {
                expect(plain).toContain(`file=${escapeProperty(escapeControls(file.filePath))},line=${m.line},`);
                expect(plain).toContain(`::${escapeData(escapeControls(m.message))}`);
              }
            }
          }
        });
      }
    }
  }
});
