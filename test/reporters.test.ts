import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../src/reporters/github.js';
import { formatJson } from '../src/reporters/json.js';
import { discoverFiles } from '../src/discover.js';
import { lint } from '../src/lint.js';
import { formatText, lineWindow, underline } from '../src/reporters/text.js';
import type { FileResult, LintMessage, LintResult } from '../src/result.js';

function message(over: Partial<LintMessage>): LintMessage {
  return {
    ruleId: 'test-rule',
    severity: 'error',
    message: 'something is wrong',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    related: [],
    ...over,
  };
}

function result(files: FileResult[]): LintResult {
  const count = (s: string) => files.reduce((n, f) => n + f.messages.filter((m) => m.severity === s).length, 0);
  return { results: files, errorCount: count('error'), warningCount: count('warning'), infoCount: count('info') };
}

function file(filePath: string, text: string, messages: LintMessage[], kind: 'nginx' | 'uwsgi' = 'nginx'): FileResult {
  const c = (s: string) => messages.filter((m) => m.severity === s).length;
  return { filePath, kind, text, messages, errorCount: c('error'), warningCount: c('warning'), infoCount: c('info') };
}

/** The column (0-based, in the printed line) where the caret sits, and the underline. */
function caretOf(output: string): { source: string; caret: string } {
  const lines = output.split('\n');
  const i = lines.findIndex((l) => /^\s*\|\s*\^/.test(l) || /^\s+\| +\^/.test(l));
  return { source: lines[i - 1], caret: lines[i] };
}

