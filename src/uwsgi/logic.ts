// Option names with a fixed meaning for the reader (config logic, immediate options, loaders), and
// how an `if-*` block's condition evaluates against what the run knows.
// Sources: uWSGI 2.0.30 core/uwsgi.c option table (flags UWSGI_OPT_IMMEDIATE), core/config.c,
// core/logic.c (uwsgi_logic_opt_if_*).
import { UNKNOWN } from './ast.js';
import { own } from '../own.js';

/** Openers of config-logic blocks (uwsgi.c:113-155, opt logic), and their block kind. */
export const LOGIC_OPENERS: ReadonlyMap<string, 'for' | 'if'> = new Map<string, 'for' | 'if'>([
  ['for', 'for'],
  ['for-glob', 'for'],
  ['for-times', 'for'],
  ['for-readline', 'for'],
  ['if-env', 'if'],
  ['ifenv', 'if'],
  ['if-not-env', 'if'],
  ['if-opt', 'if'],
  ['if-not-opt', 'if'],
  ['if-exists', 'if'],
  ['ifexists', 'if'],
  ['if-not-exists', 'if'],
  ['if-file', 'if'],
  ['if-not-file', 'if'],
  ['if-dir', 'if'],
  ['ifdir', 'if'],
  ['if-directory', 'if'],
  ['if-not-dir', 'if'],
  ['if-plugin', 'if'],
  ['ifplugin', 'if'],
  ['if-not-plugin', 'if'],
  ['if-reload', 'if'],
  ['if-not-reload', 'if'],
  ['if-hostname', 'if'],
  ['if-not-hostname', 'if'],
  ['if-hostname-match', 'if'],
  ['if-not-hostname-match', 'if'],
]);

/** Keys that end any open block (config.c add_exported_option_do). */
export const LOGIC_CLOSERS: ReadonlySet<string> = new Set(['end', 'endfor', 'end-for', 'endif', 'end-if']);

/** Options run while the file is read (flag UWSGI_OPT_IMMEDIATE in 2.0.30 core and plugins);
 * their values never see `$()`, `@()`, `%()`. */
export const IMMEDIATE_OPTIONS: ReadonlySet<string> = new Set([
  'autoload', 'binary-append-data', 'blacklist', 'build-plugin', 'cflags', 'command-mode',
  'config', 'config-py', 'connect-and-read', 'declare-option', 'dlopen', 'dot-h', 'early-envdir',
  'end-blacklist', 'end-for', 'end-if', 'end-whitelist', 'endfor', 'endif', 'exit', 'extract',
  'fallback-config', 'flock', 'flock-wait', 'flock-wait2', 'flock2', 'help', 'immediate-gid',
  'immediate-uid', 'include', 'ini', 'ini-paste', 'ini-paste-logged', 'inject-after',
  'inject-before', 'iprint', 'js', 'json', 'ldap', 'ldap-schema', 'ldap-schema-ldif', 'listen',
  'need-plugin', 'need-plugins', 'pause', 'pcre-jit', 'perl-version', 'plugin', 'plugin-dir',
  'plugins', 'plugins-dir', 'print-sym', 'print-symbol', 'pypy-ini-paste', 'python-version',
  'reload', 'resolve', 'resume', 'set', 'set-ph', 'set-placeholder', 'signal', 'spooler-processes',
  'sqlite', 'sqlite3', 'stop', 'strict', 'suspend', 'umask', 'usage', 'whitelist', 'xml',
  'xmlconfig', 'yaml', 'yml',
  ...LOGIC_OPENERS.keys(),
]);

/** Options that load another config file. */
export const LOADER_OPTIONS: ReadonlySet<string> = new Set([
  'ini',
  'include',
  'inherit',
  'json',
  'js',
  'yaml',
  'yml',
  'xml',
  'xmlconfig',
  'sqlite3',
  'sqlite',
  'ldap',
  'config',
]);

