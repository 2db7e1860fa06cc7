import { describe, expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

describe('uwsgi/chmod-without-unix-socket', () => {
  test("bad", async () => {
    const found = await uwsgiFindings('uwsgi/chmod-without-unix-socket', "[uwsgi]\nsocket = 127.0.0.1:3031\nchmod-socket = 660\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([["3:1-3:13", "info"]]);
    expect(found[0].message).toContain("only changes the mode");
  });
  test("good", async () => {
    const found = await uwsgiFindings('uwsgi/chmod-without-unix-socket', "[uwsgi]\nsocket = /run/a.sock\nchmod-socket = 660\n");
    expect(found.map((f) => [f.at, f.severity])).toEqual([]);
  });
});
