import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/unix-scheme', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/unix-scheme', "[uwsgi]\nmodule = app\nsocket = unix:///run/app.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:10-3:30", "error"]]);
    expect(found[0].message).toContain("socket = /run/app.sock");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/unix-scheme', "[uwsgi]\nmodule = app\nsocket = /run/app.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
