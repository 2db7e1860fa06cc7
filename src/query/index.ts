// The query layer: the one way a rule reads the configs of a run. A rule gets a Query through
// its context (`context.query`) and imports nothing else of src/ but src/rule.ts and this file.
// It answers with the filtering a verdict needs already done (syntax errors, templates, unread
// includes) and keeps what it works out for the run, not in the syntax trees.
import type { Project } from '../project.js';
import { NginxQuery } from './nginx.js';
import { PairQuery } from './pair.js';
import { ProblemQuery } from './problems.js';
import { UwsgiQuery } from './uwsgi.js';

export class Query {
  private nginxQuery: NginxQuery | undefined;
  private uwsgiQuery: UwsgiQuery | undefined;
  private pairQuery: PairQuery | undefined;
  private problemQuery: ProblemQuery | undefined;

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

  /** What the read, parse and resolve stages found wrong, by kind: the owning rule words and reports it. */
  get problems(): ProblemQuery {
    return (this.problemQuery ??= new ProblemQuery(this.project));
  }
}

export { NginxQuery, type DirectiveQuery } from './nginx.js';
export { UwsgiQuery } from './uwsgi.js';
export { PairQuery, type WorkerUser } from './pair.js';

// What rules use beside the query: the types it answers with, where findings point, the
// directive table, and the pure helpers of the nginx security rules.
export { span, type RelatedInformation, type Severity, type SourceSpan } from '../diagnostic.js';
export { relatedAt, wordSpan } from './spans.js';
export type { NginxDirective, NginxWord } from '../nginx/ast.js';
export type { ListenAddress } from '../nginx/address.js';
export type { DirectiveContext } from '../nginx/context.js';
export type { ScopedDirective, JudgedItem } from '../nginx/directive-list.js';
export { allowedContexts, describeArgs, directiveSpecs, directivesSource, fitsContext, knownDirectiveNames, moduleTypeOf, newerDirectiveSpecs, type DirectiveSpec } from '../nginx/directive-table.js';
export { hostPart } from '../nginx/host-part.js';
export type { LocationName } from '../nginx/location.js';
export type { PassTarget, Scope, ScopeKind, Upstream } from '../nginx/model.js';
export { nestedQuantifiers, parseRegex } from '../nginx/security/regex.js';
export { decodedPath, fromRequest, groupCan, ifCondition, variablesIn, type Taint } from '../nginx/security/variables.js';
export { closest, editDistance } from '../suggest.js';
export { type BlockDirectives } from './nginx.js';
export { ProblemQuery } from './problems.js';
export type * from '../parsed-findings.js';
export { adviceFor, describeProblem, type FileProblem } from '../file-problem.js';
export { originWitness, type OriginWitness, type OriginWitnessOptions } from '../nginx/security/origin-witness.js';

// What the uWSGI rules read besides the query: the types of a resolved config, and pure answers
// about uWSGI's option table or one value (no config of the run needed).
export { UNKNOWN, type UntakenSocket, type UwsgiConfig, type UwsgiOption, type UwsgiSection } from '../uwsgi/ast.js';
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
export { maskHoles, namedAddress, type NamedAddress, type SocketBinding, type SocketProtocol } from '../uwsgi/sockets.js';
export { namesRoot, type StartingIdentity } from '../uwsgi/starts-as.js';
export { isTemplateName } from '../classify.js';
export type { Exposure } from '../context/network.js';

// For the pair rules: what they name (targets, sockets, verdicts), where their findings point,
// what each side speaks, and the small pure helpers their messages use.
export type { Address, UpstreamServer } from '../nginx/model.js';
export type { NginxConfig } from '../project.js';
export type { SourceFile } from '../source.js';
export { accepts, describeAddress, isLoopback, normalisePath } from '../pair/address.js';
export type { Endpoint, Pairing, TargetPairing } from '../pair.js';
export type { BoundSocket } from '../pair/socket-index.js';
export { fittingPass, fittingSocket, nginxAddress, protocolFits, spokenProtocol, uwsgiValue } from '../pair/protocol.js';
export { bindingText, fileName, optionSpan, passText, targetSpan } from '../pair/spans.js';
export { intendedBindings, type EndpointVerdict, type JudgedEndpoint } from '../pair/verdict.js';
export { formatDuration, parseDuration, parseSize } from '../nginx/time.js';
// gixy parity (tls)
export { letsEncryptCertificates, speaksTls, staplingInForce } from '../nginx/security/stapling.js';

// gixy parity (resolver)
export { advisories, advisoriesSource, advisoryExposures, affects, compareVersions, parseNginxVersion, type Advisory, type AdvisoryExposure } from '../nginx/security/advisories.js';

// gixy parity (paths)
export { captureStart, type CaptureStart } from '../nginx/security/capture-start.js';

// gixy parity (regex)
export { ambiguousAlternationLoops, anchoredSomewhere } from '../nginx/security/regex.js';
export { captureGroups, captureRefs, namesVariable, readsCapture, nested, type CaptureGroups, type CaptureRef } from '../nginx/security/captures.js';
export { mapPattern, mostGroupsIn } from '../nginx/security/capture-providers.js';
export { nginxHasFix } from '../nginx/security/nginx-fixes.js';

// gixy parity (access)
export { accessRules, accessRulesLevel, answerFor, authenticationInForce, enclosingLocation, internalOnlyLocation, publicAccess, serverClients, type AccessAnswer, type ClientFamily, type PublicAccess, type ServerClients } from '../nginx/security/access.js';