describe('text reporter', () => {
  it('prints the severity and headline, the source line and an underline, then the why, the fix and the doc page', () => {
    const text = 'server {\n    uwsgi_pass unix:/run/app.sock;\n}\n';
    const out = formatText(
      result([
        file('site.conf', text, [
          message({
            line: 2,
            column: 16,
            endLine: 2,
            endColumn: 34,
            message: 'no uWSGI socket listens on unix:/run/app.sock: nginx answers 502; write "uwsgi_pass unix:/run/uwsgi.sock;"',
            ruleId: 'pair/socket-mismatch',
          }),
        ]),
      ]),
    );
    expect(out).toBe(
      [
        'site.conf:2:16: error: no uWSGI socket listens on unix:/run/app.sock [pair/socket-mismatch]',
        '  |',
        '2 |     uwsgi_pass unix:/run/app.sock;',
        '  |                ^~~~~~~~~~~~~~~~~~',
        '  why:  nginx answers 502',
        '  fix:  write "uwsgi_pass unix:/run/uwsgi.sock;"',
        '  docs: https://github.com/nginx-uwsgi-lint/nginx-uwsgi-lint/blob/main/rules/pair-socket-mismatch.md',
        '',
        '1 error in 1 file',
        '',
      ].join('\n'),
    );
  });

  it('names the severity of every finding as a word, without colour, and puts a blank line between findings', () => {
    const text = 'a;\nb;\nc;\n';
    const out = formatText(
      result([file('a.conf', text, [message({ severity: 'error' }), message({ severity: 'warning', line: 2 }), message({ severity: 'info', line: 3 })])]),
    );
    const heads = out.split('\n').filter((l) => l.startsWith('a.conf:'));
    expect(heads).toEqual([
      'a.conf:1:1: error: something is wrong [test-rule]',
      'a.conf:2:1: warning: something is wrong [test-rule]',
      'a.conf:3:1: info: something is wrong [test-rule]',
    ]);
    expect(out.split('\n\n').map((block) => block.split('\n')[0])).toEqual([...heads, '1 error, 1 warning, 1 info in 1 file']);
    // A rule id without a doc page (here: not in the registry) gets no `docs:` line.
    expect(out).not.toContain('docs:');
  });

  it('lines the caret up under a span after tabs', () => {
    const text = 'server {\n\tlocation / {\n\t\tuwsgi_pass\tunix:/x.sock;\n\t}\n}\n';
    // `unix:/x.sock` starts at UTF-16 column 14 of line 3 (two tabs, "uwsgi_pass", a tab).
    const out = formatText(result([file('a.conf', text, [message({ line: 3, column: 14, endLine: 3, endColumn: 26 })])]));
    const { source, caret } = caretOf(out);
    const body = source.slice(source.indexOf('| ') + 2);
    const under = caret.slice(caret.indexOf('| ') + 2);
    expect(body).not.toContain('\t');
    expect(body.indexOf('unix:/x.sock')).toBe(under.indexOf('^'));
    expect(under.trim()).toBe('^' + '~'.repeat('unix:/x.sock'.length - 1));
  });

  it('lines the caret up after wide and astral characters', () => {
    // "日本" takes two UTF-16 units and four terminal cells; the emoji two units and two cells.
    const text = 'server_name 日本.example 😀x;\n';
    const column = text.indexOf('x;') + 1;
    const out = formatText(result([file('a.conf', text, [message({ line: 1, column, endLine: 1, endColumn: column + 1 })])]));
    const { caret } = caretOf(out);
    const under = caret.slice(caret.indexOf('| ') + 2);
    // "server_name " is 12 cells, "日本" 4, ".example " 9, the emoji 2.
    expect(under.indexOf('^')).toBe(12 + 4 + 9 + 2);
    expect(under.trim()).toBe('^');
  });

  it('underlines a span over several lines to the end of its first line', () => {
    const text = 'location / {\n  return 200;\n}\n';
    const out = formatText(result([file('a.conf', text, [message({ line: 1, column: 10, endLine: 3, endColumn: 2 })])]));
    const { caret } = caretOf(out);
    expect(caret.endsWith('         ^~~')).toBe(true);
  });

  it('puts one caret past the end of the line for an empty span there', () => {
    const text = 'listen 80\n';
    const out = formatText(result([file('a.conf', text, [message({ column: 10, endColumn: 10 })])]));
    expect(caretOf(out).caret).toBe('  | ' + ' '.repeat('listen 80'.length) + '^');
  });

  it('lists related locations under the message', () => {
    const text = 'uwsgi_pass unix:/a.sock;\n';
    const out = formatText(
      result([
        file('a.conf', text, [
          message({
            column: 12,
            endColumn: 24,
            related: [{ filePath: 'app.ini', line: 3, column: 10, endLine: 3, endColumn: 20, message: 'uWSGI binds /b.sock here' }],
          }),
        ]),
      ]),
    );
    expect(out).toContain('\n  app.ini:3:10: uWSGI binds /b.sock here\n');
  });

  it("shows the related file's line, from its result or from result.sources", () => {
    const related = { filePath: 'app.ini', line: 2, column: 10, endLine: 2, endColumn: 17, message: 'uWSGI binds /b.sock here' };
    const conf = file('a.conf', 'uwsgi_pass unix:/a.sock;\n', [message({ column: 12, endColumn: 24, related: [related] })]);
    const expected = [
      '  app.ini:2:10: uWSGI binds /b.sock here',
      '    |',
      '  2 | socket = /b.sock',
      '    |          ^~~~~~~',
      '',
    ].join('\n');
    // The ini has a result of its own (and its text) ...
    expect(formatText(result([conf, file('app.ini', '[uwsgi]\nsocket = /b.sock\n', [], 'uwsgi')]))).toContain(expected);
    // ... or only appears in sources (an included file without findings).
    const fromSources = { ...result([conf]), sources: { 'app.ini': '[uwsgi]\nsocket = /b.sock\n' } };
    expect(formatText(fromSources)).toContain(expected);
    expect(formatJson(fromSources)).not.toContain('sources');
  });

  it('summarises counts with plurals, and prints nothing for a clean run', () => {
    const text = 'a;\nb;\nc;\n';
    const r = result([
      file('one.conf', text, [message({ severity: 'error' }), message({ severity: 'error', line: 2 }), message({ severity: 'warning', line: 3 })]),
      file('two.ini', text, [message({ severity: 'info' })], 'uwsgi'),
      file('three.conf', text, []),
    ]);
    expect(formatText(r).trimEnd().split('\n').at(-1)).toBe('2 errors, 1 warning, 1 info in 2 files');
    expect(formatText(result([file('three.conf', text, [])]))).toBe('');
  });

  it('colours by severity only when asked', () => {
    const text = 'a;\n';
    const r = result([file('a.conf', text, [message({ severity: 'warning' })])]);
    expect(formatText(r)).not.toContain('\u001b[');
    const coloured = formatText(r, { color: true });
    expect(coloured).toContain('\u001b[33m\u001b[1mwarning:'); // yellow
    const error = formatText(result([file('a.conf', text, [message({ severity: 'error' })])]), { color: true });
    expect(error).toContain('\u001b[31m\u001b[1merror:'); // red
    const info = formatText(result([file('a.conf', text, [message({ severity: 'info' })])]), { color: true });
    expect(info).toContain('\u001b[34m\u001b[1minfo:'); // blue
    // The words are there with colour too: stripped of its escapes, the coloured report is the plain one.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatText(r));
  });

  it('prints the location without a snippet when the text is not at hand', () => {
    const r = result([{ ...file('a.conf', '', [message({})]), text: undefined }]);
    expect(formatText(r).split('\n')[0]).toBe('a.conf:1:1: error: something is wrong [test-rule]');
    expect(formatText(r)).not.toContain('|');
  });
});

