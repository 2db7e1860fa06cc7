import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/uwsgi-corpus.js';

describe('uwsgi/all-interfaces', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/all-interfaces', "[uwsgi]\nmodule = app\nhttp = :8000\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:8-3:13", "warning"]]);
    expect(found[0].message).toContain("every network interface");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/all-interfaces', "[uwsgi]\nmodule = app\nsocket = 127.0.0.1:3031\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
