// Every reporter by the name --format takes: the CLI and library users pick one the same way.
import type { LintResult } from '../result.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatGithub } from './github.js';
import { formatGitlab, type GitlabReporterOptions } from './gitlab.js';
import { formatJson, type JsonReporterOptions } from './json.js';
import { formatSarif, type SarifReporterOptions } from './sarif.js';
import { formatText, type TextReporterOptions } from './text.js';

export type FormatterName = 'text' | 'json' | 'sarif' | 'github' | 'gitlab' | 'checkstyle';

/** A reporter: the result in, the report out (a string ending in a newline, or '' for nothing). */
export type Formatter = (result: LintResult, options?: TextReporterOptions & JsonReporterOptions & SarifReporterOptions & GitlabReporterOptions) => string;

export const formatters: Readonly<Record<FormatterName, Formatter>> = Object.freeze({
  text: (result, options) => formatText(result, options),
  json: (result, options) => formatJson(result, options),
  sarif: (result, options) => formatSarif(result, options),
  github: (result) => formatGithub(result),
  gitlab: (result, options) => formatGitlab(result, options),
  checkstyle: (result) => formatCheckstyle(result),
});
