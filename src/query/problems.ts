// What the read, parse and resolve stages found wrong, for the rules that own each kind of
// problem (src/parsed-findings.ts lists them): a rule asks for its kinds and words them.
import type { NginxProblem, ReadProblem, UwsgiProblem } from '../parsed-findings.js';
import type { Project } from '../project.js';

type Of<P extends { kind: string }, K extends P['kind']> = Extract<P, { kind: K }>;

export class ProblemQuery {
  private nginxProblems: NginxProblem[] | undefined;

  constructor(private readonly project: Project) {}

  /** The problems of the nginx files of the run (each file once, however many configs include it), then of include resolution. */
  nginx(): readonly NginxProblem[];
  nginx<K extends NginxProblem['kind']>(kind: K): readonly Of<NginxProblem, K>[];
  nginx(kind?: NginxProblem['kind']): readonly NginxProblem[] {
    const all = (this.nginxProblems ??= this.collectNginx());
    return kind === undefined ? all : all.filter((p) => p.kind === kind);
  }

  /** The problems of the uWSGI configs of the run: their files' parse, then their resolution. */
  uwsgi(): readonly UwsgiProblem[];
  uwsgi<K extends UwsgiProblem['kind']>(kind: K): readonly Of<UwsgiProblem, K>[];
  uwsgi(kind?: UwsgiProblem['kind']): readonly UwsgiProblem[] {
    const out: UwsgiProblem[] = [];
    for (const config of this.project.uwsgi) {
      for (const p of config.problems) if (kind === undefined || p.kind === kind) out.push(p);
    }
    return out;
  }

  /** Why a file named to lint was not read, or was read with a caveat (not UTF-8), or not linted (not a config). */
  files(): readonly ReadProblem[];
  files<K extends ReadProblem['kind']>(kind: K): readonly Of<ReadProblem, K>[];
  files(kind?: ReadProblem['kind']): readonly ReadProblem[] {
    const all = this.project.readFailures;
    return kind === undefined ? all : all.filter((p) => p.kind === kind);
  }

  private collectNginx(): NginxProblem[] {
    const out: NginxProblem[] = [];
    const seenFiles = new Set<object>();
    for (const config of this.project.nginx) {
      for (const file of config.files) {
        if (seenFiles.has(file)) continue;
        seenFiles.add(file);
        for (const p of file.problems) out.push(p);
      }
    }
    for (const config of this.project.nginx) for (const p of config.resolutionProblems) out.push(p);
    return out;
  }
}
