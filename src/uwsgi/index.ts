// uWSGI ini support: parse a file exactly as uWSGI reads it, then resolve includes, config logic,
// magic variables and placeholders into the options uWSGI ends up with.
export * from './ast.js';
export { parseUwsgiIni, hasUnknown, DEFAULT_MAX_FILE_SIZE } from './parse.js';
export { resolveUwsgi, resolveUwsgiAsync } from './resolve.js';
export { isUwsgiIni } from './classify.js';
export { fileMagicVars, magicTable, substituteMagic, splitConfigName, djb33xHex, OffsetMap, type MagicResult } from './magic.js';
export { applyPass, evaluatePipeline, placeholderReferences, pipelineNames, type PassHook, type PassLimits, type PassResult, type PipelineResult } from './expand.js';
export { hasTemplateSyntax } from './template.js';
export { IMMEDIATE_OPTIONS, LOADER_OPTIONS, LOGIC_CLOSERS, LOGIC_OPENERS } from './logic.js';
