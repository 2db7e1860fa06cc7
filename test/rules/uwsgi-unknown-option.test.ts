import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/uwsgi-corpus.js';

describe('uwsgi/unknown-option', () => {
  test("bad: underscore spelling, with the fix", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', "[uwsgi]\nmodule = app:application\nchmod_socket = 660\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:1-3:13", "error"]]);
    expect(found[0].message).toContain("Write `chmod-socket`");
  });
  test("good: options and a used placeholder", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', "[uwsgi]\nbase = /srv/app\nchdir = %(base)\nmodule = app:application\nend = \n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
  test("unused unknown name without a suggestion is a warning", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-option', "[uwsgi]\nproject = shop\nmodule = app\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:1-2:8", "warning"]]);
    expect(found[0].message).toContain("strict = true");
  });
});
