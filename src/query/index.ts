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

  // Added for the rules that own parse-stage problems (nginx/syntax, uwsgi/include, lint/file-access, ...)
  private problemQuery: ProblemQuery | undefined;

  /** What the read, parse and resolve stages found wrong, by kind: the owning rule words and reports it. */
  get problems(): ProblemQuery {
    return (this.problemQuery ??= new ProblemQuery(this.project));
  }
}

export { NginxQuery, type DirectiveQuery } from './nginx.js';
export { UwsgiQuery } from './uwsgi.js';
export { PairQuery, type WorkerUser } from './pair.js';
export { ProblemQuery } from './problems.js';
export type * from '../parsed-findings.js';
export { adviceFor, describeProblem, type FileProblem } from '../file-access.js';
