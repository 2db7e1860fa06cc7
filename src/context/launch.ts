// How uWSGI is started, as the files around the configs tell it: a Dockerfile's CMD, a compose
// service's command, a systemd ExecStart, a supervisord program, Debian's init script. A launch
// holds the options uWSGI gets outside the ini (environment first, then the command line), the
// directory it starts in, the user it starts as, and how production paths map back to the repo.
import type { SourceFile } from '../source.js';
import type { SourceSpan } from '../diagnostic.js';
import type { LaunchOption } from './command-line.js';

export type ContextKind = 'dockerfile' | 'compose' | 'systemd' | 'supervisord' | 'upstart' | 'debian';

/** A production path prefix and where it comes from in the repository. */
export interface PathMapping {
  /** Absolute production path (in the image, on the server). */
  production: string;
  /** Absolute repository path, or a path relative to one of `bases` (Dockerfile COPY sources). */
  repo: string;
  /** The production side is a directory (`COPY . /app`, `COPY a.ini b.ini /etc/`, a dest ending in `/`). */
  directory: boolean;
  /** For relative `repo`: candidate base directories, most likely first (build contexts). */
  bases?: string[];
  /** Where the mapping is written. */
  span: SourceSpan;
  /** A bind mount: it hides what the image has below `production`. */
  mount?: boolean;
}

export interface UwsgiLaunch {
  kind: ContextKind;
  /** The file the command is written in. */
  source: SourceFile;
  /** The compose service, unit, supervisord program or Dockerfile stage. */
  name: string;
  /** The program word of the command. */
  span: SourceSpan;
  /** In the order uWSGI collects them: `UWSGI_*` variables, command-line options, bare config files. */
  options: LaunchOption[];
  /** The environment uWSGI sees, where the file says it (null: not known). */
  env: Record<string, string> | null;
  /** Directory uWSGI starts in (production path), or null when not known. */
  launchDir: string | null;
  /** User uWSGI starts as: 'root' or a name; null when not known. */
  user: string | null;
  /** Primary group it starts with (systemd Group=, `USER app:grp`, Upstart setgid); null when not known. */
  group: string | null;
  /** Supplementary groups the launch adds (systemd SupplementaryGroups=). */
  groups: string[];
  /**
   * The user's groups are only those the launch names (systemd DynamicUser=: the user is in no
   * /etc/group); otherwise /etc/group may add memberships the run cannot see.
   */
  groupsClosed?: boolean;
  /** Production paths that come from the repository (COPY, volumes, configured mappings). */
  mappings: PathMapping[];
  /** Environment files named but not read (systemd EnvironmentFile=, compose env_file). */
  envFiles: string[];
  /** Why the user is not known although the launch is (an emperor-tyrant vassal). */
  userNote?: string;
  /** The Dockerfile whose command runs the script `source` is (src/context/scripts.ts). */
  runBy?: string;
  /** Files the base image holds that the repository does not (its own uWSGI ini), by production path. */
  files?: Record<string, string>;
}

/** A context file parsed: the launches in it and what else later files need (images, services). */
export interface ContextFile {
  kind: Exclude<ContextKind, 'debian'>;
  source: SourceFile;
  launches: UwsgiLaunch[];
}
