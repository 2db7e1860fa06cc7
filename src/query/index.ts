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

// Added for the nginx-{a..h} rules: the vocabulary and pure helpers they read configs with.
export { span, type RelatedInformation, type Severity, type SourceSpan } from '../diagnostic.js';
export type { NginxDirective, NginxWord } from '../nginx/ast.js';
export { describeArgs, directiveSpecs, type DirectiveContext, type DirectiveSpec, type ListenAddress, type ScopedDirective } from '../nginx/directives.js';
export type { Scope } from '../nginx/model.js';
export { decodedPath, groupCan, taintedVariable, variablesIn, type Taint } from '../nginx/security/variables.js';
export { relatedAt, rootOf } from '../nginx/security/walk.js';
export { type BlockDirectives } from './nginx.js';
export { wordSpan } from './spans.js';
