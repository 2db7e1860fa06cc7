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
