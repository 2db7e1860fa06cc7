// A file holding `[uwsgi]` and nothing loadable, in its edge cases, checked against the real
// uwsgi binary: ini.c counts a section as found only once it reads an option of it, and a
// byte-order mark hides a header on the first line. Each finding says which of these it is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/lint.js';
import { installedUwsgi } from './support/installed-uwsgi.js';

const UWSGI = installedUwsgi();
if (UWSGI === null) console.warn('SKIPPED the real-uwsgi half of the [uwsgi] section edges: no uWSGI installed (apt-get install uwsgi-core)');

interface Edge {
  name: string;
  text: string;
  /** What uWSGI logs: whether it finds the section, and whether it read `master = true`. */
  uwsgi: { findsSection: boolean; master?: boolean };
  /** The uwsgi/section finding on line 1, or null. */
  finding: { severity: string; endColumn: number; message: string } | null;
}

const EMPTY = '`[uwsgi]` holds no options: uWSGI counts a section as found only once it reads an option of it, so it logs "Can\'t find section" and this file sets nothing. Add the options under `[uwsgi]`, or leave the file out of the run';
const BOM =
  'the file starts with a UTF-8 byte-order mark, so uWSGI does not read `[uwsgi]` as a section header (the line starts with the mark, not `[`): it logs "Can\'t find section" and loads nothing from this file. Save the file as UTF-8 without a byte-order mark';

const edges: Edge[] = [
  { name: '[uwsgi] alone', text: '[uwsgi]\n', uwsgi: { findsSection: false }, finding: { severity: 'warning', endColumn: 8, message: EMPTY } },
  { name: '[uwsgi] without a newline', text: '[uwsgi]', uwsgi: { findsSection: false }, finding: { severity: 'warning', endColumn: 8, message: EMPTY } },
  { name: '[uwsgi] with CRLF', text: '[uwsgi]\r\n', uwsgi: { findsSection: false }, finding: { severity: 'warning', endColumn: 8, message: EMPTY } },
  { name: '[uwsgi] with trailing spaces', text: '[uwsgi]   \n', uwsgi: { findsSection: false }, finding: { severity: 'warning', endColumn: 8, message: EMPTY } },
  { name: '[uwsgi] and a comment', text: '[uwsgi]\n; nothing yet\n', uwsgi: { findsSection: false }, finding: { severity: 'warning', endColumn: 8, message: EMPTY } },
  { name: '[uwsgi] after a BOM', text: '\ufeff[uwsgi]\n', uwsgi: { findsSection: false }, finding: { severity: 'error', endColumn: 8, message: BOM } },
  { name: '[uwsgi] after a BOM, with an option', text: '\ufeff[uwsgi]\nmaster = true\n', uwsgi: { findsSection: false, master: false }, finding: { severity: 'error', endColumn: 8, message: BOM } },
  {
    name: '[uwsgi] ; c',
    text: '[uwsgi] ; c\n',
    uwsgi: { findsSection: false },
    finding: { severity: 'error', endColumn: 12, message: '`[uwsgi] ; c` is not `[uwsgi]`: uWSGI compares the text between the brackets exactly and case-sensitively, so it logs "Can\'t find section" and loads nothing from this file (without a socket it then exits; otherwise it runs without these settings). Write `[uwsgi]` alone on the line' },
  },
  { name: '[uwsgi] with CRLF and an option', text: '[uwsgi]\r\nmaster = true\r\n', uwsgi: { findsSection: true, master: true }, finding: null },
  { name: '[uwsgi] with trailing spaces and an option', text: '[uwsgi]  \nmaster = true\n', uwsgi: { findsSection: true, master: true }, finding: null },
];

describe.each(edges)('$name', (edge) => {
  it('gets the finding that says what uWSGI does', async () => {
    const result = await lintText([{ path: 'app.ini', text: edge.text }], { cwd: '/project' });
    const found = result.results[0].messages.filter((m) => m.ruleId === 'uwsgi/section');
    if (edge.finding === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: edge.finding.severity, line: 1, column: 1, endLine: 1, endColumn: edge.finding.endColumn, message: edge.finding.message });
    expect(found[0].message).not.toMatch(/`\[uwsgi\]` is not `\[uwsgi\]`/);
    // A fix that rewrites the header to itself would leave --fix with nothing done.
    if (found[0].fix) expect(found[0].fix.text).not.toBe(edge.text.slice(found[0].fix.range[0], found[0].fix.range[1]));
  });

  it.skipIf(UWSGI === null)('is what the real uwsgi does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nul-section-'));
    writeFileSync(join(dir, 'app.ini'), edge.text);
    // No socket and stdin not a socket: uWSGI reads the ini, says what it found, and exits.
    const run = spawnSync(UWSGI!, ['--ini', 'app.ini'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000, encoding: 'utf8' });
    const log = `${run.stdout}${run.stderr}`;
    expect(log).toContain('getting INI configuration from app.ini');
    if (edge.uwsgi.findsSection) expect(log).not.toContain("Can't find section");
    else expect(log).toContain(`*** WARNING: Can't find section "uwsgi" in INI configuration file app.ini ***`);
    if (edge.uwsgi.master === true) expect(log).not.toContain('without its master process manager');
    if (edge.uwsgi.master === false) expect(log).toContain('without its master process manager');
  });
});
