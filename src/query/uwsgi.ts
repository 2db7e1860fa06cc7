// What a rule asks of the uWSGI configs of a run: the options in force (aliases and logic
// branches taken into account), the sockets they bind, the plugins they load, who starts them and
// who can reach them. Questions about a config of the run are methods here, and what they work
// out is kept for the run; questions about uWSGI's option table or about one value are plain
// functions, re-exported from src/query/index.ts.
import type { SourceSpan } from '../diagnostic.js';
import { span } from '../diagnostic.js';
import type { ComposeFile } from '../context/compose.js';
import { composeFiles, exposure, type Exposure } from '../context/network.js';
import type { UwsgiConfig, UwsgiOption } from '../uwsgi/ast.js';
import { loadedPlugins, placeholderNamesUsed, uwsgiBuild, type LoadedPlugins } from '../uwsgi/options.js';
import { hasUnreadIncludes, inForce, settings, turnedOn, type InForce } from '../uwsgi/settings.js';
import { bindsSomething, socketBindings, type SocketBinding } from '../uwsgi/sockets.js';
import { startingIdentity, type StartingIdentity } from '../uwsgi/starts-as.js';
import type { Project } from '../project.js';

export class UwsgiQuery {
  private readonly bindings = new Map<UwsgiConfig, SocketBinding[]>();
  private readonly values = new Map<UwsgiConfig, Map<string, InForce>>();
  private readonly pluginsLoaded = new Map<UwsgiConfig, LoadedPlugins>();
  private readonly placeholders = new Map<UwsgiConfig, ReadonlySet<string>>();

  private compose: readonly ComposeFile[] | undefined;

  constructor(private readonly project: Project) {}

  /** The linted uWSGI configs, each an ini section with its includes read. */
  get configs(): readonly UwsgiConfig[] {
    return this.project.uwsgi;
  }

  /** The line in force for `key` or one of its aliases (the last that applies), if any. */
  last(config: UwsgiConfig, key: string): UwsgiOption | undefined {
    return this.inForce(config, key).option;
  }

  /** Every line that applies for `key` or one of its aliases, in order. */
  all(config: UwsgiConfig, key: string): UwsgiOption[] {
    return settings(config, key);
  }

  /** A boolean option set to true (the last line wins). */
  isOn(config: UwsgiConfig, key: string): boolean {
    return turnedOn(this.inForce(config, key).option);
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
    let found = this.pluginsLoaded.get(config);
    if (!found) {
      found = loadedPlugins(config);
      this.pluginsLoaded.set(config, found);
    }
    return found;
  }

  /** A config that runs an instance (binds something), not a fragment meant to be included. */
  bindsSomething(config: UwsgiConfig): boolean {
    return bindsSomething(config);
  }

  /** Some include of the config was not read: its options are not all known. */
  unreadIncludes(config: UwsgiConfig): boolean {
    return hasUnreadIncludes(config);
  }


  /**
   * The value in force for `key` (aliases included: they write one field), with whether the run
   * knows it (every include read, no open logic branch, a known value). The one answer to "what
   * is X set to": last(), isOn() and the socket reader read it too.
   */
  inForce(config: UwsgiConfig, key: string): InForce {
    let byKey = this.values.get(config);
    if (!byKey) {
      byKey = new Map();
      this.values.set(config, byKey);
    }
    let found = byKey.get(key);
    if (!found) {
      found = inForce(config, key);
      byKey.set(key, found);
    }
    return found;
  }

  /** Names the config uses as placeholders: referenced as `%(name)`, declared, or tested by `if-opt`. */
  placeholderNames(config: UwsgiConfig): ReadonlySet<string> {
    let found = this.placeholders.get(config);
    if (!found) {
      found = placeholderNamesUsed(config);
      this.placeholders.set(config, found);
    }
    return found;
  }

  /** The build to judge plugins against: the configured one, else modular when the ini loads the Python plugin; undefined when not known. */
  build(config: UwsgiConfig): 'modular' | 'monolithic' | undefined {
    return uwsgiBuild(config, this.project.settings);
  }

  /** Who starts the config's uWSGI: a launch of the run (Dockerfile, unit, ...), the settings, or not known. */
  startsAs(config: UwsgiConfig): StartingIdentity {
    return startingIdentity(config, this.project.settings);
  }

  /** Who can reach a socket of the config bound to every interface on TCP `port` (null: not known), as the run's context files tell. */
  exposure(config: UwsgiConfig, port: number | null): Exposure {
    return exposure(this.composeFiles(), config, port);
  }

  /** The compose files among the run's context files, parsed once per run. */
  composeFiles(): readonly ComposeFile[] {
    return (this.compose ??= composeFiles(this.project));
  }

  /** The header of the section the config loads, or the start of its file when there is none. */
  sectionSpan(config: UwsgiConfig): SourceSpan {
    const header = config.file.sections.find((s) => s.name === config.section);
    return header ? span(header.source, header.start, header.end) : span(config.file.source, 0, 0);
  }
}
