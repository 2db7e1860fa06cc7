// Include resolution, as nginx does it: a relative path starts at the prefix (the main config's
// directory; /etc/nginx for a fragment), wildcards expand in sorted order and may match nothing,
// Debian's standard files are known without disk, cycles are reported instead of followed.
// Through resolveNginxIncludes with an in-memory file system, and end to end through lintText.
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/lint.js';
import type { NginxDirective, NginxFile } from '../src/nginx/ast.js';
import { parseNginx } from '../src/nginx/parse.js';
import { resolveNginxIncludes, type NginxFileSystem, type NginxResolveOptions } from '../src/nginx/resolve.js';
import type { Diagnostic } from '../src/diagnostic.js';
import type { LintResult } from '../src/result.js';
import { createSourceFile, rangeOf } from '../src/source.js';
import { nginxDiagnostics } from './support/problems.js';

/** An in-memory file system that records every read, with glob(3)'s `*` and `?` (unsorted on purpose). */
function memoryFs(files: Record<string, string>) {
  const reads: string[] = [];
  const fs: NginxFileSystem = {
    readFile(path) {
      reads.push(path);
      return files[path];
    },
    glob(pattern) {
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
      return Object.keys(files).filter((p) => re.test(p)).reverse();
    },
  };
  return { fs, reads };
}

function resolveFrom(path: string, files: Record<string, string>, options: Partial<NginxResolveOptions> = {}) {
  const { fs, reads } = memoryFs(files);
  const root = parseNginx(createSourceFile(path, files[path]));
  const resolution = resolveNginxIncludes(root, { fs, root: '/proj', ...options });
  return { root, resolution, reads };
}

function findAll(directives: NginxDirective[], name: string): NginxDirective[] {
  return directives.flatMap((d) => [...(d.name === name ? [d] : []), ...(d.block ? findAll(d.block, name) : [])]);
}

function diag(d: Diagnostic): string {
  const r = rangeOf(d.span.source, d.span.start, d.span.end);
  return `${d.span.source.path}:${r.line}:${r.column}-${r.endLine}:${r.endColumn} ${d.severity} [${d.ruleId}]`;
}

/** `file:line:col-endLine:endCol severity [rule]` of the nginx/* messages of a lint result (or of one rule). */
function messages(result: LintResult, rule?: string): string[] {
  return result.results.flatMap((f) =>
    f.messages.filter((m) => (rule ? m.ruleId === rule : m.ruleId.startsWith('nginx/'))).map((m) => `${f.filePath}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity} [${m.ruleId}]`),
  );
}

function paths(files: NginxFile[] | undefined): string[] {
  return (files ?? []).map((f) => f.source.path);
}

describe('the same include line many times', () => {
  it('looks the file up once, and reports each include of a missing file where it stands', () => {
    const site = ['user www-data;', 'http {', ...Array.from({ length: 3 }, (_, i) => `  server { listen ${8000 + i}; include common.conf; include gone.conf; }`), '}', ''].join('\n');
    const { root, resolution, reads } = resolveFrom('/proj/nginx.conf', { '/proj/nginx.conf': site, '/proj/common.conf': 'gzip on;\n' });
    expect(reads.filter((p) => p === '/proj/common.conf')).toHaveLength(1);
    expect(reads.filter((p) => p === '/proj/gone.conf')).toHaveLength(1);
    const includes = findAll(root.directives, 'include');
    expect(includes.filter((d) => d.args[0].value === 'common.conf').map((d) => resolution.included.get(d)?.map((f) => f.source.path))).toEqual([['/proj/common.conf'], ['/proj/common.conf'], ['/proj/common.conf']]);
    const missing = nginxDiagnostics(resolution.problems).filter((d) => d.ruleId === 'nginx/missing-include');
    expect(missing.map((d) => rangeOf(d.span.source, d.span.start, d.span.end).line)).toEqual([3, 4, 5]);
  });
});

