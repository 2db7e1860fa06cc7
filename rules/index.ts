// The registry: every rule, listed explicitly. Adding a rule = one file, its doc, one line here.
import type { Rule } from '../src/rule.js';
import { rule as lintUnusedSuppression } from './lint-unused-suppression.js';
import { rule as lintFileAccess } from './lint-file-access.js';
import { rule as lintNotAConfig } from './lint-not-a-config.js';
import { rule as nginxBom } from './nginx-bom.js';
import { rule as nginxIncludeCycle } from './nginx-include-cycle.js';
import { rule as nginxMissingInclude } from './nginx-missing-include.js';
import { rule as nginxSyntax } from './nginx-syntax.js';
import { rule as nginxLimit } from './nginx-limit.js';
import { rule as nginxUnknownDirective } from './nginx-unknown-directive.js';
import { rule as nginxWrongContext } from './nginx-wrong-context.js';
import { rule as nginxArgumentCount } from './nginx-argument-count.js';
import { rule as nginxDuplicateDirective } from './nginx-duplicate-directive.js';
import { rule as nginxNoPortInUpstream } from './nginx-no-port-in-upstream.js';
import { rule as nginxInvalidUpstreamAddress } from './nginx-invalid-upstream-address.js';
import { rule as nginxSslWithoutKey } from './nginx-ssl-without-key.js';
import { rule as nginxInvalidIf } from './nginx-invalid-if.js';
import { rule as nginxInvalidLocation } from './nginx-invalid-location.js';
import { rule as nginxProxyPassUri } from './nginx-proxy-pass-uri.js';
import { rule as nginxConflictingServerName } from './nginx-conflicting-server-name.js';
import { rule as nginxAliasTraversal } from './nginx-alias-traversal.js';
import { rule as nginxHostSpoofing } from './nginx-host-spoofing.js';
import { rule as nginxAddHeaderRedefinition } from './nginx-add-header-redefinition.js';
import { rule as nginxAddHeaderMultiline } from './nginx-add-header-multiline.js';
import { rule as nginxHttpSplitting } from './nginx-http-splitting.js';
import { rule as nginxSsrf } from './nginx-ssrf.js';
import { rule as nginxOrigins } from './nginx-origins.js';
import { rule as nginxValidReferersNone } from './nginx-valid-referers-none.js';
import { rule as nginxVersionDisclosure } from './nginx-version-disclosure.js';
import { rule as nginxRegexRedos } from './nginx-regex-redos.js';
import { rule as nginxUnanchoredRegex } from './nginx-unanchored-regex.js';
import { rule as nginxIfIsEvil } from './nginx-if-is-evil.js';
import { rule as nginxAllowWithoutDeny } from './nginx-allow-without-deny.js';
import { rule as nginxWeakTls } from './nginx-weak-tls.js';
import { rule as nginxResolverMissing } from './nginx-resolver-missing.js';
import { rule as nginxForceHttps } from './nginx-force-https.js';
import { rule as nginxDefaultServerName } from './nginx-default-server-name.js';
import { rule as nginxSslNotEnabled } from './nginx-ssl-not-enabled.js';
import { rule as pairBufferSize } from './pair-buffer-size.js';
import { rule as pairLoopbackUnreachable } from './pair-loopback-unreachable.js';
import { rule as pairMissingParams } from './pair-missing-params.js';
import { rule as pairOrphanSocket } from './pair-orphan-socket.js';
import { rule as pairProtocolMismatch } from './pair-protocol-mismatch.js';
import { rule as pairSocketMismatch } from './pair-socket-mismatch.js';
import { rule as pairSocketPermissions } from './pair-socket-permissions.js';
import { rule as pairTimeouts } from './pair-timeouts.js';
import { rule as pairUnpaired } from './pair-unpaired.js';
import { rule as uwsgiInclude } from './uwsgi-include.js';
import { rule as uwsgiLimit } from './uwsgi-limit.js';
import { rule as uwsgiNotEvaluated } from './uwsgi-not-evaluated.js';
import { rule as uwsgiSection } from './uwsgi-section.js';
import { rule as uwsgiSyntax } from './uwsgi-syntax.js';
import { rule as uwsgiUnknownOption } from './uwsgi-unknown-option.js';
import { rule as uwsgiPluginNotLoaded } from './uwsgi-plugin-not-loaded.js';
import { rule as uwsgiUnixScheme } from './uwsgi-unix-scheme.js';
import { rule as uwsgiRelativeSocket } from './uwsgi-relative-socket.js';
import { rule as uwsgiUndefinedPlaceholder } from './uwsgi-undefined-placeholder.js';
import { rule as uwsgiAllInterfaces } from './uwsgi-all-interfaces.js';
import { rule as uwsgiStatsExposed } from './uwsgi-stats-exposed.js';
import { rule as uwsgiRunsAsRoot } from './uwsgi-runs-as-root.js';
import { rule as uwsgiNoMaster } from './uwsgi-no-master.js';
import { rule as uwsgiPidfile } from './uwsgi-pidfile.js';
import { rule as uwsgiDieOnTerm } from './uwsgi-die-on-term.js';
import { rule as uwsgiVacuum } from './uwsgi-vacuum.js';
import { rule as uwsgiNoApp } from './uwsgi-no-app.js';
import { rule as uwsgiInlineComment } from './uwsgi-inline-comment.js';
import { rule as uwsgiInvalidChmod } from './uwsgi-invalid-chmod.js';
import { rule as uwsgiUnknownMagic } from './uwsgi-unknown-magic.js';
import { rule as uwsgiImmediatePlaceholder } from './uwsgi-immediate-placeholder.js';
import { rule as uwsgiChmodWithoutUnixSocket } from './uwsgi-chmod-without-unix-socket.js';
import { rule as uwsgiDuplicateOption } from './uwsgi-duplicate-option.js';

