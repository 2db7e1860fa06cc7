// src/posix-path.ts gives what Node's path.posix gives, on generated paths full of the hard
// parts (`.`, `..`, repeated and trailing slashes, empty strings).
import { posix as node } from 'node:path';
import { describe, expect, test } from 'vitest';
import { posix, posixHost, resolvePosix } from '../src/posix-path.js';

const PARTS = ['', '/', '//', '.', '..', 'a', 'b.c', '...', '.x', 'a/', '/a', '../', './'];

function* paths(): Generator<string> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 3000; n++) {
    const len = next() % 6;
    let p = '';
    for (let i = 0; i < len; i++) p += PARTS[next() % PARTS.length];
    yield p;
  }
}

describe('posix-path matches node:path posix', () => {
  test('normalize, dirname, basename, isAbsolute, join', () => {
    const list = [...paths()];
    for (const p of list) {
      expect([p, posix.normalize(p)]).toEqual([p, node.normalize(p)]);
      expect([p, posix.dirname(p)]).toEqual([p, node.dirname(p)]);
      expect([p, posix.basename(p)]).toEqual([p, node.basename(p)]);
      expect([p, posix.isAbsolute(p)]).toEqual([p, node.isAbsolute(p)]);
    }
    for (let i = 1; i < list.length; i++) expect([list[i - 1], list[i], posix.join(list[i - 1], list[i])]).toEqual([list[i - 1], list[i], node.join(list[i - 1], list[i])]);
  });

  test('resolve and relative from an absolute working directory', () => {
    const list = [...paths()];
    for (let i = 1; i < list.length; i++) {
      const cwd = node.resolve('/', list[i - 1]);
      expect([cwd, list[i], resolvePosix(cwd, list[i])]).toEqual([cwd, list[i], node.resolve(cwd, list[i])]);
      expect(posixHost(cwd).resolve(list[i])).toBe(node.resolve(cwd, list[i]));
      const from = node.resolve('/', list[i - 1]);
      const to = node.resolve('/', list[i]);
      expect([from, to, posix.relative(from, to)]).toEqual([from, to, node.relative(from, to)]);
    }
  });
});
