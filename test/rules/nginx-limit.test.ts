// A statement over the parser's 1 MB cap is a limit of this linter, not an nginx error: nginx -t
// accepts one `server_name` with 200,000 names, so the linter says it did not check that
// statement (nginx/limit, a warning on its name) and goes on with the rest of the file.
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/lint.js';
import { parseNginx } from '../../src/nginx/parse.js';
import { createSourceFile } from '../../src/source.js';
import { createNginxT, nginxUnavailableReason } from '../support/nginx-t.js';
import { nginxDiagnostics } from '../support/problems.js';

const names = Array.from({ length: 200_000 }, (_, i) => `h${i}.example.com`).join(' ');
// Line 8 holds the long statement; line 9 a misspelt directive the linter must still find.
const config = `events {}
http {
    server_tokens off;
    access_log off;
    server {
        listen 127.0.0.1:8080;
        location / { return 204; }
        server_name ${names};
        retrun 404;
    }
}
`;

describe('a statement over the 1 MB cap', () => {
  it('is an nginx/limit warning on its name, not an nginx/syntax error, and the rest of the file is linted', async () => {
    const result = await lintText([{ path: 'nginx.conf', text: config }], { cwd: '/project' });
    const messages = result.results[0].messages;
    expect(messages.filter((m) => m.ruleId === 'nginx/syntax')).toEqual([]);
    const limit = messages.filter((m) => m.ruleId === 'nginx/limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ severity: 'warning', line: 8, column: 9, endLine: 8, endColumn: 20 });
    expect(limit[0].message).toBe(
      `this \`server_name\` statement is ${'server_name '.length + names.length + 1} characters long, over the 1048576-character limit of this linter: it is not checked (nginx itself reads statements of any length; \`nginx -t\` checks it). The rest of the file is checked`,
    );
    expect(messages.filter((m) => m.ruleId === 'nginx/unknown-directive').map((m) => [m.line, m.column])).toEqual([[9, 9]]);
    expect(result.errorCount).toBe(1); // the misspelt directive only
  }, 60_000);

  it.skipIf(nginxUnavailableReason() !== null)('is accepted by the real nginx -t', async () => {
    const nginxT = createNginxT();
    try {
      const accepted = await nginxT.run([{ path: 'nginx.conf', text: config.replace('        retrun 404;\n', '') }], 'nginx.conf', { timeoutMs: 30_000 });
      expect(accepted.output).toContain('test is successful');
      expect(accepted.ok).toBe(true);
    } finally {
      nginxT.dispose();
    }
  }, 60_000);

  it('still gets the nginx errors its end makes certain: no ";" before the end of the file, a stray "}"', () => {
    const limits = { maxStatementChars: 100 };
    const unterminated = parseNginx(createSourceFile('a.conf', `server_name ${'a '.repeat(100)}`), limits, null);
    expect(nginxDiagnostics(unterminated.problems).map((d) => [d.ruleId, d.severity, d.span.start, d.span.end, d.message])).toEqual([
      ['nginx/limit', 'warning', 0, 11, expect.stringContaining('`server_name` statement is 212 characters long')],
      ['nginx/syntax', 'error', 212, 212, 'unexpected end of file, expecting ";" or "}"'],
    ]);
    const text = `server {\n    server_name ${'a '.repeat(100)}}\n`;
    const cut = parseNginx(createSourceFile('b.conf', text), limits, null);
    expect(nginxDiagnostics(cut.problems).map((d) => [d.ruleId, d.span.start, d.message])).toEqual([
      ['nginx/limit', 13, expect.stringContaining('`server_name` statement')],
      ['nginx/syntax', text.lastIndexOf('}'), 'unexpected "}"'],
    ]);
  });

  it('still gets nginx\'s "too long parameter" for a word of 4096 bytes or more in it', () => {
    const text = `server {\n    server_name ${'a '.repeat(100)}${'b'.repeat(5000)} "${'c'.repeat(5000)}";\n    listen 80;\n}\n`;
    const file = parseNginx(createSourceFile('c.conf', text), { maxStatementChars: 100 }, null);
    const at = text.indexOf('b');
    expect(nginxDiagnostics(file.problems).map((d) => [d.ruleId, d.span.start, d.span.end, d.message])).toEqual([
      ['nginx/limit', 13, 24, expect.stringContaining('`server_name` statement')],
      ['nginx/syntax', at, at + 1, 'too long parameter "bbbbbbbbbb..." started'],
    ]);
    expect(file.directives[0].block?.map((d) => d.name)).toEqual(['listen']);
  });
});

