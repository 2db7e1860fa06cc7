import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/no-master', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/no-master', "[uwsgi]\nmodule = app\nworkers = 4\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:11-3:12", "warning"]]);
    expect(found[0].message).toContain("Add `master = true`");
  });
  test("good: implied by stats", async () => {
    const found = await uwsgiFindings('uwsgi/no-master', "[uwsgi]\nprocesses = 4\nstats = 127.0.0.1:9191\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
  test("bad: master = false ; comment turns it on, so no finding", async () => {
    const found = await uwsgiFindings('uwsgi/no-master', "[uwsgi]\nprocesses = 4\nmaster = false ; c\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
