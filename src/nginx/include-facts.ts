// What a config's include lines brought in, file by file: the names its tree can hold, and
// whether an include went unread (outside the linted tree and not mapped, or missing), so that
// what it holds is not known.
import type { NginxDirective, NginxFile } from './ast.js';
import { GLOB_CHARS } from './resolve.js';
import type { NginxConfig } from '../project.js';

/** What one walk over a config's files tells (configFacts). */
export interface ConfigFacts {
  /** The names of the directives its tree can hold. */
  names: ReadonlySet<string>;
  /** Whether an include line names no glob and brought in no file (outside the tree, not mapped, missing). */
  hasUnreadInclude: boolean;
}

/**
 * What the config's root file and every file an include brought in (followed as buildScope
 * follows them) hold, each file once, not once per include: from the names and include lines
 * the parser noted of each file, without walking the trees.
 */
export function configFacts(config: NginxConfig): ConfigFacts {
  let hasUnreadInclude = false;
  const filesRead = new Set<NginxFile>();
  const addFile = (file: NginxFile) => {
    if (filesRead.has(file)) return;
    filesRead.add(file);
    // Indexed loops: a large site has thousands of `include uwsgi_params;`.
    for (let i = 0; i < file.includes.length; i++) {
      const d = file.includes[i];
      const included = config.included.get(d);
      if (included !== undefined && included.length > 0) for (let k = 0; k < included.length; k++) addFile(included[k]);
      else if (isUnreadInclude(d, config)) hasUnreadInclude = true;
    }
  };
  addFile(config.root);
  // A config of one file (a run over a directory of sites) keeps that file's own set of names:
  // a copy per config was kept for the run (2.5 MB of a run over 10,000 one-server files).
  if (filesRead.size === 1) return { names: config.root.names, hasUnreadInclude };
  const names = new Set<string>();
  for (const file of filesRead) for (const name of file.names) names.add(name);
  return { names, hasUnreadInclude };
}

/**
 * An include line that names no glob (an empty glob is fine) and brought in no file: outside
 * the linted tree and not mapped, or missing. What it holds is not known.
 */
export function isUnreadInclude(d: NginxDirective, config: NginxConfig): boolean {
  if (d.name !== 'include' || GLOB_CHARS.test(d.args[0]?.value ?? '')) return false;
  const included = config.included.get(d);
  return included === undefined || included.length === 0;
}
