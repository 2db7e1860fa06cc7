// Real typos from the corpus and the issue: each gets the option that was meant.
import { expect, test } from 'vitest';
import { uwsgiFindings } from '../support/rule-tester.js';

test.each([
  ['vacum', 'vacuum'],
  ['vaccum', 'vacuum'],
  ['process', 'processes'],
  ['max-request', 'max-requests'],
  ['die-one-term', 'die-on-term'],
  ['uwsgi-file', 'wsgi-file'],
  ['logfile', 'logto'],
  ['chmod_socket', 'chmod-socket'],
  ['chmod-sockets', 'chmod-socket'],
])('%s -> %s', async (typo, meant) => {
  const found = await uwsgiFindings('uwsgi/unknown-option', `[uwsgi]\nmodule = app\n${typo} = 1\n`);
  expect(found).toHaveLength(1);
  expect(found[0].at).toBe(`3:1-3:${typo.length + 1}`);
  expect(found[0].severity).toBe('error');
  expect(found[0].message).toContain(`\`${meant}\``);
  expect(found[0].message).toContain('strict = true');
});
