import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/stats-exposed', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/stats-exposed', "[uwsgi]\nstats = 0.0.0.0:9191\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:9-2:21", "warning"]]);
    expect(found[0].message).toContain("127.0.0.1:9191");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/stats-exposed', "[uwsgi]\nstats = /run/uwsgi/stats.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
