import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/unknown-magic', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-magic', "[uwsgi]\nlogto = /var/log/%Y.log\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:18-2:20", "warning"]]);
    expect(found[0].message).toContain("%%Y");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-magic', "[uwsgi]\nlogto = /var/log/%n-%%Y.log\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
