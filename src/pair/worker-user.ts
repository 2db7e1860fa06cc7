// Who nginx's workers run as: they are the ones that connect to a unix socket, so its mode and
// owner are judged against them.
import type { SourceSpan } from '../diagnostic.js';
import type { NginxDirective } from '../nginx/ast.js';
import { buildModel, type PassTarget } from '../nginx/model.js';
import { isTemplated } from '../nginx/templated.js';
import type { NginxConfig, Project } from '../project.js';

/** The `user` line of a main config; the run's query hands its own. */
export type UserLineOf = (config: NginxConfig) => NginxDirective | null;

const plainUserLine: UserLineOf = (config) => buildModel(config, isTemplated).workerUser;

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

/**
 * The user nginx's workers run as, for a pass directive: the `user` of the linted main config
 * that holds it, else the configured `nginxUser`, else Debian's www-data (then `assumed`).
 */
export function workerUser(project: Project, target?: PassTarget, userLineOf: UserLineOf = plainUserLine): WorkerUser {
  for (const config of project.nginx) {
    if (target && !config.files.some((f) => f.source === target.directive.source)) continue;
    const d = userLineOf(config);
    if (d?.args[0]) return { user: d.args[0].value, group: d.args[1]?.value ?? d.args[0].value, directive: d, assumed: false };
  }
  // An image of the run that runs nginx (compose `image: nginx`) says who its workers are.
  const image = project.nginxImageUser;
  if (image && !project.settings.nginxUserConfigured) return { user: image.user, group: image.user, directive: null, assumed: false, image: image.span };
  const user = project.settings.nginxUser;
  return { user, group: user, directive: null, assumed: !project.settings.nginxUserConfigured };
}

/**
 * A `user root` of a linted main nginx config that does not hold `target`: when nothing says who
 * the target's own workers are, that config may be the one that loads its file on the box (an
 * image COPYs both into /etc/nginx), and root workers open any socket.
 */
export function rootWorkersElsewhere(project: Project, target: PassTarget, userLineOf: UserLineOf = plainUserLine): NginxDirective | null {
  for (const config of project.nginx) {
    if (config.files.some((f) => f.source === target.directive.source)) continue;
    const d = userLineOf(config);
    if (d?.args[0]?.value === 'root') return d;
  }
  return null;
}
