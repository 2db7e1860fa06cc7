import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/die-on-term', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/die-on-term', "[uwsgi]\nsocket = /run/a.sock\nmaster = true\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:1-3:7", "info"]]);
    expect(found[0].message).toContain("die-on-term = true");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/die-on-term', "[uwsgi]\nsocket = /run/a.sock\nmaster = true\ndie-on-term = true\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
