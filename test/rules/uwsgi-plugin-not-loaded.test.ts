import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/plugin-not-loaded', () => {
  test("bad: http without the http plugin", async () => {
    const found = await uwsgiFindings('uwsgi/plugin-not-loaded', "[uwsgi]\nplugins = python3\nmodule = app\nhttp = 127.0.0.1:8000\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["4:1-4:5", "error"]]);
    expect(found[0].message).toContain("The -s/--socket option is missing");
  });
  test("good: plugin loaded", async () => {
    const found = await uwsgiFindings('uwsgi/plugin-not-loaded', "[uwsgi]\nplugins = python3,http\nmodule = app\nhttp = 127.0.0.1:8000\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
  test("good: no plugins line, build unknown", async () => {
    const found = await uwsgiFindings('uwsgi/plugin-not-loaded', "[uwsgi]\nmodule = app\nhttp = 127.0.0.1:8000\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
  test('monolithic build (pip): not checked; configured modular: checked without a plugins line', async () => {
    const text = '[uwsgi]\nplugins = python3\nmodule = app\nhttp = 127.0.0.1:8000\n';
    expect(await uwsgiFindings('uwsgi/plugin-not-loaded', text, { uwsgiBuild: 'monolithic' })).toEqual([]);
    const found = await uwsgiFindings('uwsgi/plugin-not-loaded', '[uwsgi]\nmodule = app\n', { uwsgiBuild: 'modular' });
    expect(found.map((f) => f.at)).toEqual(['2:1-2:7']);
    expect(found[0].message).toContain('`python3` plugin');
  });
  test('a plugins line without the Python plugin does not decide the build', async () => {
    expect(await uwsgiFindings('uwsgi/plugin-not-loaded', '[uwsgi]\nplugins = geoip\nmodule = app\n')).toEqual([]);
  });
});
