import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/relative-socket', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/relative-socket', "[uwsgi]\nmodule = app\nsocket = app.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:10-3:18", "warning"]]);
    expect(found[0].message).toContain("no `chdir`");
  });
  test("good: chdir", async () => {
    const found = await uwsgiFindings('uwsgi/relative-socket', "[uwsgi]\nchdir = /srv/app\nsocket = app.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
