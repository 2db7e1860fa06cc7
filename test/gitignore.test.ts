// .gitignore in directory walks: what git would not track is not walked, with gitignore(5)'s
// rules for the common cases; a file named outright is linted whatever the patterns say.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../src/discover.js';
import { matchIgnore, parseGitignore } from '../src/gitignore.js';

const ignored = (patterns: string, path: string, isDirectory = false) => matchIgnore(parseGitignore(patterns), path, isDirectory) === true;

describe('gitignore patterns', () => {
  it('a name without a slash matches at any depth', () => {
    expect(ignored('*.local.conf', 'a.local.conf')).toBe(true);
    expect(ignored('*.local.conf', 'deploy/nginx/a.local.conf')).toBe(true);
    expect(ignored('*.local.conf', 'deploy/nginx/a.conf')).toBe(false);
    expect(ignored('secret', 'x/secret/y.conf')).toBe(false); // the directory is matched by itself, not what is inside
    expect(ignored('secret', 'x/secret', true)).toBe(true);
  });

  it('a leading or middle slash anchors to the .gitignore directory', () => {
    expect(ignored('/build', 'build', true)).toBe(true);
    expect(ignored('/build', 'src/build', true)).toBe(false);
    expect(ignored('deploy/local.conf', 'deploy/local.conf')).toBe(true);
    expect(ignored('deploy/local.conf', 'x/deploy/local.conf')).toBe(false);
  });

  it('a trailing slash matches directories only', () => {
    expect(ignored('tmp/', 'tmp', true)).toBe(true);
    expect(ignored('tmp/', 'tmp', false)).toBe(false);
    expect(ignored('tmp/', 'a/tmp', true)).toBe(true);
  });

  it('negation: the last matching pattern wins', () => {
    expect(ignored('*.conf\n!keep.conf', 'keep.conf')).toBe(false);
    expect(ignored('*.conf\n!keep.conf', 'drop.conf')).toBe(true);
    expect(ignored('!keep.conf\n*.conf', 'keep.conf')).toBe(true);
    expect(matchIgnore(parseGitignore('!keep.conf'), 'keep.conf', false)).toBe(false);
  });

  it('** as a whole segment', () => {
    expect(ignored('**/gen/*.conf', 'gen/a.conf')).toBe(true);
    expect(ignored('**/gen/*.conf', 'x/y/gen/a.conf')).toBe(true);
    expect(ignored('a/**/b.conf', 'a/b.conf')).toBe(true);
    expect(ignored('a/**/b.conf', 'a/x/y/b.conf')).toBe(true);
    expect(ignored('out/**', 'out/x/y.conf')).toBe(true);
    expect(ignored('out/**', 'out', true)).toBe(false);
  });

  it('*, ? and classes never match a slash; comments, escapes and trailing spaces', () => {
    expect(ignored('a*.conf', 'a/b.conf')).toBe(false);
    expect(ignored('deploy/*.conf', 'deploy/x/y.conf')).toBe(false);
    expect(ignored('?.ini', 'a.ini')).toBe(true);
    expect(ignored('[ab].ini', 'b.ini')).toBe(true);
    expect(ignored('[!ab].ini', 'b.ini')).toBe(false);
    expect(ignored('[!ab].ini', 'c.ini')).toBe(true);
    expect(ignored('# comment\n\n', '# comment')).toBe(false);
    expect(ignored('\\#hash.conf', '#hash.conf')).toBe(true);
    expect(ignored('\\!bang.conf', '!bang.conf')).toBe(true);
    expect(ignored('spaced.conf   ', 'spaced.conf')).toBe(true);
    expect(ignored('a.conf\r\n', 'a.conf')).toBe(true);
  });
});

describe('walks skip what .gitignore ignores', () => {
  let root: string;
  const site = 'server {\n    listen 80;\n}\n';
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const rel = (files: string[]) => files.map((f) => relative(root, f));

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nul-gitignore-'));
    write('.gitignore', '*.local.conf\n/build/\n!keep.local.conf\n**/gen/*.conf\n');
    write('site.conf', site);
    write('dev.local.conf', site);
    write('keep.local.conf', site);
    write('build/site.conf', site);
    write('deploy/build/site.conf', site);
    write('deploy/gen/x.conf', site);
    // A nested .gitignore applies below its own directory, after the outer one.
    write('deploy/.gitignore', 'secret.conf\n!dev.local.conf\n');
    write('deploy/secret.conf', site);
    write('deploy/dev.local.conf', site);
    write('other/secret.conf', site);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('does not walk ignored files and directories, keeps negated ones, reads nested .gitignore files', async () => {
    const { files, skipped } = await discoverFiles(['.'], { cwd: root });
    expect(rel(files)).toEqual(['deploy/build/site.conf', 'deploy/dev.local.conf', 'keep.local.conf', 'other/secret.conf', 'site.conf']);
    expect(skipped).toEqual([]);
  });

  it('lints a file named outright even when a pattern ignores it', async () => {
    const { files } = await discoverFiles(['dev.local.conf', 'build/site.conf', 'deploy/secret.conf'], { cwd: root });
    expect(rel(files)).toEqual(['build/site.conf', 'deploy/secret.conf', 'dev.local.conf']);
  });
});
