// Who starts uWSGI: the one answer every rule reads (uwsgi/runs-as-root, pair/socket-permissions).
// A launch found in a context file of the run wins (Dockerfile USER, compose user:, systemd
// User=/Group=, supervisord user=, Upstart setuid, Debian's init script); then the settings
// `uwsgiUser` and `uwsgiStartsAs`; else it is not known, and a rule that depends on it judges
// every plausible launch (docs/verdicts.md).
// Facts: uWSGI applies `uid`/`gid` only when started as root (core/uwsgi.c: uwsgi_as_root() runs
// under `if (!getuid())`); started as another user it keeps that user and its groups, and a
// `chown()` it makes may only give the file to itself and to a group it is in (chown(2); e2e:
// test/e2e/launch.test.ts).
import { posix } from '../posix-path.js';
import type { Settings } from '../config.js';
import type { UwsgiConfig } from './ast.js';

export interface StartingIdentity {
  /** root, a non-root service user, or not known. */
  startsAs: 'root' | 'service-user' | 'unknown';
  /** The user's name when known ('root' for root). */
  user: string | null;
  /** Primary group when known; null: the user's own from /etc/passwd, not visible to the run. */
  group: string | null;
  /** Supplementary groups the launch names. */
  groups: string[];
  /** The named groups are all (systemd DynamicUser=): no /etc/group membership can add one. */
  groupsClosed: boolean;
  /** Where the answer comes from, for messages: `the Dockerfile (USER app)`, `"uwsgiUser": "app"`. */
  source: string | null;
  /** The launch kind that says it (dockerfile, compose, systemd, ...), null for a setting or nothing. */
  launchKind: NonNullable<UwsgiConfig['launch']>['kind'] | null;
  /** Why the launch is known but its user is not (an emperor-tyrant vassal). */
  note?: string;
}

const isRoot = (user: string) => user === 'root' || user === '0';

/** The launch as a message names it: `the Dockerfile`, `the systemd unit app.service`. */
function launchName(launch: NonNullable<UwsgiConfig['launch']>): string {
  switch (launch.kind) {
    case 'dockerfile':
      return launch.runBy
        ? `the ${posix.basename(launch.runBy)}'s ${posix.basename(launch.span.source.path)}`
        : `the ${posix.basename(launch.span.source.path)}`;
    case 'compose': return `the compose service ${launch.name}`;
    case 'systemd': return `the systemd unit ${launch.name}`;
    case 'supervisord': return `the supervisord program ${launch.name}`;
    case 'upstart': return `the Upstart job ${launch.name}`;
    case 'debian': return "Debian's init script";
  }
}

/** How the config's uWSGI is started, as far as the run can tell. */
export function startingIdentity(config: UwsgiConfig, settings: Settings): StartingIdentity {
  const launch = config.launch;
  if (launch?.user) {
    const where = launchName(launch);
    if (isRoot(launch.user)) return { startsAs: 'root', user: 'root', group: launch.group ?? 'root', groups: [], groupsClosed: false, source: where, launchKind: launch.kind };
    return { startsAs: 'service-user', user: launch.user, group: launch.group, groups: launch.groups, groupsClosed: launch.groupsClosed === true, source: where, launchKind: launch.kind };
  }
  const note = launch?.userNote;
  const base = { groups: [], groupsClosed: false, launchKind: launch?.kind ?? null, ...(note ? { note } : {}) };
  if (settings.uwsgiUser) {
    if (isRoot(settings.uwsgiUser)) return { ...base, startsAs: 'root', user: 'root', group: 'root', source: `"uwsgiUser": "${settings.uwsgiUser}"` };
    return { ...base, startsAs: 'service-user', user: settings.uwsgiUser, group: null, source: `"uwsgiUser": "${settings.uwsgiUser}"` };
  }
  if (settings.uwsgiStartsAs === 'root') return { ...base, startsAs: 'root', user: 'root', group: 'root', source: '"uwsgiStartsAs": "root"' };
  if (settings.uwsgiStartsAs === 'service-user') return { ...base, startsAs: 'service-user', user: null, group: null, source: '"uwsgiStartsAs": "service-user"' };
  return { ...base, startsAs: 'unknown', user: null, group: null, source: null };
}

/** `uid`/`gid` values uWSGI treats as root (a name or a number: getpwnam, else atoi). */
export function namesRoot(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && isRoot(value.trim());
}
