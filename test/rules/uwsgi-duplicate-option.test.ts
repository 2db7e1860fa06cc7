import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/duplicate-option', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/duplicate-option', "[uwsgi]\nprocesses = 2\nworkers = 8\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:1-3:8", "warning"]]);
    expect(found[0].message).toContain("first `processes = 2` on line 2");
  });
  test("good: list option and identical repeat", async () => {
    const found = await uwsgiFindings('uwsgi/duplicate-option', "[uwsgi]\nsocket = /run/a.sock\nsocket = 127.0.0.1:3031\nmaster = true\nmaster = true\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});

describe('uwsgi/duplicate-option: a second setting under an ignored underscore spelling (issue 19)', () => {
  test('set in force, then again as `chmod_socket`: warned on the ignored line, which a rename would make win', async () => {
    const found = await uwsgiFindings('uwsgi/duplicate-option', '[uwsgi]\nmodule = app\nchmod-socket = 660\nchmod_socket = 666\n');
    expect(found.map((f) => [f.at, f.severity])).toEqual([['4:1-4:13', 'warning']]);
    expect(found[0].message).toBe('`chmod_socket = 666` sets `chmod-socket` a second time under a spelling uWSGI ignores (first `chmod-socket = 660` on line 3): today uWSGI keeps `660`, but writing the key as `chmod-socket` would make this later value, `666`, win. Keep one line, with the value you want');
  });
  test('first the ignored spelling, then the option: warned on the later line, which wins either way', async () => {
    const found = await uwsgiFindings('uwsgi/duplicate-option', '[uwsgi]\nmodule = app\nmax_requests = 100\nmax-requests = 500\n');
    expect(found.map((f) => [f.at, f.severity])).toEqual([['4:1-4:13', 'warning']]);
    expect(found[0].message).toContain('(first as `max_requests = 100` on line 3, a spelling uWSGI ignores)');
  });
  test('chmod-socket twice: the later mode wins (its handler shifts the second onto the first)', async () => {
    const found = await uwsgiFindings('uwsgi/duplicate-option', '[uwsgi]\nmodule = app\nchmod-socket = 660\nchmod-socket = 666\n');
    expect(found.map((f) => f.at)).toEqual(['4:1-4:13']);
  });
  test('not: the same value, or an underscore key used as a placeholder', async () => {
    expect(await uwsgiFindings('uwsgi/duplicate-option', '[uwsgi]\nmodule = app\nchmod-socket = 660\nchmod_socket = 660\n')).toEqual([]);
    expect(await uwsgiFindings('uwsgi/duplicate-option', '[uwsgi]\nmodule = app\nprocesses = 2\nmax_requests = 9\nmax-requests = %(max_requests)\n')).toEqual([]);
  });
});