describe('underline', () => {
  it('expands tabs to the next tab stop', () => {
    expect(underline('a\tb', 3, 4, 8)).toEqual({ shown: 'a       b', start: 8, width: 1 });
    expect(underline('\t\tx', 3, 4, 4)).toEqual({ shown: '        x', start: 8, width: 1 });
  });

  it('measures combining marks as zero cells', () => {
    // "é" written as e + U+0301: two UTF-16 units, one cell.
    expect(underline('e\u0301x', 3, 4).start).toBe(1);
  });
});

describe('JSON reporter', () => {
  const r = result([
    {
      ...file('a.conf', 'uwsgi_pass unix:/a.sock;\n', [
        message({
          column: 12,
          endColumn: 24,
          related: [{ filePath: 'app.ini', line: 3, column: 10, endLine: 3, endColumn: 20, message: 'here' }],
          fix: { range: [11, 23], text: 'unix:/b.sock' },
        }),
        message({ severity: 'warning', line: 1, column: 1, endColumn: 11 }),
      ]),
    },
    file('app.ini', '[uwsgi]\n', [], 'uwsgi'),
  ]);

  it('writes exactly the documented keys, in order, without the file text', () => {
    const doc = JSON.parse(formatJson(r));
    expect(Object.keys(doc)).toEqual(['results', 'errorCount', 'warningCount', 'infoCount']);
    expect(Object.keys(doc.results[0])).toEqual(['filePath', 'kind', 'messages']);
    expect(Object.keys(doc.results[0].messages[0])).toEqual([
      'ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'related', 'fix',
    ]);
    expect(Object.keys(doc.results[0].messages[1])).not.toContain('fix');
    expect(Object.keys(doc.results[0].messages[0].related[0])).toEqual([
      'filePath', 'line', 'column', 'endLine', 'endColumn', 'message',
    ]);
    expect(doc.results[0].messages[0].fix).toEqual({ range: [11, 23], text: 'unix:/b.sock' });
    expect(doc.results[1]).toEqual({ filePath: 'app.ini', kind: 'uwsgi', messages: [] });
    expect(formatJson(r)).not.toContain('uwsgi_pass unix');
    expect([doc.errorCount, doc.warningCount, doc.infoCount]).toEqual([1, 1, 0]);
  });

  it('is one line followed by a newline', () => {
    const out = formatJson(r);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd()).not.toContain('\n');
  });
});

