// nginx/bom: a UTF-8 byte-order mark at the start of an nginx file (nginx reads it as part of the
// first directive's name), reported at the very start; one elsewhere is just a character.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { lint } from '../../src/lint.js';
import { ruleTester } from '../support/rule-tester.js';

const MESSAGE = 'the file starts with a UTF-8 byte-order mark: nginx reads it as part of the first directive name and fails with "unknown directive"; save the file as UTF-8 without a BOM';

ruleTester('nginx/bom').run({
  valid: [
    { name: 'no byte-order mark', files: 'server {\n    listen 80;\n}\n' },
    { name: 'a U+FEFF inside a comment, not at the start', files: 'server {\n    listen 80; # \ufeff\n}\n' },
  ],
  invalid: [
    { name: 'a byte-order mark before the first directive', files: '\ufeffserver {\n    listen 80;\n}\n', errors: [{ at: '1:1-1:1', severity: 'error', message: MESSAGE }] },
    { name: 'a byte-order mark before a comment line', files: '\ufeff# site\nserver {\n    listen 80;\n}\n', errors: [{ at: '1:1-1:1', severity: 'error', message: MESSAGE }] },
  ],
});

// Read from disk, as the CLI reads it: the decoder must keep the mark for the rule to see it (it
// stripped it before, and the CLI never reported one).

test('a byte-order mark in a file read from disk (nginx and uWSGI)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nul-bom-'));
  try {
    writeFileSync(join(dir, 'site.conf'), Buffer.from('\xef\xbb\xbfserver {\n    listen 80;\n}\n', 'latin1'));
    writeFileSync(join(dir, 'app.ini'), Buffer.from('\xef\xbb\xbf[uwsgi]\nmodule = app.wsgi\n', 'latin1'));
    const result = await lint({ files: [join(dir, 'site.conf'), join(dir, 'app.ini')], cwd: dir });
    const found = result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'nginx/bom' || /byte-order mark/.test(m.message)).map((m) => `${r.filePath} ${m.ruleId} ${m.line}:${m.column}`));
    expect(found).toEqual(['app.ini uwsgi/section 1:1', 'site.conf nginx/bom 1:1']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
