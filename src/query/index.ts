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

// Added for the nginx-{i..z} rules: the vocabulary and pure helpers they read configs with.
export { span, type RelatedInformation, type Severity, type SourceSpan } from '../diagnostic.js';
export type { NginxDirective, NginxWord } from '../nginx/ast.js';
export {
  allowedContexts,
  directiveSpecs,
  directivesSource,
  knownDirectiveNames,
  moduleTypeOf,
  newerDirectiveSpecs,
  type DirectiveContext,
  type JudgedItem,
  type ListenAddress,
  type ScopedDirective,
} from '../nginx/directives.js';
export { hostPart } from '../nginx/host-part.js';
export type { LocationName } from '../nginx/location.js';
export type { PassTarget, Scope } from '../nginx/model.js';
export { nestedQuantifiers, parseRegex } from '../nginx/security/regex.js';
export { fromRequest, groupCan, ifCondition, taintedVariable, variablesIn } from '../nginx/security/variables.js';
export { closest } from '../suggest.js';
export { relatedAt, wordSpan } from './spans.js';
