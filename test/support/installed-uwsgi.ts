// Which uWSGI the tests may run, and with which plugins. Debian installs `uwsgi-core` (plugins in
// /usr/lib/uwsgi/plugins, one package each beyond the core's). Two variables let a run act as
// another machine would: TEST_UWSGI is the binary's path, or `none` for a machine without uWSGI;
// TEST_UWSGI_PLUGIN_DIR is a directory listing the plugins to count as installed (a directory of
// symlinks to some of the real ones shows what a machine with fewer plugin packages sees).
import { existsSync, readdirSync } from 'node:fs';

const DEBIAN_BINARIES = ['/usr/bin/uwsgi-core', '/usr/bin/uwsgi'];

/** The uWSGI binary to run, or null when there is none (or TEST_UWSGI=none). */
export function installedUwsgi(): string | null {
  const chosen = process.env.TEST_UWSGI;
  if (chosen === 'none') return null;
  if (chosen) return existsSync(chosen) ? chosen : null;
  return DEBIAN_BINARIES.find((p) => existsSync(p)) ?? null;
}

/** The directory whose `<name>_plugin.so` files are the installed plugins. */
export const uwsgiPluginDir = process.env.TEST_UWSGI_PLUGIN_DIR ?? '/usr/lib/uwsgi/plugins';

/** Names of the installed plugins (`python3`, `http`, ...); none without uWSGI. */
export function installedUwsgiPlugins(): Set<string> {
  if (installedUwsgi() === null || !existsSync(uwsgiPluginDir)) return new Set();
  return new Set(readdirSync(uwsgiPluginDir).filter((f) => f.endsWith('_plugin.so')).map((f) => f.slice(0, -'_plugin.so'.length)));
}
