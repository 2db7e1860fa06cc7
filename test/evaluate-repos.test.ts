// scripts/evaluate-repos.js is how docs/evaluation.md was measured: it must run the CLI at each
// repository's root, count what the JSON report holds, and tell a crash from a finding.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(repo, 'scripts/evaluate-repos.js');
const dir = mkdtempSync(join(tmpdir(), 'nul-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

// One repository that passes, one with a typo in its ini (an error), and a hidden directory that
// is not a repository and must be left alone.
write('repos/clean/deploy/site.conf', 'server {\n    listen 127.0.0.1:8080;\n    location / {\n        return 204;\n    }\n}\n');
write('repos/typo/app.ini', '[uwsgi]\nmodule = app\nsocket = 127.0.0.1:3031\nmaster = true\nvacum = true\n');
write('repos/.results/ignored/app.ini', '[uwsgi]\nvacum = true\n');
write('crash.js', "throw new Error('boom');\n");

function run(args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8' });
}

describe('scripts/evaluate-repos.js', () => {
  it('lints each repository root and sums up exit code, files and errors per rule', () => {
    const r = run(['repos', '--json', 'out.json']);
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows.find((l) => l.startsWith('clean '))).toMatch(/^clean\s+0\s+0\s+\d+\s+\d+\s+1\s+0\s+0\s*$/);
    expect(rows.find((l) => l.startsWith('typo '))).toMatch(/^typo\s+1\s+1\s+\d+\s+\d+\s+0\s+1\s+0\s+uwsgi\/unknown-option×1$/);
    expect(rows.some((l) => l.includes('ignored') || l.startsWith('.results'))).toBe(false);
    expect(r.stdout).toContain('2 repositories, 1 with at least one error, 0 runs that crashed or exited 2');
    expect(rows.find((l) => l.startsWith('uwsgi/unknown-option '))).toMatch(/^uwsgi\/unknown-option\s+1 \(1\)\s/);

    const saved = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(Object.keys(saved)).toEqual(['clean', 'typo']);
    expect(saved.typo).toMatchObject({ exitCode: 1, problem: null, files: { nginx: [], uwsgi: ['app.ini'], context: [] } });
    expect(saved.typo.byRule['uwsgi/unknown-option']).toEqual({ error: 1, warning: 0, info: 0 });
    expect(saved.typo.report.errorCount).toBe(1);
    expect(saved.clean.files.nginx).toEqual(['deploy/site.conf']);
  });

  it('--baseline lists the errors and warnings each repository lost and gained since a saved run', () => {
    const first = run(['repos', '--json', 'before.json']);
    expect(first.status).toBe(0);
    // The typo is fixed and a new one made: the old error is lost, the new one gained.
    write('repos/typo/app.ini', '[uwsgi]\nmodule = app\nsocket = 127.0.0.1:3031\nmaster = true\nvacuum = true\nprocess = 2\n');
    try {
      const r = run(['repos', '--baseline', 'before.json']);
      const tail = r.stdout.slice(r.stdout.indexOf('\nsince '));
      expect(tail).toContain('typo:\n  - app.ini:5:1 error [uwsgi/unknown-option]\n  + app.ini:6:1 error [uwsgi/unknown-option] `process`');
      expect(tail).not.toContain('clean:');
      const same = run(['repos', '--only', 'clean', '--baseline', 'before.json']);
      expect(same.stdout).toContain('no error or warning lost or gained');
    } finally {
      write('repos/typo/app.ini', '[uwsgi]\nmodule = app\nsocket = 127.0.0.1:3031\nmaster = true\nvacum = true\n');
    }
  });

  it('--only limits the run to the named repositories', () => {
    const r = run(['repos', '--only', 'typo']);
    expect(r.stdout).toContain('1 repositories, 1 with at least one error');
    expect(r.stdout.split('\n').some((l) => l.startsWith('clean '))).toBe(false);
  });

  it('a CLI that crashes is a failed run, not a clean one: exit 1 and the reason in the row', () => {
    const r = run(['repos', '--cli', 'crash.js']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^clean\s+1\s.*\[no JSON report \(exit 1\)\]/m);
    expect(r.stdout).toContain('2 runs that crashed or exited 2');
  });

  it('without a directory it prints its usage and exits 2', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^usage: node scripts\/evaluate-repos\.js/);
  });
});
