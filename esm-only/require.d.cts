// What TypeScript sees for `import ... from 'nginx-uwsgi-lint'` in a file compiled to CommonJS
// (package.json exports, the "require" condition): that import becomes a require(), which throws
// on Node 20 (esm-only/require.cjs). So every value here is a type that says so, and any use of
// one fails to compile with the message in the error. The types themselves stay usable: a
// type-only import is erased and never loads the package.
//
// Fix: `const { lint } = await import('nginx-uwsgi-lint')` (kept as import() with "module":
// "node16" or "nodenext"), or make the file an ES module (.mts, or "type": "module").

export type * from '../dist/src/index.js' with { 'resolution-mode': 'import' };

// An inline type, not a named one: TypeScript then prints the message itself in the error.
/** nginx-uwsgi-lint is an ES module only: a require() of it throws. */
declare const esmOnly: {
  'nginx-uwsgi-lint is an ES module only, require() cannot load it: write await import("nginx-uwsgi-lint") or compile this file as an ES module': never;
};

export {
  esmOnly as lint,
  esmOnly as lintText,
  esmOnly as LintOptionsError,
  esmOnly as loadConfig,
  esmOnly as resolveRunConfig,
  esmOnly as ConfigError,
  esmOnly as createSourceFile,
  esmOnly as positionAt,
  esmOnly as rangeOf,
  esmOnly as classifyFile,
  esmOnly as parseNginx,
  esmOnly as resolveNginxIncludes,
  esmOnly as parseUwsgiIni,
  esmOnly as resolveUwsgi,
  esmOnly as formatJson,
  esmOnly as formatText,
  esmOnly as formatSarif,
  esmOnly as formatGithub,
  esmOnly as formatGitlab,
  esmOnly as formatCheckstyle,
  esmOnly as formatters,
  esmOnly as applyFixes,
};
