// query.nginx as rules read it: the block around a directive.
import { expect, test } from 'vitest';
import { projectFromTexts } from '../src/lint.js';
import { Query, type NginxDirective } from '../src/query/index.js';

test('enclosing() finds the server and http blocks around a location line, and null past the top', () => {
  const text = 'events {}\nhttp {\n    server {\n        location / {\n            return 204;\n        }\n    }\n}\n';
  const project = projectFromTexts([{ path: 'nginx.conf', text, kind: 'nginx' }], { cwd: '/project' });
  const query = new Query(project);
  const [{ scope }] = query.nginx.directives('return');
  expect(scope.kind).toBe('location');
  expect(query.nginx.enclosing(scope, 'location')).toBe(scope);
  expect(query.nginx.enclosing(scope, 'server')?.kind).toBe('server');
  expect(query.nginx.enclosing(scope, 'http')?.kind).toBe('http');
  expect(query.nginx.enclosing(scope, 'upstream')).toBeNull();
});

test('variableLines() hands out the lines with a $ in an argument, each once, in run order, judged lines only', () => {
  const site = 'server {\n    listen 80;\n    set $a $host;\n    location /a { include /project/params; }\n    location /b { include /project/params; }\n    return 200 "$a";\n    add_header X-Plain plain;\n    location ~ \\.php$ { deny all; }\n}\n';
  const params = 'uwsgi_param PATH_INFO $document_uri;\nuwsgi_param X plain;\n';
  // A line a template fills in is not judged (the whole return line here).
  const templated = 'server {\n    return 301 https://{{ host }}$request_uri;\n    add_header X-Uri $uri;\n}\n';
  const { query, site0 } = siteWithParams(site, params, templated);
  const shown = (lines: readonly NginxDirective[]) => lines.map((d) => `${d.name} ${d.args.map((w) => w.raw).join(' ')}`);
  // Run order (a block's lines together, then the blocks inside it); the params line stands in
  // two locations and is handed out once; a regex's `$` counts; lines without a `$` are not there.
  expect(shown(query.nginx.variableLines({ config: site0 }))).toEqual(['set $a $host', 'return 200 "$a"', 'location ~ \\.php$', 'uwsgi_param PATH_INFO $document_uri']);
  expect(query.nginx.directives('uwsgi_param', { config: site0 }).filter((i) => i.directive.args[1].value.includes('$'))).toHaveLength(2);
  expect(shown(query.nginx.variableLines())).toContain('add_header X-Uri $uri');
  expect(shown(query.nginx.variableLines())).not.toContain('return 301 https://{{ host }}$request_uri');
  expect(shown(query.nginx.variableLines({ templated: true }))).toContain('return 301 https://{{ host }}$request_uri');
});

test('byBlock() hands out the lines of several names by block, in run order, as directives() would group them', () => {
  const site =
    'server {\n    root /a;\n    location /x { alias /b/; root /c; include /project/params; }\n    alias /d/;\n    location /y { include /project/params; }\n}\n' +
    'server {\n    root /e;\n}\n';
  const params = 'uwsgi_param A 1;\nuwsgi_param B 2;\n';
  const templated = 'server {\n    root {{ docroot }};\n    root /f;\n}\n';
  const { query, site0 } = siteWithParams(site, params, templated);
  const shown = (groups: ReturnType<typeof query.nginx.byBlock>) => groups.map((g) => `${g.scope.kind}: ${g.directives.map((d) => `${d.name} ${d.args[0].raw}`).join(', ')}`);
  // root and alias merged in text order within each block; a block's lines come once, together.
  expect(shown(query.nginx.byBlock(['root', 'alias'], { config: site0 }))).toEqual(['server: root /a, alias /d/', 'location: alias /b/, root /c', 'server: root /e']);
  // A line two includes reach comes once per block it stands in.
  expect(shown(query.nginx.byBlock('uwsgi_param', { config: site0 }))).toEqual(['location: uwsgi_param A, uwsgi_param B', 'location: uwsgi_param A, uwsgi_param B']);
  // The same groups as directives() gives, item by item.
  const items = query.nginx.directives(['root', 'alias']);
  expect(query.nginx.byBlock(['alias', 'root']).flatMap((g) => g.directives.map((d) => [g.scope, d]))).toEqual(items.map((i) => [i.scope, i.directive]));
  // Lines of a file with template tags only when asked for.
  expect(shown(query.nginx.byBlock('root')).some((s) => s.includes('{{'))).toBe(false);
  expect(shown(query.nginx.byBlock('root', { templated: true }))).toContain('server: root {{ docroot }}, root /f');
  // verdict() is what the items carry.
  for (const item of query.nginx.directives(['root', 'alias', 'uwsgi_param'])) expect(query.nginx.verdict(item.directive, item.scope)).toEqual(item.verdict);
});

test('repeatedByBlock() hands out only the blocks with two lines or more of the names', () => {
  const site = 'server {\n    root /a;\n    location /x { alias /b/; root /c; }\n    location /y { root /d; }\n}\nserver {\n    root /e;\n    alias /f/;\n}\n';
  const project = projectFromTexts([{ path: 'site.conf', text: site, kind: 'nginx' }], { cwd: '/project' });
  const query = new Query(project);
  const shown = query.nginx.repeatedByBlock(['root', 'alias']).map((g) => g.directives.map((d) => d.args[0].raw).join(' '));
  expect(shown).toEqual(['/b/ /c', '/e /f/']);
  expect(query.nginx.repeatedByBlock('location').map((g) => g.directives.length)).toEqual([2]);
});

/** A query over a site that includes /project/params, and a file with template tags beside it; `site0` is the site's config. */
function siteWithParams(site: string, params: string, templated: string) {
  const project = projectFromTexts(
    [
      { path: 'site.conf', text: site, kind: 'nginx' },
      { path: 'params', text: params, kind: 'nginx' },
      { path: 'tpl.conf', text: templated, kind: 'nginx' },
    ],
    { cwd: '/project' },
  );
  return { query: new Query(project), site0: project.nginx.find((c) => c.root.source.path.endsWith('site.conf'))! };
}
