import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/uwsgi-corpus.js';

describe('uwsgi/runs-as-root', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/runs-as-root', "[uwsgi]\nmodule = app\nsocket = /run/a.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["1:1-1:8", "warning"]]);
    expect(found[0].message).toContain("no `uid`");
  });
  test("good: uid", async () => {
    const found = await uwsgiFindings('uwsgi/runs-as-root', "[uwsgi]\nsocket = /run/a.sock\nuid = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
  test('silenced for deployments that start uWSGI as a service user', async () => {
    expect(await uwsgiFindings('uwsgi/runs-as-root', '[uwsgi]\nsocket = /run/a.sock\n', { uwsgiStartsAs: 'service-user' })).toEqual([]);
  });
});
