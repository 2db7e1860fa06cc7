// Option names with a fixed meaning for the reader: config logic, immediate options, loaders.
// Sources: uWSGI 2.0.30 core/uwsgi.c option table (flags UWSGI_OPT_IMMEDIATE), core/config.c.

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

/** Options run while the file is read; their values never see `$()`, `@()`, `%()`. */
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
