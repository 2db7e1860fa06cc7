import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSourceFile, rangeOf } from '../src/source.js';
import { isUwsgiIni, parseUwsgiIni, resolveUwsgi, resolveUwsgiAsync, type ResolveOptions, type UwsgiConfig } from '../src/uwsgi/index.js';
import { uwsgiDiagnostics } from './support/problems.js';

const resolve = (text: string, options: ResolveOptions = {}, path = '/srv/app/uwsgi.ini') =>
  resolveUwsgi(parseUwsgiIni(createSourceFile(path, text)), options);
const values = (config: UwsgiConfig, key: string) => config.options.filter((o) => o.key === key).map((o) => o.value);
const memory = (files: Record<string, string>) => (path: string) => files[path];

describe('placeholders %(name)', () => {
  it('resolves a use before the definition, to the first definition', () => {
    const config = resolve('[uwsgi]\nprint = %(chdir)/x\nchdir = /a\nchdir = /b\n');
    expect(values(config, 'print')).toEqual(['/a/x']);
    expect(config.placeholders.get('chdir')?.option.rawValue).toBe('/a');
    expect(config.placeholders.get('chdir')?.shadowed.map((o) => o.value)).toEqual(['/b']);
  });

  it('leaves an undefined placeholder literally and records where it is written', () => {
    const config = resolve('[uwsgi]\nsocket = /run/%(nope).sock\n');
    expect(values(config, 'socket')).toEqual(['/run/%(nope).sock']);
    const [missing] = config.undefinedPlaceholders;
    expect(missing.name).toBe('nope');
    expect(rangeOf(missing.span.source, missing.span.start, missing.span.end)).toEqual({ line: 2, column: 15, endLine: 2, endColumn: 22 });
  });

  it('defines placeholders with set-placeholder, set-ph and set, and rescans substituted text', () => {
    const config = resolve('[uwsgi]\nset-ph = base=/srv\nset = name=app\nsocket = x%(path)\npath = %(base)/%(name).sock\n');
    expect(values(config, 'socket')).toEqual(['x/srv/app.sock']);
    const name = config.options.find((o) => o.key === 'name')!;
    expect(name.viaSet).toBe('set');
    expect(rangeOf(name.source, name.keySpan.start, name.keySpan.end)).toEqual({ line: 3, column: 7, endLine: 3, endColumn: 11 });
    expect(config.options.find((o) => o.key === 'base')?.placeholderOnly).toBe(true);
  });

  it('evaluates pipelines and arithmetic like uwsgi_manage_placeholder', () => {
    const config = resolve('[uwsgi]\nprocesses = 4\nbase = 10\nworkers = %(processes * 2)\nsum = %(base processes)\nnext = %(base ++)\nmissing = %(nothere 1)\n');
    expect(values(config, 'workers')).toEqual(['8']);
    expect(values(config, 'sum')).toEqual(['104']);
    expect(values(config, 'next')).toEqual(['11']);
    expect(values(config, 'missing')).toEqual(['1']);
    expect(config.undefinedPlaceholders.map((u) => [u.name, u.inPipeline])).toEqual([['nothere', true]]);
  });

  it('detects cycles and stops self-doubling values', () => {
    const config = resolve('[uwsgi]\na = x%(b)\nb = y%(a)\nc = %(c)%(c)\n', { maxValueLength: 4096 });
    expect(config.placeholderCycles.map((c) => c.names)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'c'],
    ]);
    expect(values(config, 'a')).toEqual([null]);
    expect(uwsgiDiagnostics(config.problems).some((d) => d.ruleId === 'uwsgi/limit')).toBe(true);
  });

  it('does not expand immediate options and records placeholders in them', () => {
    const config = resolve('[uwsgi]\nbase = /srv\nplugins = %(base)\n', { readFile: () => undefined });
    expect(values(config, 'plugins')).toEqual(['%(base)']);
    expect(config.immediateWithPlaceholder.map((i) => [i.key, i.syntax])).toEqual([['plugins', '%(']]);
  });
});

