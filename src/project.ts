// The resolved inputs of one run, as rules see them: nginx configs with their includes followed,
// uWSGI configs with options expanded, and the settings that stand in for the production box.
import type { SourceSpan } from './diagnostic.js';
import type { NginxIncludeProblem, ReadProblem } from './parsed-findings.js';
import type { NginxDirective, NginxFile } from './nginx/ast.js';
import type { UwsgiConfig } from './uwsgi/ast.js';
import type { Settings } from './config.js';
import type { SourceFile } from './source.js';
import type { UwsgiLaunch } from './context/launch.js';

export interface NginxConfig {
  /** The file that was linted. */
  root: NginxFile;
  /** The root and every file its includes pulled in, once each. */
  files: NginxFile[];
  /** What include resolution found (missing files, cycles, files not read). */
  resolutionProblems: NginxIncludeProblem[];
  /**
   * What each include line reached from the root brought in, as this config resolves it (a file
   * included by a main config and linted on its own too is read with two different prefixes).
   */
  included: ReadonlyMap<NginxDirective, readonly NginxFile[]>;
}

export interface Project {
  /** Absolute working directory (POSIX separators). */
  cwd: string;
  nginx: NginxConfig[];
  uwsgi: UwsgiConfig[];
  settings: Settings;
  /** Files that could not be read (missing, too large, not a file), read but not UTF-8, or not configs. */
  readFailures: ReadProblem[];
  /** Every uWSGI launch the context files describe (Dockerfile, compose, systemd, supervisord, Debian). */
  launches?: UwsgiLaunch[];
  /** The context files read (inputs and neighbours of linted files). */
  contextFiles?: SourceFile[];
  /** nginx's worker user as an image in the run sets it (the official `nginx` image: nginx), with where the image is named. */
  nginxImageUser?: { user: string; span: SourceSpan };
}
