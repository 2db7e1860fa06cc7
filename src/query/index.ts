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
    return (this.pairQuery ??= new PairQuery(this.project, this.nginx, this.uwsgi));
  }
}

export { NginxQuery, type DirectiveQuery } from './nginx.js';
export { UwsgiQuery } from './uwsgi.js';
export { PairQuery, type WorkerUser } from './pair.js';

// For the pair rules: what they name (targets, sockets, verdicts), where their findings point,
// what each side speaks, and the small pure helpers their messages use.
export type { RelatedInformation } from '../diagnostic.js';
export type { NginxDirective } from '../nginx/ast.js';
export type { Address, PassTarget, Scope, UpstreamServer } from '../nginx/model.js';
export type { NginxConfig } from '../project.js';
export type { SourceFile } from '../source.js';
export type { UwsgiConfig, UwsgiOption } from '../uwsgi/ast.js';
export type { SocketBinding, SocketProtocol } from '../uwsgi/sockets.js';
export type { StartingIdentity } from '../uwsgi/starts-as.js';
export { describeAddress, isLoopback } from '../pair/address.js';
export type { Endpoint, Pairing, TargetPairing } from '../pair.js';
export type { BoundSocket } from '../pair/socket-index.js';
export { fittingPass, fittingSocket, nginxAddress, protocolFits, spokenProtocol, uwsgiValue } from '../pair/protocol.js';
export { bindingText, fileName, optionSpan, passText, targetSpan, wordSpan } from '../pair/spans.js';
export { intendedBindings, type EndpointVerdict, type JudgedEndpoint } from '../pair/verdict.js';
export { namesRoot } from '../uwsgi/starts-as.js';
export { formatDuration, parseDuration, parseSize } from '../nginx/time.js';
export { editDistance } from '../suggest.js';
