// A whole repository linted the way CI does: files that are not nginx or uWSGI configs (a
// FreeRADIUS site, a Perl test script, a README.Debian, ...) are skipped by a walk, and named
// outright they get one lint/not-a-config info line instead of nginx or uWSGI findings.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../src/discover.js';
import { lint } from '../src/lint.js';

const root = join(import.meta.dirname, 'fixtures', 'lookalikes');

describe('files that are neither nginx nor uWSGI', () => {
  it('are not found by a directory walk', async () => {
    const { files, missing } = await discoverFiles(['.'], { cwd: root });
    expect(missing).toEqual([]);
    expect(files).toEqual([]);
  });

  it('named outright, get one info line at the text that shows what they are', async () => {
    const named = ['freeradius/sites-enabled/default', 'nginx-tests/uwsgi_body.t', 'debian/README.Debian', 'logrotate/nginx/nginx', 'php-fpm/pool.d/www.conf', 'varnish/cache.conf', 'upstart/init/uwsgi.conf'];
    const result = await lint({ files: named, cwd: root });
    const got = result.results.map((r) => ({ file: r.filePath, kind: r.kind, messages: r.messages.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity} ${m.ruleId} ${m.message}`) }));
    const tail = 'not an nginx or uWSGI config: this file was not linted (leave it off the command line, or add it to "ignores")';
    expect(got).toEqual([
      { file: 'debian/README.Debian', kind: 'other', messages: [`1:1-1:1 info lint/not-a-config README.Debian is named like documentation, ${tail}`] },
      { file: 'freeradius/sites-enabled/default', kind: 'other', messages: [`2:1-2:17 info lint/not-a-config \`server default {\` looks like a FreeRADIUS config, ${tail}`] },
      { file: 'logrotate/nginx/nginx', kind: 'other', messages: [`1:1-1:23 info lint/not-a-config \`/var/log/nginx/*.log {\` looks like a logrotate config, ${tail}`] },
      { file: 'nginx-tests/uwsgi_body.t', kind: 'other', messages: [`1:1-1:1 info lint/not-a-config uwsgi_body.t is named like a Perl script, ${tail}`] },
      { file: 'php-fpm/pool.d/www.conf', kind: 'other', messages: [`5:1-5:15 info lint/not-a-config \`listen.owner =\` looks like a PHP-FPM pool, ${tail}`] },
      // An Upstart job says how uWSGI is started: it is read as a context file, not skipped.
      { file: 'upstart/init/uwsgi.conf', kind: 'context', messages: ['6:33-6:51 info uwsgi/not-evaluated `--ini /srv/app/uwsgi.ini` is not read: no file in the repository is known to end up at `/srv/app/uwsgi.ini`'] },
      { file: 'varnish/cache.conf', kind: 'other', messages: [`1:1-1:9 info lint/not-a-config \`vcl 4.1;\` looks like a Varnish VCL file, ${tail}`] },
    ]);
    expect(result.errorCount + result.warningCount).toBe(0);
  });

  it('named outright with an explicit kind (the library API), are linted as that kind', async () => {
    const { lintText } = await import('../src/lint.js');
    const result = await lintText([{ path: 'sites-enabled/default', text: 'server default {\n    listen 80;\n}\n', kind: 'nginx' }], { cwd: '/project' });
    expect(result.results.flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain('lint/not-a-config');
  });
});