describe('relative includes from a main config start at its directory', () => {
  const files = {
    '/proj/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    include mime.types;\n}\n',
    '/proj/conf.d/b.conf': 'server { listen 81; }\n',
    '/proj/conf.d/a.conf': 'server { listen 80; }\n',
    '/proj/conf.d/c.txt': 'not included;\n',
    '/proj/mime.types': 'types { text/x-local loc; }\n',
  };

  it('expands a glob in sorted order and reads the local mime.types, not the standard one', () => {
    const { root, resolution } = resolveFrom('/proj/nginx.conf', files);
    expect(root.context).toBe('main');
    const [glob, mime] = findAll(root.directives, 'include');
    expect(paths(resolution.included.get(glob))).toEqual(['/proj/conf.d/a.conf', '/proj/conf.d/b.conf']);
    expect(paths(resolution.included.get(mime))).toEqual(['/proj/mime.types']);
    expect(paths(resolution.includedFiles)).toEqual(['/proj/conf.d/a.conf', '/proj/conf.d/b.conf', '/proj/mime.types']);
    expect(resolution.problems).toEqual([]);
  });

  it('a glob that matches nothing is not a diagnostic (nginx accepts it)', () => {
    const { root, resolution } = resolveFrom('/proj/nginx.conf', { '/proj/nginx.conf': 'events {}\nhttp { include sites-enabled/*; }\n' });
    expect(resolution.included.get(findAll(root.directives, 'include')[0])).toEqual([]);
    expect(resolution.problems).toEqual([]);
  });

  it('a missing file is an error at the exact span of the include argument', () => {
    const { resolution } = resolveFrom('/proj/nginx.conf', { '/proj/nginx.conf': 'events {}\nhttp {\n    include   conf.d/missing.conf;\n}\n' });
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual(['/proj/nginx.conf:3:15-3:34 error [nginx/missing-include]']);
    expect(nginxDiagnostics(resolution.problems)[0].message).toContain('conf.d/missing.conf');
  });

  it('a missing quoted path is blamed on the whole quoted token', () => {
    const { resolution } = resolveFrom('/proj/nginx.conf', { '/proj/nginx.conf': 'events {}\nhttp { include "x y.conf"; }\n' });
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual(['/proj/nginx.conf:2:16-2:26 error [nginx/missing-include]']);
  });
});

describe('a fragment resolves its relative includes against /etc/nginx', () => {
  const site = 'server {\n    listen 80;\n    include snippets/app.conf;\n}\n';

  it('unmapped: an info that says how to map the path, and no read outside the tree', () => {
    const { root, resolution, reads } = resolveFrom('/proj/sites/app.conf', { '/proj/sites/app.conf': site });
    expect(root.context).toBe('http');
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual(['/proj/sites/app.conf:3:13-3:30 info [nginx/missing-include]']);
    const message = nginxDiagnostics(resolution.problems)[0].message;
    expect(message).toContain('/etc/nginx/snippets/app.conf');
    expect(message).toContain('pathMappings');
    expect(message).toContain('"from": "/etc/nginx/snippets"');
    expect(reads).toEqual([]);
  });

  it('mapped /etc/nginx -> deploy/nginx: the file is read from the tree', () => {
    const { root, resolution } = resolveFrom(
      '/proj/sites/app.conf',
      { '/proj/sites/app.conf': site, '/proj/deploy/nginx/snippets/app.conf': 'location / { uwsgi_pass app; }\n' },
      { pathMappings: [{ from: '/etc/nginx', to: '/proj/deploy/nginx' }] },
    );
    expect(resolution.problems).toEqual([]);
    expect(paths(resolution.included.get(findAll(root.directives, 'include')[0]))).toEqual(['/proj/deploy/nginx/snippets/app.conf']);
  });

  it('mapped but absent: an error, naming where it looked', () => {
    const { resolution } = resolveFrom('/proj/sites/app.conf', { '/proj/sites/app.conf': site }, { pathMappings: [{ from: '/etc/nginx/', to: '/proj/deploy/nginx/' }] });
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual(['/proj/sites/app.conf:3:13-3:30 error [nginx/missing-include]']);
    expect(nginxDiagnostics(resolution.problems)[0].message).toContain('deploy/nginx/snippets/app.conf');
  });

  it('an absolute include under a mapped prefix, with a glob, in sorted order', () => {
    const { root, resolution } = resolveFrom(
      '/proj/sites/app.conf',
      {
        '/proj/sites/app.conf': 'server { include /etc/nginx/conf.d/*.conf; }\n',
        '/proj/deploy/nginx/conf.d/z.conf': 'gzip on;\n',
        '/proj/deploy/nginx/conf.d/m.conf': 'gzip off;\n',
      },
      { pathMappings: [{ from: '/etc/nginx', to: '/proj/deploy/nginx' }] },
    );
    expect(resolution.problems).toEqual([]);
    expect(paths(resolution.included.get(findAll(root.directives, 'include')[0]))).toEqual(['/proj/deploy/nginx/conf.d/m.conf', '/proj/deploy/nginx/conf.d/z.conf']);
  });
});