// gixy parity (regex): imports
import { rule as nginxMissingCapture } from './nginx-missing-capture.js';
import { rule as nginxCaptureAfterArgsRewrite } from './nginx-capture-after-args-rewrite.js';
import { rule as nginxOverlappingCaptures } from './nginx-overlapping-captures.js';
import { rule as nginxMixedCaseVariable } from './nginx-mixed-case-variable.js';
import { rule as nginxMapWithoutDefault } from './nginx-map-without-default.js';
// gixy parity (origins): imports
// gixy parity (paths): imports
import { rule as nginxMergeSlashesOff } from './nginx-merge-slashes-off.js';
import { rule as nginxProxyPassNormalized } from './nginx-proxy-pass-normalized.js';
import { rule as nginxTryFilesWithoutOpenFileCache } from './nginx-try-files-without-open-file-cache.js';
import { rule as nginxFilesystemRoot } from './nginx-filesystem-root.js';
// gixy parity (access): imports
import { rule as nginxReturnBypassesAllowDeny } from './nginx-return-bypasses-allow-deny.js';
import { rule as nginxStatusPageExposed } from './nginx-status-page-exposed.js';
// gixy parity (headers): imports
import { rule as nginxProxySetHeaderRedefinition } from './nginx-proxy-set-header-redefinition.js';
import { rule as nginxAddHeaderContentType } from './nginx-add-header-content-type.js';
import { rule as nginxHstsHeader } from './nginx-hsts-header.js';
// gixy parity (tls): imports
import { rule as nginxDefaultServerFlag } from './nginx-default-server-flag.js';
import { rule as nginxHttp2MisdirectedRequest } from './nginx-http2-misdirected-request.js';
import { rule as nginxQuicBpfReuseport } from './nginx-quic-bpf-reuseport.js';
import { rule as nginxSslStaplingWithoutResolver } from './nginx-ssl-stapling-without-resolver.js';
import { rule as nginxSslStaplingLetsencrypt } from './nginx-ssl-stapling-letsencrypt.js';
import { rule as nginxSslEcdhCurve } from './nginx-ssl-ecdh-curve.js';
// gixy parity (operations): imports
import { rule as nginxLowKeepaliveRequests } from './nginx-low-keepalive-requests.js';
import { rule as nginxErrorLogOff } from './nginx-error-log-off.js';
import { rule as nginxMissingWorkerProcesses } from './nginx-missing-worker-processes.js';
import { rule as nginxWorkerRlimitNofileVsConnections } from './nginx-worker-rlimit-nofile-vs-connections.js';
import { rule as nginxProxyBufferingOff } from './nginx-proxy-buffering-off.js';
// gixy parity (resolver): imports
import { rule as nginxResolverExternal } from './nginx-resolver-external.js';
import { rule as nginxStaleDnsCache } from './nginx-stale-dns-cache.js';
import { rule as nginxKnownVulnerability } from './nginx-known-vulnerability.js';

