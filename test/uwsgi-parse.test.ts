import { describe, expect, it } from 'vitest';
import { createSourceFile, positionAt, rangeOf } from '../src/source.js';
import { parseUwsgiIni, UNKNOWN, type UwsgiEntry, type UwsgiIniFile } from '../src/uwsgi/index.js';
import { uwsgiDiagnostics } from './support/problems.js';

const parse = (text: string, path = '/srv/app/uwsgi.ini', options = {}) => parseUwsgiIni(createSourceFile(path, text), options);
const entry = (file: UwsgiIniFile, key: string): UwsgiEntry => {
  const found = file.entries.find((e) => e.key === key);
  if (!found) throw new Error(`no entry ${key}`);
  return found;
};
const keyRange = (file: UwsgiIniFile, e: UwsgiEntry) => rangeOf(file.source, e.keyStart, e.keyEnd);
const valueRange = (file: UwsgiIniFile, e: UwsgiEntry) => rangeOf(file.source, e.valueStart, e.valueEnd);

describe('uWSGI ini lexing (core/ini.c)', () => {
  it('splits key and value at the first `=`, strips blanks, keeps the rest literally', () => {
    const file = parse('[uwsgi]\n  socket  =  /a.sock # x  \nmaster = false ; note\nenv = A=B=C\nkey="a b"\ntail = x \\\n');
    const socket = entry(file, 'socket');
    expect(socket.value).toBe('/a.sock # x');
    expect([socket.keyStart, socket.keyEnd, socket.valueStart, socket.valueEnd]).toEqual([10, 16, 21, 32]);
    expect(keyRange(file, socket)).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 9 });
    expect(valueRange(file, socket)).toEqual({ line: 2, column: 14, endLine: 2, endColumn: 25 });
    expect(entry(file, 'master').value).toBe('false ; note');
    expect(entry(file, 'env').value).toBe('A=B=C');
    expect(entry(file, 'key').value).toBe('"a b"');
    expect(entry(file, 'tail').value).toBe('x \\');
    expect(file.entries.every((e) => e.section === 'uwsgi')).toBe(true);
  });

  it('keeps keys exactly as written and repeated keys in order', () => {
    const file = parse('[uwsgi]\nchmod_socket = 666\nsocket = a\nsocket = b\n');
    expect(file.entries.map((e) => [e.key, e.value])).toEqual([
      ['chmod_socket', '666'],
      ['socket', 'a'],
      ['socket', 'b'],
    ]);
  });

  it('reads a line without `=` as a key with an empty value', () => {
    const file = parse('[uwsgi]\nmaster\n   vacuum   \r\n');
    const master = entry(file, 'master');
    expect(master).toMatchObject({ value: '', hasEquals: false, valueStart: 14, valueEnd: 14 });
    const vacuum = entry(file, 'vacuum');
    expect(keyRange(file, vacuum)).toEqual({ line: 3, column: 4, endLine: 3, endColumn: 10 });
    expect(file.entries).toHaveLength(2);
  });

  it('chops the last character of a header blindly and compares case-sensitively', () => {
    const file = parse('[uwsgi] ; c\na = 1\n[ uwsgi ]\nb = 2\n[uWSGI]\nc = 3\n[\nd = 4\n[uwsgi]\ne = 5\n');
    expect(file.sections.map((s) => s.name)).toEqual(['uwsgi] ; ', ' uwsgi ', 'uWSGI', '', 'uwsgi']);
    expect(file.entries.map((e) => [e.key, e.section])).toEqual([
      ['a', 'uwsgi] ; '],
      ['b', ' uwsgi '],
      ['c', 'uWSGI'],
      ['d', ''],
      ['e', 'uwsgi'],
    ]);
    const header = file.sections[1];
    expect(rangeOf(file.source, header.nameStart, header.nameEnd)).toEqual({ line: 3, column: 2, endLine: 3, endColumn: 9 });
  });

  it('treats only a first `;` or `#` as a comment', () => {
    const file = parse('# top\n[uwsgi]\n  ; indented comment\nsocket = a ; b\n#socket = c\n');
    expect(file.comments.map((c) => c.text)).toEqual([' top', ' indented comment', 'socket = c']);
    expect(file.entries.map((e) => e.value)).toEqual(['a ; b']);
  });

  it('puts lines before the first header in section ""', () => {
    const file = parse('socket = early\n[uwsgi]\nsocket = late\n');
    expect(file.entries.map((e) => [e.section, e.sectionIndex])).toEqual([
      ['', -1],
      ['uwsgi', 0],
    ]);
  });

  it('splits lines on \\n only and strips \\r (CRLF)', () => {
    const file = parse('[uwsgi]\r\nsocket = /a.sock\r\nhttp = :8000\r\n');
    const http = entry(file, 'http');
    expect(http.value).toBe(':8000');
    expect(valueRange(file, http)).toEqual({ line: 3, column: 8, endLine: 3, endColumn: 13 });
    expect(http.line).toBe(3);
  });

  it('handles tabs, a BOM and non-ASCII with UTF-16 columns', () => {
    const file = parse('\uFEFF[uwsgi]\n\tcafé\t=\t😀x\t\nnext = é😀\n');
    expect(file.source.hasBom).toBe(true);
    const cafe = entry(file, 'café');
    expect(keyRange(file, cafe)).toEqual({ line: 2, column: 2, endLine: 2, endColumn: 6 });
    expect(cafe.value).toBe('😀x');
    expect(valueRange(file, cafe)).toEqual({ line: 2, column: 9, endLine: 2, endColumn: 12 });
    const next = entry(file, 'next');
    expect(valueRange(file, next)).toEqual({ line: 3, column: 8, endLine: 3, endColumn: 11 });
  });

  it('keeps an empty key for a line starting with `=`', () => {
    const file = parse('[uwsgi]\n= value\n');
    expect(file.entries.map((e) => [e.key, e.value])).toEqual([['', 'value']]);
  });
});

