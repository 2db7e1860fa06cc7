import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/invalid-chmod', () => {
  test("bad: 0666", async () => {
    const found = await uwsgiFindings('uwsgi/invalid-chmod', "[uwsgi]\nchmod-socket = 0666\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:16-2:20", "error"]]);
    expect(found[0].message).toContain("chmod-socket = 666");
  });
  test("bad: bare line", async () => {
    const found = await uwsgiFindings('uwsgi/invalid-chmod', "[uwsgi]\nchmod-socket\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:1-2:13", "error"]]);
    expect(found[0].message).toContain("invalid chmod value");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/invalid-chmod', "[uwsgi]\nchmod-socket = 660\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
