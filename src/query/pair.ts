// What a rule asks of nginx and uWSGI together: which pass target reaches which socket, each
// endpoint's verdict, and who nginx's workers run as.
import type { NginxDirective } from '../nginx/ast.js';
import type { PassTarget } from '../nginx/model.js';
import { pairing, type Pairing } from '../pair.js';
import { judgeEndpoints, rootWorkersElsewhere, workerUser, type JudgedEndpoint } from '../pair/common.js';
import type { Project } from '../project.js';
import type { SourceSpan } from '../diagnostic.js';

export interface WorkerUser {
  user: string;
  group: string;
  /** The `user` line that says so, when a linted main config does. */
  directive: NginxDirective | null;
  /** Nothing in the run says: the configured or default user is taken. */
  assumed: boolean;
  /** Where an image of the run names nginx's user. */
  image?: SourceSpan;
}

export class PairQuery {
  constructor(private readonly project: Project) {}

  /** Every pass target of the run against every socket it may pair with. */
  pairing(): Pairing {
    return pairing(this.project);
  }

  /** Every known endpoint of every pass target, with its verdict (matched, miss, foreign, unknown). */
  endpoints(): readonly JudgedEndpoint[] {
    return judgeEndpoints(this.project);
  }

  /** The user nginx's workers run as for a target (its config's `user`, an image's, the setting's). */
  workerUser(target?: PassTarget): WorkerUser {
    return workerUser(this.project, target);
  }

  /** A `user root` of another linted main config that may be the one loading `target` on the box. */
  rootWorkersElsewhere(target: PassTarget): NginxDirective | null {
    return rootWorkersElsewhere(this.project, target);
  }
}
