// Paths that exist only on the deployed server (`ini = /etc/uwsgi/base.ini`,
// `include /etc/nginx/snippets/x.conf`) are reported alike on both sides: not read, as info,
// with the pathMappings entry that would bring them in; a path the tree should hold stays an error.
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/lint.js';

const ini = '[uwsgi]\nini = /etc/uwsgi/base.ini\nmodule = app:application\n';
const site = 'server {\n    listen 80;\n    include /etc/nginx/snippets/headers.conf;\n}\n';

async function findings(files: { path: string; text: string; kind: 'nginx' | 'uwsgi' }[], config = {}) {
  const result = await lintText(files, { cwd: '/project', config });
  return result.results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId === 'uwsgi/include' || m.ruleId === 'nginx/missing-include')
      .map((m) => ({ file: r.filePath, ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column, endColumn: m.endColumn, message: m.message })),
  );
}

describe('a path only the deployed server holds', () => {
  it('is info on both sides, with the same wording and the mapping to add', async () => {
    const found = await findings([
      { path: 'app.ini', text: ini, kind: 'uwsgi' },
      { path: 'site.conf', text: site, kind: 'nginx' },
    ]);
    expect(found.map(({ ruleId, severity, line, column, endColumn }) => ({ ruleId, severity, line, column, endColumn }))).toEqual([
      { ruleId: 'uwsgi/include', severity: 'info', line: 2, column: 7, endColumn: 26 },
      { ruleId: 'nginx/missing-include', severity: 'info', line: 3, column: 13, endColumn: 45 },
    ]);
    expect(found[0].message).toBe('`ini = /etc/uwsgi/base.ini` points outside the linted tree (/etc/uwsgi/base.ini), so it was not read; map it onto the repository with "pathMappings" (for example {"from": "/etc/uwsgi", "to": "deploy/uwsgi"})');
    expect(found[1].message).toBe('include "/etc/nginx/snippets/headers.conf" points outside the linted tree (/etc/nginx/snippets/headers.conf), so it was not read; map it onto the repository with "pathMappings" (for example {"from": "/etc/nginx/snippets", "to": "deploy/nginx"})');
  });

  it('is read through pathMappings on both sides, with no finding', async () => {
    const config = { pathMappings: [{ from: '/etc/uwsgi', to: 'deploy/uwsgi' }, { from: '/etc/nginx/snippets', to: 'deploy/snippets' }] };
    const files = [
      { path: 'app.ini', text: ini, kind: 'uwsgi' as const },
      { path: 'deploy/uwsgi/base.ini', text: '[uwsgi]\nsocket = 127.0.0.1:3031\n', kind: 'uwsgi' as const },
      { path: 'site.conf', text: site, kind: 'nginx' as const },
      { path: 'deploy/snippets/headers.conf', text: 'add_header X-Frame-Options DENY;\n', kind: 'nginx' as const },
    ];
    expect(await findings(files, config)).toEqual([]);
  });

  it('stays an error on both sides when a mapping says the tree holds it and it is not there', async () => {
    const config = { pathMappings: [{ from: '/etc/uwsgi', to: 'deploy/uwsgi' }, { from: '/etc/nginx/snippets', to: 'deploy/snippets' }] };
    const found = await findings([
      { path: 'app.ini', text: ini, kind: 'uwsgi' },
      { path: 'site.conf', text: site, kind: 'nginx' },
    ], config);
    expect(found.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['uwsgi/include error', 'nginx/missing-include error']);
  });

  it('keeps a missing file inside the tree an error', async () => {
    const found = await findings([
      { path: 'app.ini', text: '[uwsgi]\nini = /project/common.ini\nini = common.ini\n', kind: 'uwsgi' },
    ]);
    expect(found.map((f) => `${f.line} ${f.severity}`)).toEqual(['2 error', '3 error']);
  });
});
