// What a rule asks of the uWSGI configs of a run: the options in force (aliases and logic
// branches taken into account), the sockets they bind, the plugins they load.
import type { UwsgiConfig, UwsgiOption } from '../uwsgi/ast.js';
import { bindsSomething, hasUnreadIncludes, isOn, lastSetting, loadedPlugins, settings, type LoadedPlugins } from '../uwsgi/options.js';
import { socketBindings, type SocketBinding } from '../uwsgi/sockets.js';
import type { Project } from '../project.js';

export class UwsgiQuery {
  private readonly bindings = new Map<UwsgiConfig, SocketBinding[]>();

  constructor(private readonly project: Project) {}

  /** The linted uWSGI configs, each an ini section with its includes read. */
  get configs(): readonly UwsgiConfig[] {
    return this.project.uwsgi;
  }

  /** The line in force for `key` or one of its aliases (the last that applies), if any. */
  last(config: UwsgiConfig, key: string): UwsgiOption | undefined {
    return lastSetting(config, key);
  }

  /** Every line that applies for `key` or one of its aliases, in order. */
  all(config: UwsgiConfig, key: string): UwsgiOption[] {
    return settings(config, key);
  }

  /** A boolean option set to true (the last line wins). */
  isOn(config: UwsgiConfig, key: string): boolean {
    return isOn(config, key);
  }

  /** The sockets a config binds, anchored where uWSGI resolves them. */
  sockets(config: UwsgiConfig): readonly SocketBinding[] {
    let found = this.bindings.get(config);
    if (!found) {
      found = socketBindings(config, { launchDir: config.launch?.launchDir ?? this.project.settings.uwsgiLaunchDir, build: this.project.settings.uwsgiBuild });
      this.bindings.set(config, found);
    }
    return found;
  }

  /** The plugins the config loads, and whether the set may be larger. */
  plugins(config: UwsgiConfig): LoadedPlugins {
    return loadedPlugins(config);
  }

  /** A config that runs an instance (binds something), not a fragment meant to be included. */
  bindsSomething(config: UwsgiConfig): boolean {
    return bindsSomething(config);
  }

  /** Some include of the config was not read: its options are not all known. */
  unreadIncludes(config: UwsgiConfig): boolean {
    return hasUnreadIncludes(config);
  }
}
