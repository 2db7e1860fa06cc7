// What a rule asks of nginx and uWSGI together: which pass target reaches which socket, each
// endpoint's verdict, who nginx's workers run as, and the uWSGI facts the pair verdicts weigh.
// What it works out is kept here, for the run, not in the trees.
import type { ComposeFile, ComposeService } from '../context/compose.js';
import { composeServiceNamed } from '../context/network.js';
import type { NginxDirective } from '../nginx/ast.js';
import type { PassTarget } from '../nginx/model.js';
import { pairing, type Pairing } from '../pair.js';
import { judgeEndpoints, nginxRootPaths, type JudgedEndpoint } from '../pair/verdict.js';
import { rootWorkersElsewhere, workerUser, type UserLineOf, type WorkerUser } from '../pair/worker-user.js';
import type { Project } from '../project.js';
import type { NginxQuery } from './nginx.js';
import type { UwsgiQuery } from './uwsgi.js';

export type { WorkerUser } from '../pair/worker-user.js';

export class PairQuery {
  private pairingOfRun: Pairing | undefined;
  private judged: readonly JudgedEndpoint[] | undefined;
  private roots: Map<string, string> | undefined;

  /**
   * `nginx`, `uwsgi`: the run's queries, whose pass targets, sockets and `user` lines the pairing
   * takes, so that a rule meets the same objects through either.
   */
  constructor(
    private readonly project: Project,
    private readonly nginx: NginxQuery,
    private readonly uwsgi: UwsgiQuery,
  ) {}

  /** Every pass target of the run against every socket it may pair with. */
  pairing(): Pairing {
    if (!this.pairingOfRun) {
      const { nginx, uwsgi } = this;
      this.pairingOfRun = pairing(this.project, {
        passTargets: (config) => nginx.passTargets(config),
        sockets: (config) => uwsgi.sockets(config),
      });
    }
    return this.pairingOfRun;
  }

  /** Every known endpoint of every pass target, with its verdict (matched, miss, foreign, unknown). */
  endpoints(): readonly JudgedEndpoint[] {
    return (this.judged ??= judgeEndpoints(this.project, this.pairing(), this.rootPaths()));
  }

  /** The user nginx's workers run as for a target (its config's `user`, an image's, the setting's). */
  workerUser(target?: PassTarget): WorkerUser {
    return workerUser(this.project, target, this.userLine());
  }

  /** A `user root` of another linted main config that may be the one loading `target` on the box. */
  rootWorkersElsewhere(target: PassTarget): NginxDirective | null {
    return rootWorkersElsewhere(this.project, target, this.userLine());
  }


  /** The path of the linted nginx config (its root file) a file of the run belongs to; the path itself when none holds it. */
  nginxRoot(path: string): string {
    return this.rootPaths().get(path) ?? path;
  }

  /** Whether "pairs" in the settings names the nginx config at `rootPath`: then it meets only the uWSGI configs named with it. */
  explicitlyPaired(rootPath: string): boolean {
    return this.project.settings.pairs.some((pr) => pr.nginx === rootPath);
  }

  /** The compose service of the run a host name resolves to (service name, container_name, alias), if any. */
  composeService(host: string): { file: ComposeFile; service: ComposeService } | null {
    return composeServiceNamed(this.uwsgi.composeFiles(), host);
  }

  private userLine(): UserLineOf | undefined {
    const nginx = this.nginx;
    return nginx ? (config) => nginx.workerUser(config) : undefined;
  }

  private rootPaths(): Map<string, string> {
    return (this.roots ??= nginxRootPaths(this.project));
  }
}
