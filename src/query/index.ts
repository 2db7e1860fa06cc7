// The query layer: the one way a rule reads the configs of a run. A rule gets a Query through
// its context (`context.query`) and imports nothing else of src/ but src/rule.ts and this file.
// It answers with the filtering a verdict needs already done (syntax errors, templates, unread
// includes) and keeps what it works out for the run, not in the syntax trees.
import type { Project } from '../project.js';
import { NginxQuery } from './nginx.js';
import { PairQuery } from './pair.js';
import { UwsgiQuery } from './uwsgi.js';

export class Query {
  private nginxQuery: NginxQuery | undefined;
  private uwsgiQuery: UwsgiQuery | undefined;
  private pairQuery: PairQuery | undefined;

  constructor(readonly project: Project) {}

  get nginx(): NginxQuery {
    return (this.nginxQuery ??= new NginxQuery(this.project));
  }

  get uwsgi(): UwsgiQuery {
    return (this.uwsgiQuery ??= new UwsgiQuery(this.project));
  }

  get pair(): PairQuery {
    return (this.pairQuery ??= new PairQuery(this.project));
  }
}

export { NginxQuery, type DirectiveQuery } from './nginx.js';
export { UwsgiQuery } from './uwsgi.js';
export { PairQuery, type WorkerUser } from './pair.js';

// What the uWSGI rules read besides the query: the types of a resolved config, and pure answers
// about uWSGI's option table or one value (no config of the run needed).
export { UNKNOWN, type UwsgiConfig, type UwsgiOption, type UwsgiSection } from '../uwsgi/ast.js';
export {
  applicationLoaders,
  isFalse,
  isKnownPlugin,
  isLogicKeyword,
  lastWins,
  optionInfo,
  optionsUwsgiVersion,
  providedBy,
  suggestOption,
  unexpanded,
  type LoadedPlugins,
  type OptionInfo,
} from '../uwsgi/options.js';
export { applies, type InForce } from '../uwsgi/settings.js';
export { maskHoles, type SocketBinding, type SocketProtocol } from '../uwsgi/sockets.js';
export { namesRoot, type StartingIdentity } from '../uwsgi/starts-as.js';
export type { Exposure } from '../context/network.js';
// Shared by rules of every kind.
export { span, type RelatedInformation, type SourceSpan } from '../diagnostic.js';
export { editDistance } from '../suggest.js';