describe('magic variables before parsing', () => {
  it('substitutes %d with a trailing slash and keeps offsets exact', () => {
    const file = parse('[uwsgi]\nsocket = %d/app.sock\nname = %n.%e in %c (%s)\n', '/srv/app/uwsgi.ini');
    const socket = entry(file, 'socket');
    expect(socket.value).toBe('/srv/app//app.sock');
    expect(socket.rawValue).toBe('%d/app.sock');
    expect(valueRange(file, socket)).toEqual({ line: 2, column: 10, endLine: 2, endColumn: 21 });
    expect(entry(file, 'name').value).toBe('uwsgi.ini in app (uwsgi.ini)');
  });

  it('deletes an unknown %X and records it; %% and %( survive', () => {
    const file = parse('[uwsgi]\nlog-date = %%Y-%zm %(x)\nkey%z = v\n');
    expect(entry(file, 'log-date').value).toBe('%Y-m %(x)');
    expect(entry(file, 'key').rawKey).toBe('key%z');
    expect(file.unknownMagic.map((m) => [m.char, m.start, m.end])).toEqual([
      ['z', 23, 25],
      ['z', 35, 37],
    ]);
    expect(positionAt(file.source, 23)).toEqual({ line: 2, column: 16 });
  });

  it('marks process values that were not provided as unknown, and uses them when provided', () => {
    const unknown = parse('[uwsgi]\nlogto = /var/log/%h.log\n');
    expect(entry(unknown, 'logto').value).toBe(`/var/log/${UNKNOWN}.log`);
    const known = parse('[uwsgi]\nlogto = /var/log/%h-%V-%k-%U.log\n', '/a.ini', { hostname: 'web1', uwsgiVersion: '2.0.30', cpuCount: 4, user: 'app' });
    expect(entry(known, 'logto').value).toBe('/var/log/web1-2.0.30-4-app.log');
  });

  it('computes path components and %x from the name the file is loaded by', () => {
    const file = parse('[prod]\na = %0|%1|%2|%x|%o|%p\n', 'conf/app.ini', { cwd: '/srv', configName: 'conf/app.ini:prod' });
    expect(entry(file, 'a').value).toBe('srv|conf||prod|conf/app.ini:prod|/srv/conf/app.ini');
  });

  it('uses the top-level file for uppercase forms', () => {
    const top = parse('[uwsgi]\n', '/etc/uwsgi/main.ini');
    const inc = parse('[uwsgi]\na = %n %N %D\n', '/opt/inc/base.ini', { topLevel: top.magicVars });
    expect(entry(inc, 'a').value).toBe('base main /etc/uwsgi/');
  });

  it('lets `%` before a newline join two lines, as uWSGI does', () => {
    const file = parse('[uwsgi]\nratio = 50%\nnext = 1\n');
    expect(file.entries.map((e) => [e.key, e.value])).toEqual([['ratio', '50next = 1']]);
    expect(file.unknownMagic).toHaveLength(1);
  });
});

