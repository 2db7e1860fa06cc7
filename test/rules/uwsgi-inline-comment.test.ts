import { describe, expect, test } from 'vitest';
import { lintText } from '../../src/lint.js';
import { uwsgiFindings } from '../support/rule-tester.js';

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

describe('uwsgi/inline-comment: which removals are safe (issue 19)', () => {
  const fixOf = async (text: string) => (await lintText([{ path: 'app.ini', text, kind: 'uwsgi' }], { cwd: '/project' })).results[0].messages.find((m) => m.ruleId === 'uwsgi/inline-comment')!;
  test('`master = false ; c`: on today, off without the comment: unsafe, and the message says the value changes', async () => {
    const m = await fixOf('[uwsgi]\nmodule = app\nmaster = false ; c\n');
    expect(m.fix).toEqual({ range: [35, 39], text: '', applicability: 'unsafe' });
    expect(m.message).toContain('Removing the comment turns `master` from on to off: the effective value changes (an unsafe fix, applied only with --unsafe-fixes)');
  });
  test('a string value changes too: unsafe', async () => {
    const m = await fixOf('[uwsgi]\nmodule = app\nsocket = /run/a.sock # x\n');
    expect(m.fix?.applicability).toBe('unsafe');
    expect(m.message).toContain('gets the value `/run/a.sock # x`, comment included. Removing the comment changes the value uWSGI uses to `/run/a.sock`');
  });
  test('a number read the same, a boolean that stays on: safe, and nothing said about a change', async () => {
    for (const text of ['[uwsgi]\nmodule = app\nharakiri = 30 # s\n', '[uwsgi]\nmodule = app\nmaster = true ; c\n']) {
      const m = await fixOf(text);
      expect(m.fix?.applicability, text).toBe('safe');
      expect(m.message, text).not.toContain('Removing the comment');
    }
  });
});
