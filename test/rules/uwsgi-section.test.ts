import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/section', () => {
  test("near miss points at the header, with did-you-mean", async () => {
    const found = await uwsgiFindings('uwsgi/section', "[ uwsgi ]\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["1:1-1:10", "error"]]);
    expect(found[0].message).toContain("Write `[uwsgi]`");
  });
  test("case", async () => {
    const found = await uwsgiFindings('uwsgi/section', "[uWSGI]\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["1:1-1:8", "error"]]);
    expect(found[0].message).toContain("case-sensitively");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/section', "[uwsgi]\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });

  test('a file too large to parse is reported as that (uwsgi/syntax), never as one without [uwsgi]', async () => {
    const text = '[uwsgi]\nmodule = app\n' + 'env = A=b\n'.repeat(420_000);
    expect(await uwsgiFindings('uwsgi/section', text)).toEqual([]);
    expect((await uwsgiFindings('uwsgi/syntax', text)).map((f) => f.message)).toEqual([expect.stringMatching(/over the 4194304 limit for a uWSGI ini; not parsed/)]);
  });
});
