// The public API of nginx-uwsgi-lint.
export { lint, lintText } from './lint.js';
export type { LintConfig, LintOptions, LintTextInput, LintTextOptions } from './lint.js';
export type { FileKind, FileResult, LintMessage, LintResult, RelatedLocation } from './result.js';
export type { Diagnostic, Severity, SourceSpan, RelatedInformation, Fix } from './diagnostic.js';
export { createSourceFile, positionAt, rangeOf } from './source.js';
export type { SourceFile, Position, Range } from './source.js';
export { classifyFile } from './classify.js';
export { parseNginx } from './nginx/parse.js';
export { resolveNginxIncludes } from './nginx/resolve.js';
export type { NginxFileSystem, NginxResolveOptions, PathMapping } from './nginx/resolve.js';
export type { NginxComment, NginxContext, NginxDirective, NginxFile, NginxWord } from './nginx/ast.js';
export { parseUwsgiIni, resolveUwsgi } from './uwsgi/index.js';
export { formatJson } from './reporters/json.js';
export { formatText } from './reporters/text.js';
