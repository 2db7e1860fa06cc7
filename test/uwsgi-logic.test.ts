// How an `if-*` block's condition evaluates against what the run knows (src/uwsgi/logic.ts
// evaluateCondition, after core/logic.c): taken, not taken, or not known and why.
import { describe, expect, test } from 'vitest';
import { UNKNOWN } from '../src/uwsgi/ast.js';
import { evaluateCondition, type ConditionFacts } from '../src/uwsgi/logic.js';

const facts = (extra: Partial<ConditionFacts> = {}): ConditionFacts => ({
  lookup: (name) => ({ base: '/srv', mode: 'prod' } as Record<string, string>)[name] ?? null,
  absolute: (path) => (path.startsWith('/') ? path : `/start/${path}`),
  ...extra,
});

describe('evaluateCondition', () => {
  test('if-opt reads the first option collected under the name, with or without a value to compare', () => {
    expect(evaluateCondition('if-opt', 'base', facts())).toEqual({ taken: true, item: '/srv' });
    expect(evaluateCondition('if-opt', 'mode=dev', facts())).toEqual({ taken: false, item: 'prod' });
    expect(evaluateCondition('if-not-opt', 'missing', facts())).toEqual({ taken: true, item: '' });
  });

  test('if-env: an environment not provided leaves it unknown; a provided one decides', () => {
    expect(evaluateCondition('if-env', 'HOME', facts())).toEqual({ taken: null, item: UNKNOWN, unknown: 'the environment was not provided' });
    expect(evaluateCondition('if-env', 'HOME', facts({ env: { HOME: '/root' } }))).toEqual({ taken: true, item: '/root' });
    expect(evaluateCondition('if-not-env', 'HOME', facts({ env: {} }))).toEqual({ taken: true, item: '' });
  });

  test('a compared value that is not known leaves it unknown', () => {
    const partly = facts({ lookup: () => `a${UNKNOWN}` });
    expect(evaluateCondition('if-opt', 'x=a1', partly)).toEqual({ taken: null, item: `a${UNKNOWN}`, unknown: 'the compared value is not known' });
  });

  test('file tests need a stat, and take relative paths from the start directory', () => {
    expect(evaluateCondition('if-file', 'x.ini', facts()).taken).toBeNull();
    const stat = (path: string) => (path === '/start/x.ini' ? 'file' : undefined) as 'file' | undefined;
    expect(evaluateCondition('if-file', 'x.ini', facts({ stat }))).toEqual({ taken: true, item: 'x.ini' });
    expect(evaluateCondition('if-dir', 'x.ini', facts({ stat })).taken).toBe(false);
    expect(evaluateCondition('if-not-exists', 'y.ini', facts({ stat })).taken).toBe(true);
  });

  test('the first start, not a reload, is what is checked', () => {
    expect(evaluateCondition('if-reload', '', facts())).toEqual({ taken: false, item: null });
    expect(evaluateCondition('if-not-reload', '', facts())).toEqual({ taken: true, item: null });
  });

  test('hostnames: exact, a pattern, a pattern not understood, none given', () => {
    expect(evaluateCondition('if-hostname', 'web1', facts({ hostname: 'web1' })).taken).toBe(true);
    expect(evaluateCondition('if-not-hostname-match', '^web', facts({ hostname: 'web1' })).taken).toBe(false);
    expect(evaluateCondition('if-hostname-match', '(', facts({ hostname: 'web1' }))).toEqual({ taken: null, item: '(', unknown: 'the PCRE pattern is not understood here' });
    expect(evaluateCondition('if-hostname', 'web1', facts()).unknown).toBe('the hostname was not provided');
  });

  test('plugins are not known statically', () => {
    expect(evaluateCondition('if-plugin', 'python3', facts())).toEqual({ taken: null, item: 'python3', unknown: 'plugins are not known statically' });
  });
});
