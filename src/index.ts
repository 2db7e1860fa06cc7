// The public API of nginx-uwsgi-lint.
export { lint, lintText } from './lint.js';
export { LintOptionsError } from './options.js';
export { loadConfig } from './load-config.js';
export type { LoadConfigOptions, LoadedConfig } from './load-config.js';
export { ConfigError } from './config.js';
export type { LintConfig, LintOptions, LintTextInput, LintTextOptions } from './lint.js';
export type { FileKind, FileResult, LintMessage, LintResult, RelatedLocation } from './result.js';
export type { Diagnostic, Severity, SourceSpan, RelatedInformation, Fix, FixApplicability } from './diagnostic.js';
export { createSourceFile, positionAt, rangeOf } from './source.js';
export type { SourceFile, Position, Range } from './source.js';
export { classifyFile } from './classify.js';
export { parseNginx } from './nginx/parse.js';
export { resolveNginxIncludes } from './nginx/resolve.js';
export type { NginxFileSystem, NginxResolveOptions, PathMapping } from './nginx/resolve.js';
export type { FileProblem, FileProblemKind } from './file-problem.js';
export type { NginxComment, NginxContext, NginxDirective, NginxFile, NginxWord } from './nginx/ast.js';
// What parseNginx, resolveNginxIncludes, parseUwsgiIni and resolveUwsgi find wrong, as typed problems (lint() words them).
export type { NginxIncludeProblem, NginxParseProblem, NginxProblem, NginxSyntaxError, UwsgiParseProblem, UwsgiProblem, UwsgiSyntaxError } from './parsed-findings.js';
export { parseUwsgiIni, resolveUwsgi } from './uwsgi/index.js';
export { formatJson } from './reporters/json.js';
export { formatText } from './reporters/text.js';
export { formatSarif } from './reporters/sarif.js';
export type { SarifReporterOptions, SarifNotification } from './reporters/sarif.js';
export { formatGithub } from './reporters/github.js';
export { formatGitlab } from './reporters/gitlab.js';
export type { GitlabReporterOptions } from './reporters/gitlab.js';
export { formatCheckstyle } from './reporters/checkstyle.js';
export type { TextReporterOptions } from './reporters/text.js';
export type { JsonReporterOptions } from './reporters/json.js';
export { formatters } from './reporters/index.js';
export type { FormatterName, Formatter } from './reporters/index.js';
export { applyFixes } from './fix.js';
export type { TextEdit, AppliedFixes, ApplyFixesOptions } from './fix.js';
// The configuration files as the CLI finds them (docs/configuration.md): pass `config` and `scopes` (as `ruleScopes`) to lint().
export { resolveRunConfig } from './config-run.js';
export type { RunConfig, RuleScope } from './config-run.js';
export type { RuleScopeConfig } from './config.js';
