import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/vacuum', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/vacuum', "[uwsgi]\nsocket = /run/a.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:10-2:21", "info"]]);
    expect(found[0].message).toContain("vacuum = true");
  });
  test("good: TCP", async () => {
    const found = await uwsgiFindings('uwsgi/vacuum', "[uwsgi]\nsocket = 127.0.0.1:3031\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
