// query.nginx as rules read it: the block around a directive.
import { expect, test } from 'vitest';
import { projectFromTexts } from '../src/lint.js';
import { Query } from '../src/query/index.js';

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

test('withVariables() hands out the lines with a $ in an argument, in run order, judged lines only', () => {
  const site = 'server {\n    listen 80;\n    set $a $host;\n    return 200 "$a";\n    add_header X-Plain plain;\n    location ~ \\.php$ { deny all; }\n}\n';
  // A line a template fills in is not judged (the whole return line here).
  const templated = 'server {\n    return 301 https://{{ host }}$request_uri;\n    add_header X-Uri $uri;\n}\n';
  const project = projectFromTexts(
    [
      { path: 'site.conf', text: site, kind: 'nginx' },
      { path: 'tpl.conf', text: templated, kind: 'nginx' },
    ],
    { cwd: '/project' },
  );
  const query = new Query(project);
  const shown = (items: ReturnType<typeof query.nginx.withVariables>) => items.map((i) => `${i.directive.name} ${i.directive.args.map((w) => w.raw).join(' ')}`);
  // A regex's `$` counts: the location line is there; lines without a `$` are not.
  expect(shown(query.nginx.withVariables())).toEqual(['set $a $host', 'return 200 "$a"', 'location ~ \\.php$', 'add_header X-Uri $uri']);
  const orders = query.nginx.withVariables().map((i) => i.order);
  expect([...orders].sort((a, b) => a - b)).toEqual(orders);
  expect(shown(query.nginx.withVariables({ templated: true }))).toContain('return 301 https://{{ host }}$request_uri');
});
