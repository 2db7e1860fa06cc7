// The shipped examples lint as examples/README.md says: clean/ gets no finding at all,
// mistakes/ gets the pair findings of each marked mistake.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lint } from '../src/lint.js';

const root = join(import.meta.dirname, '..', 'examples');

async function pairFindings(dir: string) {
  const cwd = join(root, dir);
  const result = await lint({ files: readdirSync(cwd), cwd });
  return result.results.flatMap((r) => r.messages.filter((m) => m.ruleId.startsWith('pair/')).map((m) => ({ file: r.filePath, line: m.line, column: m.column, ruleId: m.ruleId, severity: m.severity })));
}

describe('examples', () => {
  test('clean/: no finding of any rule, at any severity', async () => {
    const cwd = join(root, 'clean');
    const result = await lint({ files: readdirSync(cwd), cwd });
    const all = result.results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.severity} ${m.ruleId}: ${m.message}`));
    expect(all).toEqual([]);
  });


  test('clean/: no pair error or warning', async () => {
    const findings = await pairFindings('clean');
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('mistakes/: every pair mistake is found where it is marked', async () => {
    const findings = await pairFindings('mistakes');
    const summary = findings.filter((f) => f.severity !== 'info').map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}`);
    expect(summary.sort()).toEqual(
      [
        // socket = unix:///run/api/api.sock binds TCP (uwsgi/unix-scheme blames the ini line)
        'api_ssl.conf:2:12 error pair/socket-mismatch',
        // no chmod-socket: api:www-data 0755
        'api_uwsgi.ini:13:10 error pair/socket-permissions',
        // proxy_pass http:// to a uwsgi-protocol socket
        'mysite_http.conf:8:20 error pair/protocol-mismatch',
        // no include uwsgi_params
        'mysite_nginx.conf:15:20 warning pair/missing-params',
        // /run/app/app.sock vs /run/app.sock
        'mysite_nginx.conf:15:20 error pair/socket-mismatch',
        // chmod_socket (underscore) is ignored: mysite:www-data 0755
        'mysite_uwsgi.ini:15:10 error pair/socket-permissions',
      ].sort(),
    );
  });
});