describe('$(VAR), @(file) and loaders', () => {
  it('uses the injected environment; unset stays literal; no environment means unknown', () => {
    const withEnv = resolve('[uwsgi]\nhome = $(HOME)/x\nport = $(PORT)\n', { env: { HOME: '/home/u' } });
    expect(values(withEnv, 'home')).toEqual(['/home/u/x']);
    expect(values(withEnv, 'port')).toEqual(['$(PORT)']);
    const noEnv = resolve('[uwsgi]\nhome = $(HOME)/x\n');
    expect(values(noEnv, 'home')).toEqual([null]);
    expect(noEnv.notEvaluated.map((n) => [n.kind, n.text])).toEqual([['env-unknown', '$(HOME)']]);
  });

  it('never reads @(...) or scheme loaders, and records them with their span', () => {
    const reads: string[] = [];
    const config = resolve('[uwsgi]\nsecret = @(exec://cat /etc/key)\nini = http://example.com/x.ini\ninclude = extra.yaml\n', {
      readFile: (p) => {
        reads.push(p);
        return undefined;
      },
    });
    expect(reads).toEqual([]);
    expect(values(config, 'secret')).toEqual([null]);
    expect(config.notEvaluated.map((n) => [n.kind, n.text])).toEqual([
      ['loader-scheme', 'http://example.com/x.ini'],
      ['non-ini-config', 'extra.yaml'],
      ['at-file', '@(exec://cat /etc/key)'],
    ]);
    const at = config.notEvaluated[2].span;
    expect(rangeOf(at.source, at.start, at.end)).toEqual({ line: 2, column: 10, endLine: 2, endColumn: 32 });
  });
});

describe('includes', () => {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'uwsgi');
  const disk = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };

  it('loads ini includes with sections, switching magic variables to the included file', () => {
    const path = join(fixtures, 'app.ini');
    const config = resolveUwsgi(parseUwsgiIni(createSourceFile(path, readFileSync(path, 'utf8'))), { readFile: disk, cwd: '/' });
    expect(config.options.map((o) => o.key)).toEqual(['ini', 'master', 'socket', 'chmod-socket', 'ini', 'http', 'chdir', 'project']);
    const socket = config.options.find((o) => o.key === 'socket')!;
    expect(socket.value).toBe(join(fixtures, 'base.sock'));
    expect(socket.fromInclude?.map((e) => e.rawValue)).toEqual(['%dbase.ini']);
    expect(socket.source.path).toBe(join(fixtures, 'base.ini'));
    expect(values(config, 'chdir')).toEqual(['/srv/app/src']);
    expect(config.includes.map((i) => [i.status, i.section])).toEqual([
      ['loaded', 'uwsgi'],
      ['loaded', 'dev'],
    ]);
  });

  it('reads `ini = :section` from the same file and detects include cycles', () => {
    const files = {
      '/c/a.ini': '[uwsgi]\nini = :extra\nini = /c/b.ini\n[extra]\nx = %x\n',
      '/c/b.ini': '[uwsgi]\nini = /c/a.ini\n',
    };
    const config = resolveUwsgi(parseUwsgiIni(createSourceFile('/c/a.ini', files['/c/a.ini'])), { readFile: memory(files) });
    expect(values(config, 'x')).toEqual(['extra']);
    expect(config.includes.map((i) => [i.path, i.status])).toEqual([
      ['/c/a.ini', 'loaded'],
      ['/c/b.ini', 'loaded'],
      ['/c/a.ini', 'cycle'],
    ]);
    const cycle = uwsgiDiagnostics(config.problems).find((d) => d.ruleId === 'uwsgi/include')!;
    expect(cycle.span.source.path).toBe('/c/b.ini');
  });

  it('reports missing files and the depth limit', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`/d/${i}.ini`] = `[uwsgi]\nini = /d/${i + 1}.ini\n`;
    const config = resolveUwsgi(parseUwsgiIni(createSourceFile('/d/0.ini', files['/d/0.ini'])), { readFile: memory(files), maxIncludeDepth: 3 });
    expect(config.includes.map((i) => i.status)).toEqual(['loaded', 'loaded', 'loaded', 'depth']);
    const missing = resolve('[uwsgi]\nini = other.ini\n', { readFile: () => undefined, cwd: '/w' });
    expect(missing.includes[0]).toMatchObject({ status: 'missing', path: '/w/other.ini' });
    expect(uwsgiDiagnostics(missing.problems)[0].message).toContain('cannot read');
  });

  it('an include guarded by if-file/if-exists on its own path is only an info when missing: uWSGI starts without it', () => {
    const guarded = (opener: string, arg: string, load: string, v21 = '') =>
      resolve(`[uwsgi]\nmodule = app\nsocket = /tmp/app.sock\n${opener} = ${arg}\n${v21}ini = ${load}\nendif =\n`, { readFile: () => undefined, cwd: '/w' });
    // No uwsgi/include finding; a not-evaluated note (an info of uwsgi/not-evaluated) says the file was not read.
    const includeFindings = (c: UwsgiConfig) => [
      ...uwsgiDiagnostics(c.problems).filter((d) => d.ruleId === 'uwsgi/include').map((d) => [d.severity, ...Object.values(rangeOf(d.span.source, d.span.start, d.span.end))]),
      ...c.notEvaluated.filter((n) => n.message.includes('is read only if')).map((n) => ['note', ...Object.values(rangeOf(n.span.source, n.span.start, n.span.end))]),
    ];
    // The relative repro of the evaluation: `if-file = extra.ini` / `ini = %(_)`.
    const relative = guarded('if-file', 'extra.ini', '%(_)');
    expect(includeFindings(relative)).toEqual([['note', 5, 7, 5, 11]]);
    expect(relative.notEvaluated.find((n) => n.message.includes('is read only if'))!.message).toContain('`/w/extra.ini` exists (`if-file = extra.ini` at uwsgi.ini:4)');
    expect(relative.includes[0]).toMatchObject({ status: 'missing', path: '/w/extra.ini' });
    expect(includeFindings(guarded('if-file', '/Kiwi/etc/uwsgi.override', '%(_)'))).toEqual([['note', 5, 7, 5, 11]]);
    expect(includeFindings(guarded('if-exists', '/etc/app/extra.ini', '/etc/app/extra.ini'))).toEqual([['note', 5, 7, 5, 25]]);
    expect(includeFindings(guarded('ifexists', '/etc/app/extra.ini', '%(_)'))).toEqual([['note', 5, 7, 5, 11]]);
    // The opposite test, or a guard on another file: the include runs without its file, an error.
    expect(includeFindings(guarded('if-not-file', '/etc/app/extra.ini', '%(_)'))).toEqual([['error', 5, 7, 5, 11]]);
    expect(includeFindings(guarded('if-file', '/etc/app/flag', '/etc/app/extra.ini'))).toEqual([['error', 5, 7, 5, 25]]);
  });

  it('works with an async reader', async () => {
    const config = await resolveUwsgiAsync(parseUwsgiIni(createSourceFile('/e/a.ini', '[uwsgi]\nini = /e/b.ini\n')), {
      readFile: async (p) => (p === '/e/b.ini' ? '[uwsgi]\nsocket = :3031\n' : undefined),
    });
    expect(values(config, 'socket')).toEqual([':3031']);
  });
});

