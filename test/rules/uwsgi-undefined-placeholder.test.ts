import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/undefined-placeholder', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/undefined-placeholder', "[uwsgi]\nmodule = app\nsocket = /run/%(name).sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:15-3:22", "error"]]);
    expect(found[0].message).toContain("`%(name)` is defined nowhere");
  });
  test("good: defined after use", async () => {
    const found = await uwsgiFindings('uwsgi/undefined-placeholder', "[uwsgi]\nsocket = /run/%(name).sock\nname = shop\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
  test("good: log-format variables", async () => {
    const found = await uwsgiFindings('uwsgi/undefined-placeholder', "[uwsgi]\nsocket = /run/a.sock\nlog-format = %(method) %(uri)\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
