import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles, displayPath } from '../src/discover.js';

let root: string;
const rel = (files: string[]) => files.map((f) => relative(root, f).split('\\').join('/'));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nul-discover-'));
  const write = (path: string, text: string | Buffer) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('deploy/uwsgi/app.ini', '[uwsgi]\nsocket = /run/app.sock\nmaster = true\n');
  write('deploy/nginx/sites-available/default', 'server {\n    listen 80;\n    location / { uwsgi_pass unix:/run/app.sock; }\n}\n');
  write('deploy/nginx/app.conf', '[uwsgi]\nmodule = app:application\n');
  write('deploy/README.md', '# Deploy\n\nserver { listen 80; }\n');
  write('deploy/Dockerfile', 'FROM python:3.12\nRUN pip install uwsgi\n');
  write('deploy/manage.py', 'import os\n');
  write('deploy/logo.conf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0x20, 0x7b]));
  write('deploy/node_modules/pkg/nginx.conf', 'server { listen 80; }\n');
  write('deploy/dist/nginx.conf', 'server { listen 80; }\n');
  write('deploy/.git/config.conf', 'server { listen 80; }\n');
  write('notes.txt', 'hello\n');
  // A loop (a directory linking to its parent), a dangling link, and a link to a site file.
  symlinkSync('..', join(root, 'deploy/uwsgi/loop'));
  symlinkSync('/nonexistent/target', join(root, 'deploy/dangling.conf'));
  mkdirSync(join(root, 'deploy/nginx/sites-enabled'));
  symlinkSync('../sites-available/default', join(root, 'deploy/nginx/sites-enabled/default'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discoverFiles', () => {
  it('takes `app.ini:section` as the ini and the section to read, as uwsgi --ini does', async () => {
    const { files, missing } = await discoverFiles(['deploy/uwsgi/app.ini:prod', 'deploy/uwsgi/app.ini:dev', 'deploy/uwsgi/app.ini', 'deploy/uwsgi/none.ini:prod', 'deploy/uwsgi/app.ini:bad/name'], { cwd: root });
    expect(rel(files)).toEqual(['deploy/uwsgi/app.ini', 'deploy/uwsgi/app.ini:dev', 'deploy/uwsgi/app.ini:prod']);
    expect(missing).toEqual(['deploy/uwsgi/none.ini:prod', 'deploy/uwsgi/app.ini:bad/name']);
  });

  it('walks a directory, keeps files that classify, skips the rest and survives loops', async () => {
    const { files, missing } = await discoverFiles(['deploy'], { cwd: root });
    expect(missing).toEqual([]);
    expect(rel(files)).toEqual([
      'deploy/nginx/app.conf',
      'deploy/nginx/sites-available/default',
      'deploy/uwsgi/app.ini',
    ]);
  });

  it('keeps a file named outright even when it classifies as neither', async () => {
    const { files } = await discoverFiles(['notes.txt', 'deploy/README.md'], { cwd: root });
    expect(rel(files)).toEqual(['deploy/README.md', 'notes.txt']);
  });

  it('expands globs and filters what they match by content', async () => {
    const { files, missing } = await discoverFiles(['deploy/**/*.conf', 'deploy/*'], { cwd: root });
    expect(missing).toEqual([]);
    expect(rel(files)).toEqual(['deploy/nginx/app.conf']);
  });

  it('follows a symlinked directory inside the walked tree, once', async () => {
    // deploy/uwsgi/loop points back at deploy: walking deploy, it leads nowhere new.
    const { files, skipped } = await discoverFiles(['deploy'], { cwd: root });
    expect(rel(files)).toEqual(['deploy/nginx/app.conf', 'deploy/nginx/sites-available/default', 'deploy/uwsgi/app.ini']);
    expect(skipped.map((s) => s.path)).not.toContain(join(root, 'deploy/uwsgi/loop'));
  });

  it('does not follow a symlinked directory out of the walked tree, and says so', async () => {
    // Walking deploy/uwsgi, the link back to deploy leads out of what was asked.
    const { files, skipped } = await discoverFiles(['deploy/uwsgi'], { cwd: root });
    expect(rel(files)).toEqual(['deploy/uwsgi/app.ini']);
    expect(skipped.map((s) => [rel([s.path])[0], s.problem.problem])).toEqual([['deploy/uwsgi/loop', 'outside']]);
  });

  it('sorts and removes duplicates, also through symlinks and overlapping paths', async () => {
    const { files } = await discoverFiles(
      ['deploy/uwsgi', 'deploy/uwsgi/app.ini', 'deploy', './deploy/uwsgi/../uwsgi/app.ini'],
      { cwd: root },
    );
    expect(rel(files)).toEqual([
      'deploy/nginx/app.conf',
      'deploy/nginx/sites-available/default',
      'deploy/uwsgi/app.ini',
    ]);
  });

  it('reports paths that name nothing and globs that match nothing', async () => {
    const { files, missing } = await discoverFiles(['nope', 'deploy/*.nothing', 'deploy/uwsgi/app.ini'], { cwd: root });
    expect(missing).toEqual(['nope', 'deploy/*.nothing']);
    expect(rel(files)).toEqual(['deploy/uwsgi/app.ini']);
  });

  it('accepts absolute paths', async () => {
    const { files } = await discoverFiles([join(root, 'deploy/nginx')], { cwd: '/' });
    expect(rel(files)).toEqual(['deploy/nginx/app.conf', 'deploy/nginx/sites-available/default']);
  });
});

describe('displayPath', () => {
  it('is relative below the working directory and absolute elsewhere', () => {
    expect(displayPath('/a/b/c.conf', '/a')).toBe('b/c.conf');
    expect(displayPath('/x/c.conf', '/a')).toBe('/x/c.conf');
  });
});
