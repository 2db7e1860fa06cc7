import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/uwsgi-corpus.js';

describe('uwsgi/inline-comment', () => {
  test("bad: boolean turned on", async () => {
    const found = await uwsgiFindings('uwsgi/inline-comment', "[uwsgi]\nmaster = false ; c\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:16-2:19", "error"]]);
    expect(found[0].message).toContain("turns `master` ON");
  });
  test("bad: path", async () => {
    const found = await uwsgiFindings('uwsgi/inline-comment', "[uwsgi]\nsocket = /run/a.sock # x\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:22-2:25", "error"]]);
    expect(found[0].message).toContain("comment included");
  });
  test("number: info", async () => {
    const found = await uwsgiFindings('uwsgi/inline-comment', "[uwsgi]\nharakiri = 20 # c\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:15-2:18", "info"]]);
    expect(found[0].message).toContain("happens to work");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/inline-comment', "[uwsgi]\n; c\nmaster = false\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