describe('standard Debian files resolve without disk', () => {
  const site = 'server {\n  location / {\n    include uwsgi_params;\n    include /etc/nginx/mime.types;\n    include snippets/fastcgi-php.conf;\n  }\n}\n';

  it('uwsgi_params, mime.types and snippets/fastcgi-php.conf, with their contents', () => {
    const { root, resolution, reads } = resolveFrom('/proj/site.conf', { '/proj/site.conf': site });
    expect(resolution.problems).toEqual([]);
    expect(reads).toEqual([]);
    const [uwsgi, mime, php] = findAll(root.directives, 'include');

    expect(paths(resolution.included.get(uwsgi))).toEqual(['/etc/nginx/uwsgi_params']);
    const params = resolution.included.get(uwsgi)![0].directives.map((d) => [d.name, ...d.args.map((a) => a.value)].join(' '));
    expect(params).toEqual(
      expect.arrayContaining([
        'uwsgi_param QUERY_STRING $query_string',
        'uwsgi_param REQUEST_METHOD $request_method',
        'uwsgi_param CONTENT_TYPE $content_type',
        'uwsgi_param CONTENT_LENGTH $content_length',
        'uwsgi_param REQUEST_URI $request_uri',
        'uwsgi_param PATH_INFO $document_uri',
        'uwsgi_param DOCUMENT_ROOT $document_root',
        'uwsgi_param SERVER_PROTOCOL $server_protocol',
        'uwsgi_param HTTPS $https if_not_empty',
        'uwsgi_param REMOTE_ADDR $remote_addr',
        'uwsgi_param SERVER_NAME $server_name',
      ]),
    );
    expect(params.every((p) => p.startsWith('uwsgi_param '))).toBe(true);
    expect(resolution.included.get(uwsgi)![0].problems).toEqual([]);

    expect(paths(resolution.included.get(mime))).toEqual(['/etc/nginx/mime.types']);
    const types = resolution.included.get(mime)![0].directives[0];
    expect(types.name).toBe('types');
    expect(types.block!.map((d) => [d.name, ...d.args.map((a) => a.value)].join(' '))).toEqual(
      expect.arrayContaining(['text/html html htm shtml', 'text/css css', 'application/javascript js']),
    );

    expect(paths(resolution.included.get(php))).toEqual(['/etc/nginx/snippets/fastcgi-php.conf']);
    const snippet = resolution.included.get(php)![0];
    expect(snippet.directives.map((d) => d.name)).toEqual(expect.arrayContaining(['fastcgi_split_path_info', 'try_files', 'fastcgi_index', 'include']));
    expect(snippet.directives.find((d) => d.name === 'fastcgi_split_path_info')!.args[0].value).toBe('^(.+?\\.php)(/.*)$');
    // The snippet's own `include fastcgi.conf;` is a standard file too.
    expect(paths(resolution.included.get(findAll(snippet.directives, 'include')[0]))).toEqual(['/etc/nginx/fastcgi.conf']);
  });

  it('a main config in the tree falls back to the standard file when it has no local copy', () => {
    const { root, resolution } = resolveFrom('/proj/nginx.conf', { '/proj/nginx.conf': 'events {}\nhttp { include mime.types; server { include uwsgi_params; } }\n' });
    expect(resolution.problems).toEqual([]);
    expect(findAll(root.directives, 'include').map((d) => paths(resolution.included.get(d)))).toEqual([['/etc/nginx/mime.types'], ['/etc/nginx/uwsgi_params']]);
  });
});

describe('include cycles are reported, not followed', () => {
  it('a -> b -> a', () => {
    const { resolution } = resolveFrom('/proj/nginx.conf', {
      '/proj/nginx.conf': 'events {}\nhttp { include a.conf; }\n',
      '/proj/a.conf': 'include b.conf;\n',
      '/proj/b.conf': 'gzip on;\ninclude a.conf;\n',
    });
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual(['/proj/b.conf:2:9-2:15 error [nginx/include-cycle]']);
    expect(nginxDiagnostics(resolution.problems)[0].message).toContain('a.conf -> b.conf -> a.conf');
  });

  it('a file that includes itself', () => {
    const { resolution } = resolveFrom('/proj/nginx.conf', {
      '/proj/nginx.conf': 'events {}\nhttp { include self.conf; }\n',
      '/proj/self.conf': 'gzip on;\ninclude self.conf;\n',
    });
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual(['/proj/self.conf:2:9-2:18 error [nginx/include-cycle]']);
  });

  // conf.d files that each `include conf.d/*.conf;` (the line belongs in nginx.conf): every file
  // includes every other. Each cyclic include is one problem, whatever the number of paths to it.
  it('8 files that each include the whole directory: one diagnostic per include, not one per path', () => {
    const files: Record<string, string> = { '/proj/nginx.conf': 'events {}\nhttp { include conf.d/*.conf; }\n' };
    for (let i = 0; i < 8; i++) files[`/proj/conf.d/f${i}.conf`] = 'include conf.d/*.conf;\n';
    const { resolution } = resolveFrom('/proj/nginx.conf', files);
    expect(resolution.includedFiles).toHaveLength(8);
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual([7, 6, 5, 4, 3, 2, 1, 0].map((i) => `/proj/conf.d/f${i}.conf:1:9-1:22 error [nginx/include-cycle]`));
  }, 20_000);

  it('a main config that includes itself through a glob', () => {
    const { resolution } = resolveFrom('/proj/nginx.conf', { '/proj/nginx.conf': 'events {}\nhttp { include *.conf; }\n' });
    expect(nginxDiagnostics(resolution.problems).map(diag)).toEqual(['/proj/nginx.conf:2:16-2:22 error [nginx/include-cycle]']);
  });
});