describe('docs/json-format.md', () => {
  it('shows exactly what the JSON reporter writes for the same result', () => {
    const doc = readFileSync(new URL('../docs/json-format.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc);
    expect(example).not.toBeNull();
    const shown = JSON.parse(example![1]);
    // Rebuild the result the example came from, with the fields the JSON leaves out.
    const rebuilt: LintResult = {
      ...shown,
      results: shown.results.map((f: FileResult) => ({ ...f, errorCount: 0, warningCount: 0, infoCount: 0, text: 'x' })),
    };
    expect(formatJson(rebuilt, { indent: 2 })).toBe(JSON.stringify(shown, null, 2) + '\n');
    expect(Object.keys(shown)).toEqual(['results', 'errorCount', 'warningCount', 'infoCount']);
  });

  it('shows what a real run over the files it describes reports', async () => {
    // The two files the example describes, linted as the doc says: `--format json deploy`.
    const dir = mkdtempSync(join(tmpdir(), 'nul-json-doc-'));
    try {
      mkdirSync(join(dir, 'deploy'));
      writeFileSync(join(dir, 'deploy/site.conf'), 'server {\n    listen 80;\n    server_name example.com;\n\n    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/uwsgi/mysite.sock;\n\n');
      writeFileSync(join(dir, 'deploy/mysite.ini'), '[prod]\nsocket = /run/uwsgi/mysite.sock\nmodule = mysite.wsgi:application\n');
      const doc = readFileSync(new URL('../docs/json-format.md', import.meta.url), 'utf8');
      const shown = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)![1]);
      const { files } = await discoverFiles(['deploy'], { cwd: dir });
      const result = await lint({ files, cwd: dir });
      expect(JSON.parse(formatJson(result))).toEqual(shown);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('github reporter', () => {
  it('escapes % CR LF in the message, and : , too in properties', () => {
    expect(escapeData('100% a:b,c\r\nd')).toBe('100%25 a:b,c%0D%0Ad');
    expect(escapeProperty('C:\\dir,x%\n')).toBe('C%3A\\dir%2Cx%25%0A');
  });

  it('writes one command a finding, by severity, with the related locations in the message', () => {
    const out = formatGithub(
      result([
        file('a,b.conf', 'x;\ny;\n', [
          message({ severity: 'error', message: 'bad: 50%', column: 1, endColumn: 3 }),
          message({ severity: 'warning', line: 2, endLine: 2, related: [{ filePath: 'app.ini', line: 3, column: 4, endLine: 3, endColumn: 5, message: 'here' }] }),
          message({ severity: 'info', line: 1, endLine: 2, endColumn: 2 }),
        ]),
      ]),
    );
    expect(out.split('\n')).toEqual([
      '::error file=a%2Cb.conf,line=1,col=1,endLine=1,endColumn=2,title=test-rule::bad: 50%25',
      '::warning file=a%2Cb.conf,line=2,col=1,endLine=2,endColumn=1,title=test-rule::something is wrong%0Aapp.ini:3:4: here',
      '::notice file=a%2Cb.conf,line=1,endLine=2,title=test-rule::something is wrong',
      '',
    ]);
  });

  it('writes nothing for a clean run', () => {
    expect(formatGithub(result([file('a.conf', 'x;\n', [])]))).toBe('');
  });
});

describe('long lines', () => {
  it('a very long source line is shown as a window around the span, the caret still under it', () => {
    const line = 'x'.repeat(5000) + 'TARGET' + 'y'.repeat(5000);
    const w = lineWindow(line, 5001, 5007);
    expect(w.text.length).toBeLessThanOrEqual(162);
    expect(w.text.startsWith('…') && w.text.endsWith('…')).toBe(true);
    expect(w.text.slice(w.column - 1, w.endColumn - 1)).toBe('TARGET');
    const short = lineWindow('listen 80;', 1, 7);
    expect(short).toEqual({ text: 'listen 80;', column: 1, endColumn: 7 });
  });
});