export const rules: readonly Rule[] = [
  // nginx
  nginxSyntax,
  nginxLimit,
  nginxBom,
  nginxMissingInclude,
  nginxIncludeCycle,
  nginxUnknownDirective,
  nginxWrongContext,
  nginxArgumentCount,
  nginxDuplicateDirective,
  nginxNoPortInUpstream,
  nginxInvalidUpstreamAddress,
  nginxSslWithoutKey,
  nginxInvalidIf,
  nginxInvalidLocation,
  nginxProxyPassUri,
  nginxConflictingServerName,
  // gixy parity (regex)
  nginxMissingCapture,
  nginxCaptureAfterArgsRewrite,
  nginxOverlappingCaptures,
  nginxMixedCaseVariable,
  nginxMapWithoutDefault,
  // gixy parity (origins)
  // gixy parity (paths)
  nginxMergeSlashesOff,
  nginxProxyPassNormalized,
  nginxTryFilesWithoutOpenFileCache,
  nginxFilesystemRoot,
  // gixy parity (access)
  nginxReturnBypassesAllowDeny,
  nginxStatusPageExposed,
  // gixy parity (headers)
  nginxProxySetHeaderRedefinition,
  nginxAddHeaderContentType,
  nginxHstsHeader,
  // gixy parity (tls)
  nginxDefaultServerFlag,
  nginxHttp2MisdirectedRequest,
  nginxQuicBpfReuseport,
  nginxSslStaplingWithoutResolver,
  nginxSslStaplingLetsencrypt,
  nginxSslEcdhCurve,
  // gixy parity (operations)
  nginxLowKeepaliveRequests,
  nginxErrorLogOff,
  nginxMissingWorkerProcesses,
  nginxWorkerRlimitNofileVsConnections,
  nginxProxyBufferingOff,
  // gixy parity (resolver)
  nginxResolverExternal,
  nginxStaleDnsCache,
  nginxKnownVulnerability,
  nginxAliasTraversal,
  nginxHostSpoofing,
  nginxAddHeaderRedefinition,
  nginxAddHeaderMultiline,
  nginxHttpSplitting,
  nginxSsrf,
  nginxOrigins,
  nginxValidReferersNone,
  nginxVersionDisclosure,
  nginxRegexRedos,
  nginxUnanchoredRegex,
  nginxIfIsEvil,
  nginxAllowWithoutDeny,
  nginxWeakTls,
  nginxResolverMissing,
  nginxForceHttps,
  nginxDefaultServerName,
  nginxSslNotEnabled,
  // uwsgi
  uwsgiSyntax,
  uwsgiSection,
  uwsgiInclude,
  uwsgiLimit,
  uwsgiNotEvaluated,
  uwsgiUnknownOption,
  uwsgiPluginNotLoaded,
  uwsgiUnixScheme,
  uwsgiRelativeSocket,
  uwsgiUndefinedPlaceholder,
  uwsgiAllInterfaces,
  uwsgiStatsExposed,
  uwsgiRunsAsRoot,
  uwsgiNoMaster,
  uwsgiPidfile,
  uwsgiDieOnTerm,
  uwsgiVacuum,
  uwsgiNoApp,
  uwsgiInlineComment,
  uwsgiInvalidChmod,
  uwsgiUnknownMagic,
  uwsgiImmediatePlaceholder,
  uwsgiChmodWithoutUnixSocket,
  uwsgiDuplicateOption,
  // pair
  pairSocketMismatch,
  pairLoopbackUnreachable,
  pairProtocolMismatch,
  pairSocketPermissions,
  pairMissingParams,
  pairBufferSize,
  pairTimeouts,
  pairOrphanSocket,
  pairUnpaired,
  // lint
  lintUnusedSuppression,
  lintFileAccess,
  lintNotAConfig,
];