describe('config logic blocks', () => {
  it('groups for/if blocks with their closer', () => {
    const file = parse('[uwsgi]\nfor = a b\nenv = X=%(_)\nendfor =\nif-env = HOME\nchdir = %(_)\nend-if\n');
    expect(file.blocks.map((b) => [b.kind, b.opener, b.body, b.closer])).toEqual([
      ['for', 0, [1], 2],
      ['if', 3, [4], 5],
    ]);
    expect(file.problems).toEqual([]);
  });

  it('reports an unclosed block and nested logic', () => {
    const file = parse('[uwsgi]\nfor = a b\nif-env = X\nsocket = a\n');
    expect(uwsgiDiagnostics(file.problems).map((d) => [d.ruleId, d.severity, rangeOf(file.source, d.span.start, d.span.end)])).toEqual([
      ['uwsgi/syntax', 'error', { line: 3, column: 1, endLine: 3, endColumn: 7 }],
      ['uwsgi/syntax', 'warning', { line: 2, column: 1, endLine: 2, endColumn: 4 }],
    ]);
    expect(uwsgiDiagnostics(file.problems)[0].message).toContain('recursive logic');
  });

  it('records `else` in an if block', () => {
    const file = parse('[uwsgi]\nif-env = X\na = 1\nelse\na = 2\nendif\n');
    expect(file.blocks[0].elseAt).toBe(2);
  });
});

describe('templates', () => {
  it('parses Jinja, ERB and envsubst templates and marks their entries', () => {
    const file = parse('[uwsgi]\n{% if debug %}\nsocket = {{ app_dir }}/app.sock\n{% endif %}\nhttp = <%= port %>\nuid = ${SERVICE_USER}\nmaster = true\n');
    expect(file.templated).toBe(true);
    expect(file.problems).toEqual([]);
    // `% ` and `%}` are magic to uWSGI and vanish: the line becomes the key `{if debug`.
    expect(file.entries.filter((e) => e.templated).map((e) => e.key)).toEqual(['{if debug', 'socket', '{endif', 'http', 'uid']);
    expect(entry(file, 'http').value).toBe('< port');
    expect(entry(file, 'master').templated).toBe(false);
  });
});

describe('bounds and bad input', () => {
  it('reports a NUL byte without throwing', () => {
    const file = parse('[uwsgi]\nsocket = a\0b\n');
    expect(uwsgiDiagnostics(file.problems).map((d) => [d.ruleId, d.span.start])).toEqual([['uwsgi/syntax', 18]]);
  });

  it('refuses binary content and oversized files with a diagnostic', () => {
    const binary = parseUwsgiIni(createSourceFile('/x.ini', new Uint8Array(Array.from({ length: 600 }, (_, i) => (i * 37) % 256))));
    expect(uwsgiDiagnostics(binary.problems)[0].ruleId).toBe('uwsgi/syntax');
    expect(binary.entries).toEqual([]);
    const large = parse('[uwsgi]\n' + 'a = b\n'.repeat(100), '/x.ini', { maxFileSize: 100 });
    expect(uwsgiDiagnostics(large.problems)[0].message).toContain('limit');
    expect(large.entries).toEqual([]);
  });

  it('parses a large file in chunks with exact offsets', () => {
    const lines = ['[uwsgi]'];
    for (let i = 0; i < 20000; i++) lines.push(`key${i} = value ${i}`);
    const text = lines.join('\n');
    const started = performance.now();
    const file = parse(text);
    expect(performance.now() - started).toBeLessThan(10000);
    expect(file.entries).toHaveLength(20000);
    const last = file.entries[19999];
    expect(last.key).toBe('key19999');
    expect(text.slice(last.valueStart, last.valueEnd)).toBe('value 19999');
    expect(last.line).toBe(20001);
  });

  it('accepts any text: a stray `]`, lone `=`, control characters', () => {
    for (const text of ['', '\n\n', '=', ']', '[', '[[', '\r', '%', '%%', 'a=\n=b', '\u0001\u0002=\u0003']) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});
