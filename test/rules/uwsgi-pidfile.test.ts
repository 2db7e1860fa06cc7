import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/pidfile', () => {
  test("bad: /tmp", async () => {
    const found = await uwsgiFindings('uwsgi/pidfile', "[uwsgi]\nmaster = true\npidfile = /tmp/app.pid\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:11-3:23", "warning"]]);
    expect(found[0].message).toContain("world-writable");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/pidfile', "[uwsgi]\nmaster = true\nsafe-pidfile = /run/uwsgi/app.pid\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
