import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/uwsgi-corpus.js';

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
