// The value of an option in force (src/uwsgi/settings.ts inForce), the one answer rules, the
// socket reader and the pair rules read: the last line that applies under the key or an alias,
// and whether the run knows it.
import { describe, expect, test } from 'vitest';
import { projectFromTexts } from '../src/lint.js';
import { Query } from '../src/query/index.js';
import { createSourceFile } from '../src/source.js';
import { parseUwsgiIni, resolveUwsgi } from '../src/uwsgi/index.js';
import { inForce } from '../src/uwsgi/settings.js';
import { socketBindings } from '../src/uwsgi/sockets.js';
import { importCycles } from '../scripts/import-cycles.js';

/** A resolved ini; `env` null: the environment is not known. */
function uwsgi(text: string, given: Record<string, string> | null = {}) {
  const env = given ?? undefined;
  const source = createSourceFile('/project/app.ini', text);
  return resolveUwsgi(parseUwsgiIni(source, { cwd: '/project', env }), { cwd: '/project', env });
}

const value = (text: string, key: string, env?: Record<string, string> | null) => {
  const found = inForce(uwsgi(text, env), key);
  return { value: found.option?.value, key: found.option?.key, known: found.known };
};

describe('inForce', () => {
  test('the last line wins, under the key or an alias', () => {
    expect(value('[uwsgi]\nprocesses = 2\nworkers = 4\n', 'processes')).toEqual({ value: '4', key: 'workers', known: true });
    expect(value('[uwsgi]\nworkers = 4\nprocesses = 2\n', 'workers')).toEqual({ value: '2', key: 'processes', known: true });
    expect(value('[uwsgi]\nchdir = /a\nchdir = /b\n', 'chdir')).toEqual({ value: '/b', key: 'chdir', known: true });
  });

  test('not set: no option, and known when nothing hides one', () => {
    expect(value('[uwsgi]\nmodule = app\n', 'harakiri')).toEqual({ value: undefined, key: undefined, known: true });
  });

  test('a bare placeholder and a branch known not to run set nothing', () => {
    expect(value('[uwsgi]\nharakiri = 20\nset-ph = harakiri=30\n', 'harakiri')).toEqual({ value: '20', key: 'harakiri', known: true });
    expect(value('[uwsgi]\nharakiri = 20\nif-env = NOPE\nharakiri = 30\nendif =\n', 'harakiri', {})).toEqual({ value: '20', key: 'harakiri', known: true });
  });

  test('unknown: a branch not evaluated, a template, an environment variable the run lacks, an unread include', () => {
    expect(value('[uwsgi]\nif-env = MAYBE\nharakiri = 30\nendif =\n', 'harakiri', null).known).toBe(false);
    expect(value('[uwsgi]\nharakiri = {{ t }}\n', 'harakiri').known).toBe(false);
    expect(value('[uwsgi]\nharakiri = $(T)\n', 'harakiri', {})).toEqual({ value: '$(T)', key: 'harakiri', known: false });
    expect(value('[uwsgi]\nini = missing.ini\n', 'harakiri')).toEqual({ value: undefined, key: undefined, known: false });
  });

  test('protocol and socket-protocol set one field: the later line decides what plain sockets speak', () => {
    // core/uwsgi.c: both are uwsgi_opt_set_str into uwsgi.protocol.
    expect(socketBindings(uwsgi('[uwsgi]\nsocket = :1\nprotocol = http\nsocket-protocol = uwsgi\n'))[0].protocol).toBe('uwsgi');
    expect(socketBindings(uwsgi('[uwsgi]\nsocket = :1\nsocket-protocol = uwsgi\nprotocol = http\n'))[0].protocol).toBe('http');
  });
});

describe('UwsgiQuery', () => {
  const project = projectFromTexts(
    [
      { path: 'app/uwsgi.ini', text: '[uwsgi]\nmodule = app\nsocket = app.sock\nworkers = 3\n' },
      { path: 'app/Dockerfile', text: 'FROM python:3.12\nWORKDIR /app\nCOPY . /app/\nCMD ["uwsgi", "uwsgi.ini"]\n' },
    ],
    { cwd: '/repo' },
  );
  const query = new Query(project).uwsgi;
  const [config] = query.configs;

  test('reads values in force through the one helper, and keeps them for the run', () => {
    expect(query.last(config, 'processes')?.value).toBe('3');
    expect(query.inForce(config, 'processes')).toBe(query.inForce(config, 'processes'));
    expect(query.inForce(config, 'processes').known).toBe(true);
  });

  test('anchors a relative socket at the launch directory, and says it was not chdir', () => {
    const [binding] = query.sockets(config);
    expect(binding).toMatchObject({ relative: true, unanchored: false, anchor: 'launch-dir', address: { type: 'unix', path: '/app/app.sock' } });
    expect(socketBindings(uwsgi('[uwsgi]\nchdir = /srv\nsocket = app.sock\n'))[0].anchor).toBe('chdir');
    expect(socketBindings(uwsgi('[uwsgi]\nsocket = app.sock\n'))[0]).toMatchObject({ unanchored: true, anchor: null });
  });

  test('the section a config loads, or the start of its file', () => {
    expect(query.sectionSpan(config)).toMatchObject({ start: 0, end: '[uwsgi]'.length });
  });
});

test('src/uwsgi and src/query import each other in no circle', () => {
  const root = new URL('..', import.meta.url).pathname;
  expect(importCycles(root, ['src/uwsgi', 'src/query'])).toEqual([]);
});