describe('included files: context and their own diagnostics', () => {
  it('a file included inside server {} gets context server; inside http {}, http; inside location, location', () => {
    const { root, resolution } = resolveFrom('/proj/nginx.conf', {
      '/proj/nginx.conf': 'events {}\nhttp {\n  include h.conf;\n  server {\n    include s.conf;\n    location / { include l.conf; }\n  }\n}\n',
      '/proj/h.conf': 'gzip on;\n',
      '/proj/s.conf': 'root /srv;\n',
      '/proj/l.conf': 'expires 1d;\n',
    });
    expect(findAll(root.directives, 'include').map((d) => [paths(resolution.included.get(d))[0], resolution.included.get(d)![0].context])).toEqual([
      ['/proj/h.conf', 'http'],
      ['/proj/s.conf', 'server'],
      ['/proj/l.conf', 'location'],
    ]);
  });

  it('a file of unknown context takes it where included, and so do the files its own blocks include', () => {
    // a.conf alone is of unknown context; included in a location, its `if` block is in a
    // location too, so b.conf (also unknown) is read in a location, not as unknown.
    const { resolution } = resolveFrom('/proj/nginx.conf', {
      '/proj/nginx.conf': 'events {}\nhttp {\n  server {\n    location / { include a.conf; }\n  }\n}\n',
      '/proj/a.conf': 'if ($x) { include b.conf; }\n',
      '/proj/b.conf': 'return 200;\n',
    });
    expect(resolution.includedFiles.map((f) => [f.source.path, f.context])).toEqual([
      ['/proj/a.conf', 'location'],
      ['/proj/b.conf', 'location'],
    ]);
  });

  it('the parser notes each include line with the context of its block', () => {
    const file = parseNginx(createSourceFile('/proj/nginx.conf', 'include m.conf;\nhttp {\n  include h.conf;\n  server {\n    include s.conf;\n    if ($a) { include i.conf; }\n    location / { include l.conf; if ($b) { include j.conf; } }\n  }\n}\n'));
    expect(file.includeContextsFor).toBe('main');
    expect(file.includes.map((d, i) => [d.args[0].value, file.includeContexts[i]])).toEqual([
      ['m.conf', 'main'],
      ['h.conf', 'http'],
      ['s.conf', 'server'],
      ['i.conf', 'server'],
      ['l.conf', 'location'],
      ['j.conf', 'location'],
    ]);
  });

  it('through lintText: a syntax error inside an included file is reported at that file\'s path and line', async () => {
    const result = await lintText(
      [
        { path: 'nginx.conf', text: 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n' },
        { path: 'conf.d/app.conf', text: 'server {\n  listen 80;\n  root /srv\n}\n', kind: 'nginx' },
      ],
      { cwd: '/proj' },
    );
    expect(messages(result, 'nginx/syntax')).toEqual(['conf.d/app.conf:4:1-4:2 error [nginx/syntax]']);
    const app = result.results.find((f) => f.filePath === 'conf.d/app.conf')!;
    expect(app.messages[0].related[0]).toMatchObject({ filePath: 'conf.d/app.conf', line: 3, column: 12 });
  });

  it('through lintText: a file that is not an input of the call is missing (lintText never reads the disk)', async () => {
    const result = await lintText([{ path: 'nginx.conf', text: 'events {}\nhttp {\n  include missing-semi.conf;\n}\n' }], { cwd: '/proj' });
    // Only texts of the call are readable: a file that is not an input is missing.
    expect(messages(result)).toEqual(['nginx.conf:1:1-1:7 info [nginx/missing-worker-processes]', 'nginx.conf:3:11-3:28 error [nginx/missing-include]']);
  });
});

describe('through lintText', () => {
  it('relative include from a main config: the glob finds the other input, its error is its own', async () => {
    const result = await lintText(
      [
        { path: 'nginx.conf', text: 'events {}\nhttp {\n  include mime.types;\n  include sites/*.conf;\n  include sites/none-*.conf;\n}\n' },
        { path: 'sites/app.conf', text: 'server {\n  include uwsgi_params;\n  include snippets/missing.conf;\n}\n', kind: 'nginx' },
      ],
      { cwd: '/proj' },
    );
    // From the main config, the prefix is /proj: snippets/missing.conf is /proj/snippets/missing.conf.
    expect(messages(result, 'nginx/missing-include')).toEqual(expect.arrayContaining(['sites/app.conf:3:11-3:32 error [nginx/missing-include]']));
    // Nothing about its includes (the main config's only finding is that it sets no worker_processes).
    expect(messages(result).filter((m) => m.startsWith('nginx.conf'))).toEqual(['nginx.conf:1:1-1:7 info [nginx/missing-worker-processes]']);
  });

  it('pathMappings /etc/nginx -> deploy/nginx for a fragment; standard files need no mapping', async () => {
    const result = await lintText(
      [
        { path: 'sites/app.conf', text: 'server {\n  include snippets/app.conf;\n  include uwsgi_params;\n  include snippets/missing.conf;\n}\n', kind: 'nginx' },
        { path: 'deploy/nginx/snippets/app.conf', text: 'location / { uwsgi_pass unix:/run/app.sock; }\n', kind: 'nginx' },
      ],
      { cwd: '/proj', config: { pathMappings: [{ from: '/etc/nginx', to: 'deploy/nginx' }] } },
    );
    expect(messages(result)).toEqual(['sites/app.conf:4:11-4:32 error [nginx/missing-include]']);
    expect(result.results.find((f) => f.filePath === 'sites/app.conf')!.messages[0].message).toContain('deploy/nginx/snippets/missing.conf');
  });

  it('without the mapping, a fragment\'s include outside the tree is an info that says how to map it', async () => {
    const result = await lintText([{ path: 'sites/app.conf', text: 'server {\n  include snippets/app.conf;\n}\n', kind: 'nginx' }], { cwd: '/proj' });
    expect(messages(result)).toEqual(['sites/app.conf:2:11-2:28 info [nginx/missing-include]']);
    expect(result.results[0].messages[0].message).toContain('pathMappings');
  });

  it('a fragment linted on its own and included by a main config: each resolves its includes with its own prefix, in any order', async () => {
    // The main config finds snippets/tls.conf beside it; the fragment alone looks in /etc/nginx.
    // Before, whichever was resolved last decided for both (the line kept one answer), so the
    // main config's findings depended on the order of the inputs.
    const files = [
      { path: 'deploy/nginx.conf', text: 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n', kind: 'nginx' as const },
      { path: 'deploy/conf.d/site.conf', text: 'server {\n    listen 443 ssl;\n    server_name a.example.com;\n    include snippets/tls.conf;\n    location / { return 200; }\n}\n', kind: 'nginx' as const },
      { path: 'deploy/snippets/tls.conf', text: 'ssl_certificate /etc/ssl/a.pem;\n', kind: 'nginx' as const },
    ];
    const expected = [
      'deploy/conf.d/site.conf:1:1-1:7 info [nginx/hsts-header]',
      'deploy/conf.d/site.conf:4:13-4:30 info [nginx/missing-include]',
      'deploy/nginx.conf:1:1-1:7 info [nginx/missing-worker-processes]',
      'deploy/nginx.conf:2:1-2:5 info [nginx/version-disclosure]',
      'deploy/snippets/tls.conf:1:17-1:31 error [nginx/ssl-without-key]',
    ];
    for (const order of [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]]) {
      const result = await lintText(order.map((i) => files[i]), { cwd: '/proj' });
      expect(messages(result).sort(), order.join(',')).toEqual(expected);
    }
  });

  it('an include cycle between two inputs ends, with the cycle reported', async () => {
    const result = await lintText(
      [
        { path: 'a.conf', text: 'server {\n  include /etc/nginx/b.conf;\n}\n', kind: 'nginx' },
        { path: 'deploy/b.conf', text: 'location / {}\ninclude /etc/nginx/a.conf;\n', kind: 'nginx' },
        { path: 'deploy/a.conf', text: 'include /etc/nginx/b.conf;\n', kind: 'nginx' },
      ],
      { cwd: '/proj', config: { pathMappings: [{ from: '/etc/nginx', to: 'deploy' }] } },
    );
    expect(messages(result, 'nginx/include-cycle')).toEqual(['deploy/a.conf:1:9-1:26 error [nginx/include-cycle]']);
  });
});
