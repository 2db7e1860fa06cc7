import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/immediate-placeholder', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/immediate-placeholder', "[uwsgi]\nbase = /etc\nini = %(base)/x.ini\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:7-3:20", "error"]]);
    expect(found[0].message).toContain("never takes effect");
  });
  test("good: set stores", async () => {
    const found = await uwsgiFindings('uwsgi/immediate-placeholder', "[uwsgi]\nbase = /etc\nset = dir=%(base)/x\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
