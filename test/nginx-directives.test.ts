// The directive table: its shape and provenance, and a sample checked against the real nginx -t.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import data from '../src/nginx/directives-data.json' with { type: 'json' };
import { directiveSpecs, directivesSource, judge, nginxLightModules } from '../src/nginx/directive-table.js';
import { corpusNginxFindings } from './support/nginx-corpus.js';
import { sharedCorpusAvailable, sharedCorpusDir } from './support/shared.js';
import { nginxUnavailableReason, NGINX_BINARY } from './support/nginx-t.js';

describe('directives-data.json', () => {
  test('comes from nginx 1.22.1 (release-1.22.1) and has the modules of a standard build', () => {
    expect(data.nginx).toMatchObject({ version: '1.22.1', rev: 'release-1.22.1', commit: '352a7d2bc4aa6b51e6e5c13f811bf961201c763d' });
    expect(directivesSource.version).toBe('1.22.1');
    const modules = new Set(data.modules.map((m) => m.name));
    for (const m of ['ngx_core_module', 'ngx_events_module', 'ngx_http_core_module', 'ngx_http_upstream_module', 'ngx_http_uwsgi_module', 'ngx_http_proxy_module', 'ngx_http_ssl_module', 'ngx_http_rewrite_module', 'ngx_stream_core_module', 'ngx_mail_core_module']) {
      expect(modules.has(m), m).toBe(true);
    }
    expect(data.directives.length).toBeGreaterThan(600);
  });

  test('every entry has a name, a known module, contexts and an argument spec', () => {
    const modules = new Set(data.modules.map((m) => m.name));
    for (const d of data.directives) {
      expect(d.name).toMatch(/^[a-z0-9_]+$/);
      expect(modules.has(d.module), d.name).toBe(true);
      expect(d.contexts.length, d.name).toBeGreaterThan(0);
      expect(d.args, d.name).toMatch(/^(any|flag|[12]\+|\d(,\d)*)$/);
    }
  });

  test('facts read off the source', () => {
    expect(directiveSpecs('uwsgi_pass')).toMatchObject([{ contexts: ['location', 'if-in-location'], args: '1', duplicate: true }]);
    expect(directiveSpecs('uwsgi_param')[0]).toMatchObject({ contexts: ['http', 'server', 'location'], args: '2,3' });
    expect(directiveSpecs('limit_req')[0].duplicate).toBe('some-arguments');
    expect(directiveSpecs('map').every((s) => s.customBlock)).toBe(true);
    expect(judge('proxy_pass', 'http', 1, false).kind).toBe('not-allowed');
    expect(judge('listen', 'server', 1, true).kind).toBe('not-terminated');
    expect(nginxLightModules.has('ngx_http_uwsgi_module')).toBe(true);
    expect(nginxLightModules.has('ngx_stream_core_module')).toBe(false);
  });
});

const unavailable = nginxUnavailableReason();

describe.skipIf(unavailable !== null)('a sample agrees with nginx-light', () => {
  // [directive line, where] -> nginx's message (null: accepted).
  const sample: [string, 'http' | 'server' | 'location', string | null][] = [
    ['proxy_pass http://127.0.0.1:1;', 'http', '"proxy_pass" directive is not allowed here'],
    ['proxy_pass http://127.0.0.1:1;', 'location', null],
    ['uwsgi_pass 127.0.0.1:1;', 'server', '"uwsgi_pass" directive is not allowed here'],
    ['listen 8080;', 'location', '"listen" directive is not allowed here'],
    ['uwsgi_param A;', 'location', 'invalid number of arguments in "uwsgi_param" directive'],
    ['gzip on off;', 'http', 'invalid number of arguments in "gzip" directive'],
    ['client_max_body_size 1m; client_max_body_size 2m;', 'server', '"client_max_body_size" directive is duplicate'],
    ['add_header A a; add_header B b;', 'server', null],
    ['server_nam x;', 'server', 'unknown directive "server_nam"'],
  ];
  const wrap = (line: string, where: string) =>
    where === 'http' ? `events {}\nhttp {\n${line}\n}\n` : where === 'server' ? `events {}\nhttp {\nserver {\n${line}\n}\n}\n` : `events {}\nhttp {\nserver {\nlocation / {\n${line}\n}\n}\n}\n`;

  test.each(sample)('%s in %s', (line, where, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'nginx-directives-'));
    try {
      writeFileSync(join(dir, 'nginx.conf'), wrap(line, where));
      let out = '';
      try {
        execFileSync(NGINX_BINARY, ['-t', '-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', `pid ${dir}/nginx.pid;`], { stdio: 'pipe', encoding: 'utf8' });
      } catch (error) {
        out = `${(error as { stderr: string }).stderr}`;
      }
      const message = /\[emerg\] (.*?) in \//.exec(out)?.[1] ?? null;
      expect(message).toBe(expected);
      const [name, ...rest] = line.split(';')[0].split(/\s+/);
      const verdict = judge(name, where, rest.length, false);
      const ours = { ok: null, unknown: 'unknown', 'not-allowed': 'not allowed here', args: 'invalid number', 'not-terminated': 'x', 'no-opening': 'x' }[verdict.kind];
      if (expected === null || expected.includes('duplicate')) expect(verdict.kind).toBe('ok');
      else expect(expected).toContain(ours!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const corpusDir = sharedCorpusDir;
const hasCorpus = sharedCorpusAvailable('corpus review of the directive rules');

const DIRECTIVE_RULES = new Set([
  'nginx/unknown-directive', 'nginx/wrong-context', 'nginx/argument-count', 'nginx/duplicate-directive', 'nginx/no-port-in-upstream',
  'nginx/ssl-without-key', 'nginx/invalid-if', 'nginx/invalid-location', 'nginx/conflicting-server-name',
]);

describe.skipIf(!hasCorpus)('deployed configs of the corpus', () => {
  // Reviewed once: every finding below is true of the file (see the snapshot); no error is false.
  test('findings of the directive rules, pinned', async () => {
    const lines = await corpusNginxFindings(corpusDir, DIRECTIVE_RULES);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/nginx-directive-rules-corpus.txt');
  }, 120_000);
});
