import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/unknown-magic', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-magic', "[uwsgi]\nlogto = /var/log/%Y.log\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["2:18-2:20", "warning"]]);
    expect(found[0].message).toContain("%%Y");
  });
  test("lines before the first section header are never read by uWSGI (an Ansible template's `{% set %}` lines)", async () => {
    const text = '{% set run_dir = item.run_dir|default("/opt/%s/run" % item.name) -%}\nlogto = /var/log/%Y.log\n\n[uwsgi]\nsocket = {{ run_dir }}/app.sock\nlogto = /var/log/%Y.log\n';
    const found = await uwsgiFindings('uwsgi/unknown-magic', text);
    expect(found.map((f) => f.at)).toEqual(["6:18-6:20"]);
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/unknown-magic', "[uwsgi]\nlogto = /var/log/%n-%%Y.log\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
