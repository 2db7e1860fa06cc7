import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/uwsgi-corpus.js';

describe('uwsgi/no-app', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/no-app', "[uwsgi]\nsocket = /run/a.sock\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["1:1-1:8", "warning"]]);
    expect(found[0].message).toContain("no app loaded");
  });
  test("good: wsgi-file", async () => {
    const found = await uwsgiFindings('uwsgi/no-app', "[uwsgi]\nsocket = /run/a.sock\nwsgi-file = /srv/app.py\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
