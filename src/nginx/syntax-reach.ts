// Which directives nginx never reaches because of a syntax error: nginx stops reading a file at
// its first syntax error (ngx_conf_parse), so what the parser recovered after it is a guess, and
// the checks nginx makes at the end of the http block run only when the whole block was read.
import type { NginxDirective } from './ast.js';
import type { NginxConfig, Project } from '../project.js';
import type { SourceFile } from '../source.js';

/**
 * Whether nginx never runs a directive's handler because of a syntax error: its `;` is missing
 * (cut short by a `}`), or its `;` or `{` comes after the file's first syntax error (nginx stops
 * there; the parser's reading beyond it is a recovery guess).
 */
export function pastSyntaxError(project: Project): (d: NginxDirective) => boolean {
  const firstError = firstSyntaxErrors(project);
  // A statement cut short (no `;`) is itself a syntax error of its file: with none in the run,
  // nothing is past one, and no directive needs looking at.
  if (firstError.size === 0) return NOTHING_PAST;
  return (d) => {
    const end = d.blockStart ?? d.end - 1;
    if (d.block === null && d.rawBody === undefined && d.source.text.charCodeAt(end) !== 0x3b /* ; */) return true;
    return end >= (firstError.get(d.source) ?? Infinity);
  };
}

/** pastSyntaxError's answer for a run without syntax errors: a caller may skip asking it. */
export const NOTHING_PAST = (): boolean => false;

function firstSyntaxErrors(project: Project): Map<SourceFile, number> {
  const firstError = new Map<SourceFile, number>();
  for (const config of project.nginx) {
    for (const file of config.files) {
      for (const problem of file.problems) {
        if (problem.kind !== 'syntax') continue;
        firstError.set(file.source, Math.min(firstError.get(file.source) ?? Infinity, problem.span.start));
      }
    }
  }
  return firstError;
}

/**
 * Whether nginx reads a config's whole `http` block before any syntax error: only then does it
 * run the checks it makes at the block's end (ports of upstreams, TLS, duplicate locations,
 * server names). A fragment is the inside of `http`, so any syntax error in it stops them.
 */
export function httpBlockComplete(config: NginxConfig): boolean {
  const errors = config.files.flatMap((f) => f.problems.filter((x) => x.kind === 'syntax').map((x) => ({ file: f, start: x.span.start })));
  if (errors.length === 0) return true;
  if (config.root.context !== 'main') return false;
  const http = config.root.directives.find((d) => d.name === 'http' && d.block !== null);
  if (!http) return false;
  return errors.every((e) => e.file === config.root && e.start >= http.end);
}