describe('config logic', () => {
  it('expands for loops and evaluates if-env with the injected environment', () => {
    const config = resolve('[uwsgi]\nfor = a b\nenv = X=%(_)\nendfor\nif-env = MODE=prod\nprocesses = 8\nendif\nif-not-env = MODE\nprocesses = 1\nendif\n', {
      env: { MODE: 'prod' },
    });
    expect(values(config, 'env')).toEqual(['X=a', 'X=b']);
    expect(values(config, 'processes')).toEqual(['8']);
  });

  it('keeps options of conditions it cannot evaluate as conditional', () => {
    const config = resolve('[uwsgi]\nif-exists = /etc/x\nsocket = /a.sock\nendif\n');
    const socket = config.options.find((o) => o.key === 'socket')!;
    expect(socket.logic?.taken).toBeNull();
    expect(config.notEvaluated.map((n) => n.kind)).toEqual(['logic-condition']);
  });

  it('handles 2.1 `else`', () => {
    const text = '[uwsgi]\nif-env = A\nx = 1\nelse\nx = 2\nendif\n';
    expect(values(resolve(text, { env: {}, uwsgiVersion: '2.1.0' }), 'x')).toEqual(['2']);
    expect(values(resolve(text, { env: { A: 'y' }, uwsgiVersion: '2.1.0' }), 'x')).toEqual(['1']);
  });
});

describe('templates and sections', () => {
  it('marks templated values unknown', () => {
    const config = resolve('[uwsgi]\nsocket = {{ sock }}\nuid = ${USER}\nmaster = true\n');
    expect(config.options.map((o) => [o.key, o.value, o.templated])).toEqual([
      ['socket', null, true],
      ['uid', null, true],
      ['master', 'true', false],
    ]);
  });

  it('loads every [uwsgi] section in order and not [ uwsgi ] or [uWSGI]', () => {
    const config = resolve('[uwsgi]\na = 1\n[ uwsgi ]\nb = 2\n[uWSGI]\nc = 3\n[uwsgi]\nd = 4\n');
    expect(config.options.map((o) => o.key)).toEqual(['a', 'd']);
  });

  it('warns when the asked section is missing', () => {
    const config = resolve('[app]\na = 1\n');
    expect(uwsgiDiagnostics(config.problems).map((d) => d.ruleId)).toEqual(['uwsgi/section']);
    expect(resolve('[app]\na = %x\n', { section: 'app' }).options.map((o) => o.value)).toEqual(['app']);
  });
});

describe('isUwsgiIni', () => {
  it('classifies by content', () => {
    expect(isUwsgiIni('# c\n[uwsgi]\nfoo = 1\n')).toBe(true);
    expect(isUwsgiIni('socket = /a.sock\nmodule = app:app\nmaster = true\n')).toBe(true);
    expect(isUwsgiIni('server {\n  listen 80;\n}\n')).toBe(false);
    expect(isUwsgiIni('[app:main]\nuse = egg:app\n')).toBe(false);
  });
});