/** `scheme://` prefixes uWSGI's reader understands (io.c uwsgi_open_and_read); never followed here. */
export const LOADER_SCHEME = /^(exec|http|https|data|sym|section|fd|call|callint|emperor):\/\//i;

/** Any `scheme://`, known or not. */
export const ANY_SCHEME = /^[a-z0-9]+:\/\//i;

/** What the run knows to evaluate an `if-*` condition against; a fact left out leaves it unknown. */
export interface ConditionFacts {
  /** uwsgi_get_exported_opt: the value of the first option collected under a name (`if-opt`). */
  lookup(name: string): string | null;
  /** The environment; absent: not provided. */
  env?: Readonly<Record<string, string | undefined>>;
  stat?: (path: string) => 'file' | 'dir' | undefined;
  hostname?: string;
  /** A path made absolute against the directory uWSGI starts in, or null when that is not known. */
  absolute(path: string): string | null;
}

export interface Condition {
  /** Whether the block's options are collected; null when the run cannot tell. */
  taken: boolean | null;
  /** What `%(_)` stands for in the block (the value found, the argument), null for none. */
  item: string | null;
  /** Why the condition is not evaluated statically, when it is not. */
  unknown?: string;
}

/** core/logic.c: an `if-*` block's condition (`key = arg`), before any `else` inverts it. */
export function evaluateCondition(key: string, arg: string, facts: ConditionFacts): Condition {
  const equal = arg.indexOf('=');
  const name = equal >= 0 ? arg.slice(0, equal) : arg;
  const expected = equal >= 0 ? arg.slice(equal + 1) : null;
  const negated = key.startsWith('if-not-');
  switch (key) {
    case 'if-env':
    case 'ifenv':
    case 'if-not-env':
    case 'if-opt':
    case 'if-not-opt': {
      let found: string | null | undefined;
      if (key.endsWith('opt')) found = facts.lookup(name);
      else if (facts.env) found = own(facts.env, name) ?? null;
      if (found === undefined) return { taken: null, item: UNKNOWN, unknown: 'the environment was not provided' };
      if (found !== null && found.includes(UNKNOWN) && expected !== null) return { taken: null, item: found, unknown: 'the compared value is not known' };
      const matches = found !== null && (expected === null || expected === found);
      return { taken: negated ? !matches : matches, item: found ?? '' };
    }
    case 'if-exists':
    case 'ifexists':
    case 'if-not-exists':
    case 'if-file':
    case 'if-not-file':
    case 'if-dir':
    case 'ifdir':
    case 'if-directory':
    case 'if-not-dir': {
      if (!facts.stat || arg.includes(UNKNOWN)) return { taken: null, item: arg, unknown: 'it tests the file system' };
      const kind = facts.stat(facts.absolute(arg) ?? arg);
      const wanted = key.includes('exists') ? kind !== undefined : key.includes('file') ? kind === 'file' : kind === 'dir';
      return { taken: negated ? !wanted : wanted, item: arg };
    }
    case 'if-reload':
    case 'if-not-reload':
      // The first start is what a linter checks.
      return { taken: key === 'if-not-reload', item: null };
    case 'if-hostname':
    case 'if-not-hostname':
    case 'if-hostname-match':
    case 'if-not-hostname-match': {
      const hostname = facts.hostname;
      if (hostname === undefined) return { taken: null, item: arg, unknown: 'the hostname was not provided' };
      let matches: boolean | null;
      if (key.endsWith('match')) {
        try {
          matches = new RegExp(arg).test(hostname);
        } catch {
          matches = null;
        }
      } else matches = hostname === arg;
      if (matches === null) return { taken: null, item: arg, unknown: 'the PCRE pattern is not understood here' };
      return { taken: negated ? !matches : matches, item: arg };
    }
    default:
      return { taken: null, item: arg, unknown: 'plugins are not known statically' };
  }
}
