// pair/socket-permissions: nginx's worker user cannot write to the unix socket uWSGI creates.
// Facts (test/e2e/pairs.test.ts runs each for real; uWSGI core/socket.c applies chmod-socket right
// after bind, uwsgi.c postpones the privilege drop past the bind when chown-socket is set):
// - a unix socket's mode follows the umask (0755 under systemd's 022) unless `chmod-socket` is set:
//   another user gets EACCES, 502;
// - `uid =`/`gid =` without `chown-socket`: uWSGI drops privileges before binding, the socket is the
//   app user's: still EACCES; `chown-socket` makes uWSGI bind first, chmod/chown, then drop;
// - `chown-socket` while uWSGI starts as a non-root user: uWSGI exits at start, chown(): Operation
//   not permitted;
// - `chmod-socket = 660` + `chown-socket = app:www-data`, started as root, works;
// - a typo'd key (`chmod_socket`, `chmod-sockets`) is silently ignored.
// Root (nginx's `user root`, or uWSGI owning the socket as nginx's own user) can always connect.
import {
  editDistance,
  fileName,
  intendedBindings,
  namesRoot,
  optionSpan,
  passText,
  targetSpan,
  wordSpan,
  type BoundSocket,
  type UwsgiQuery,
  type RelatedInformation,
  type SocketProtocol,
  type StartingIdentity,
  type UwsgiConfig,
  type UwsgiOption,
  type WorkerUser,
} from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

// Protocols whose client sends uWSGI's request variables, UWSGI_FILE among them (core/protocol.c;
// test/e2e/uwsgi-protocol-exposure.test.ts): whoever connects runs code as the app.
const UWSGI_PROTOCOL = new Set<SocketProtocol>(['uwsgi', 'puwsgi', 'suwsgi']);

export const rule: Rule = {
  meta: {
    id: 'pair/socket-permissions',
    description: "Nginx's worker user cannot write to the uWSGI unix socket (or uWSGI cannot chown it): 502 Permission denied",
    defaultSeverity: 'error',
    tags: ['pair', '502', 'permissions'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const { pair, uwsgi } = context.query;
    const done = new Set<BoundSocket['binding']>();
    // Once per config, not per socket: an ini with thousands of sockets has thousands of options.
    const typos = new Map<UwsgiConfig, UwsgiOption[]>();
    const typosOf = (config: UwsgiConfig) => {
      let found = typos.get(config);
      if (!found) typos.set(config, (found = misspelled(config)));
      return found;
    };
    for (const j of pair.endpoints()) {
      for (const bound of intendedBindings(j)) {
        const b = bound.binding;
        if (done.has(b) || b.abstract) continue;
        if (!(b.address?.type === 'unix' || b.unixScheme)) continue;
        done.add(b);
        const worker = likelyWorker(uwsgi, pair.workerUser(j.pairing.target), bound.config);
        const via: RelatedInformation = { span: targetSpan(j.pairing.target), message: `nginx (workers run as ${worker.user}) connects here: ${passText(j.pairing.target)}` };
        const verdict = judge(uwsgi, bound.config, worker, uwsgi.startsAs(bound.config), b.protocol, typosOf(bound.config));
        if (!verdict) continue;
        const related = [via, ...verdict.related];
        // Only assumed workers fail, and a main config of the run runs them as root: which one loads this site is not known here.
        const rootMain = worker.assumed && verdict.severity === undefined ? pair.rootWorkersElsewhere(j.pairing.target) : null;
        if (rootMain) {
          verdict.severity = 'warning';
          verdict.message += ` This holds if nginx's workers run as ${worker.user} (assumed: no \`user\` is seen for this site); if ${fileName(rootMain.source.path)}, whose workers run as root, is the config that loads it, it works. Tell the linter: "nginxUser" in .nginx-uwsgi-lint.json, or map where this site is installed with "pathMappings" so that its main config is known.`;
          related.push({ span: wordSpan(rootMain, rootMain.args[0]), message: "a main config of the run whose workers run as root" });
        }
        if (worker.directive) related.push({ span: wordSpan(worker.directive, worker.directive.args[0]), message: `nginx's workers run as ${worker.user}` });
        else if (worker.image) related.push({ span: worker.image, message: `this image runs nginx's workers as ${worker.user}` });
        context.report({ span: optionSpan(verdict.blame ?? b.option), message: verdict.message, severity: verdict.severity, related });
      }
    }
  },
};

interface Verdict {
  severity?: 'warning';
  message: string;
  blame?: UwsgiOption;
  related: RelatedInformation[];
}

// Accounts nginx packages and images run their workers as (Debian www-data, the nginx.org
// packages and Alpine/CentOS images nginx, Arch http, BSD www).
const WORKER_ACCOUNTS = new Set(['www-data', 'nginx', 'http', 'www']);

/**
 * When nothing says who nginx's workers are (no linted `user`, no `nginxUser` setting), a
 * `chown-socket` or `gid` naming a known worker account says whom the socket is meant for: the
 * config is judged against that account instead of Debian's default, never a false error.
 */
function likelyWorker(uwsgi: UwsgiQuery, worker: WorkerUser, config: UwsgiConfig): WorkerUser {
  if (!worker.assumed) return worker;
  const named: string[] = [];
  const chown = uwsgi.inForce(config, 'chown-socket').option?.value;
  if (chown) named.push(...chown.split(':'));
  const gid = uwsgi.inForce(config, 'gid').option?.value;
  if (gid) named.push(gid);
  const account = named.find((n) => WORKER_ACCOUNTS.has(n));
  return account && account !== worker.user ? { ...worker, user: account, group: account } : worker;
}

const NUMERIC_USERS: Record<string, string> = { '0': 'root', '33': 'www-data' };
const named = (u: string | null) => (u === null ? null : (NUMERIC_USERS[u] ?? u));

/** One way uWSGI may be started: as root, or as a service user with a primary group. */
interface Launch {
  root: boolean;
  /** The service user (null: a name the run does not show). */
  user: string | null;
  /** Its primary group (null: its own, whose name the run does not show). */
  group: string | null;
  groups: string[];
  groupsClosed: boolean;
  /** How the message names this launch. */
  label: string;
}

/** What happens under one launch: works, or fails (`sure`: from what the run shows alone). */
type Outcome =
  | { fails: false }
  | { fails: true; sure: boolean; blame?: UwsgiOption; message: string; short: string };

/** The launches to judge: the one the run shows, else the plausible ones (docs/verdicts.md). */
function launchesFor(who: StartingIdentity, uidName: string | null, writtenForRoot: boolean, worker: { group: string }): Launch[] {
  const svc = (user: string | null, group: string | null, label: string): Launch => ({ root: false, user, group, groups: who.groups, groupsClosed: who.groupsClosed, label });
  if (who.startsAs === 'root') return [{ root: true, user: 'root', group: 'root', groups: [], groupsClosed: false, label: `uWSGI starts as root (${who.source})` }];
  const user = who.user ?? uidName;
  const as = user ?? 'a service user';
  if (who.startsAs === 'service-user') {
    const from = who.source ? ` (${who.source})` : '';
    if (who.group !== null) return [svc(user, who.group, `uWSGI starts as ${as} with group ${who.group}${from}`)];
    return [
      // Its own group: by the usual convention, named after the user.
      svc(user, user, `uWSGI starts as ${as}${from} with its own group`),
      svc(user, worker.group, `uWSGI starts as ${as}${from} whose primary group is ${worker.group}`),
    ];
  }
  const root: Launch = { root: true, user: 'root', group: 'root', groups: [], groupsClosed: false, label: 'started as root (an init script, a container without USER)' };
  // `uid`/`gid` act only on a root start: an ini that sets them is written for one.
  if (writtenForRoot) return [{ ...root, label: `started as root (which its \`${uidName ? 'uid' : 'gid'}\` assumes: uWSGI applies it only then)` }];
  return [
    root,
    svc(user, worker.group, `started as ${as} whose group is ${worker.group} (systemd \`User=${user ?? 'app'}\`, \`Group=${worker.group}\`)`),
    svc(user, user, `started as ${as} with its own group`),
  ];
}

/**
 * Shorts joined with "; ", or, when they differ only before a shared ", which ... cannot write",
 * said once: "the socket is a:b 0755 or a:c 0755, which www-data cannot write".
 */
function sharedTail(shorts: string[]): string {
  const tails = shorts.map((s) => /^the socket is (.*)(, which .* cannot write)$/.exec(s));
  if (tails.length < 2 || tails.some((t) => !t || t[2] !== tails[0]![2])) return shorts.join('; ');
  return `the socket is ${tails.map((t) => t![1]).join(' or ')}${tails[0]![2]}`;
}

/** Where to give uWSGI nginx's group, in the words of the launch file found. */
function groupAdvice(kind: StartingIdentity['launchKind'], user: string, group: string): string {
  switch (kind) {
    case 'dockerfile': return `start it with nginx's group (\`USER ${user}:${group}\` in the Dockerfile)`;
    case 'compose': return `start it with nginx's group (\`user: "${user}:${group}"\` in the compose service)`;
    case 'upstart': return `start it with nginx's group (\`setgid ${group}\` in the Upstart job)`;
    case 'supervisord': return `make ${group} the primary group of ${user} (supervisord's \`user=\` takes that user's primary group)`;
    default: return `run the service with nginx's group (systemd \`Group=${group}\`)`;
  }
}

function judge(uwsgi: UwsgiQuery, config: UwsgiConfig, worker: { user: string; group: string }, who: StartingIdentity, protocol: SocketProtocol, typos: readonly UwsgiOption[]): Verdict | null {
  if (worker.user === 'root') return null;
  const chmod = uwsgi.inForce(config, 'chmod-socket');
  const chown = uwsgi.inForce(config, 'chown-socket');
  const uid = uwsgi.inForce(config, 'uid');
  const gid = uwsgi.inForce(config, 'gid');
  if (!chmod.known || !chown.known || !uid.known || !gid.known) return null;
  // `uid = root` / `uid = 0` keeps root, as much as no `uid` at all.
  const uidName = namesRoot(uid.option?.value) ? null : named(uid.option?.value ?? null);
  const gidName = namesRoot(gid.option?.value) ? null : named(gid.option?.value ?? null);
  const typoRelated = typos.map((o) => ({ span: o.keySpan, message: `\`${o.key}\` is not a uWSGI option: uWSGI ignores it silently (only \`strict = true\` refuses unknown keys)` }));
  const typoNote = typos.length > 0 ? ` (\`${typos[0].key}\` is not an option uWSGI knows: it ignores it without a word)` : '';
  const app = uidName ?? who.user ?? 'app';

  let chownUser: string | null = null;
  let chownGroup: string | null = null;
  if (chown.option?.value) {
    const [u, g] = chown.option.value.split(':');
    chownUser = named(u || null);
    chownGroup = g || null;
  }

  let mode = 0o755; // umask 022, systemd's default
  if (chmod.option) {
    const v = chmod.option.value ?? '';
    if (v === '1') mode = 0o666;
    else if (/^[0-7]{3}$/.test(v)) mode = Number.parseInt(v, 8);
    else return null; // uWSGI refuses it at start: a uWSGI-side rule reports that
  }
  const octal = '0' + mode.toString(8).padStart(3, '0');
  const modeNote = chmod.option ? '' : ' (no `chmod-socket`: the umask decides, 0755 under the usual 022)';

  const outcome = (launch: Launch): Outcome => {
    let owner: string | null;
    let group: string | null;
    let how: string;
    let doubt: Outcome | null = null;
    if (!launch.root) {
      const self = launch.user ?? chownUser;
      if (chown.option && chownUser !== null && self !== null && chownUser !== self) {
        return {
          fails: true, sure: true, blame: chown.option, short: `\`chown-socket = ${chown.option.value}\` gives the socket to another user: uWSGI exits at start`,
          message:
            `${launch.label}, so \`chown-socket = ${chown.option.value}\` fails: a process that is not root may not give a file to another user; uWSGI exits at start ` +
            `with "chown(): Operation not permitted" and leaves a stale socket file, every request is a 502. Write \`chown-socket = ${self}:${worker.group}\` ` +
            `(to itself and a group it is in) or remove it, ${groupAdvice(who.launchKind, self, worker.group)} and keep \`chmod-socket = 660\`.`,
        };
      }
      // A group named after the user is taken as its own (useradd's convention).
      if (chown.option && chownGroup !== null && chownGroup !== launch.group && chownGroup !== self && !launch.groups.includes(chownGroup)) {
        const member = launch.groupsClosed ? '' : ` unless ${self ?? 'the service user'} is a member of ${chownGroup} in /etc/group`;
        doubt = {
          fails: true, sure: launch.groupsClosed, blame: chown.option, short: `\`chown-socket\` to group ${chownGroup} fails${member}: uWSGI exits at start`,
          message:
            `${launch.label}, so \`chown-socket = ${chown.option.value}\` fails${member}: a process that is not root may give a file only to a group it is in; ` +
            `uWSGI exits at start with "chown(): Operation not permitted", every request is a 502. ` +
            `${groupAdvice(who.launchKind, self ?? app, chownGroup).replace(/^./, (c) => c.toUpperCase())}${launch.groupsClosed ? ` (or \`SupplementaryGroups=${chownGroup}\`)` : ''}.`,
        };
      }
      // Membership unseen: if the socket would be unusable even after the chown, that is sure.
      if (doubt?.fails && doubt.sure) return doubt;
      // Not root: uWSGI ignores uid/gid and creates the socket as itself, then chowns it (to itself).
      owner = chownUser ?? launch.user;
      group = chownGroup ?? launch.group;
      how = `${launch.label}, uWSGI keeps that identity (uid/gid apply only to a root start)${chown.option ? ` and chowns the socket to ${chown.option.value}` : ''}`;
    } else if (chown.option) {
      owner = chownUser;
      group = chownGroup ?? 'root';
      how = `${launch.label}: it binds as root, then chowns the socket to ${chown.option.value}`;
    } else if (uidName) {
      owner = uidName;
      group = gidName ?? uidName;
      how = `${launch.label}: it drops to \`uid = ${uid.option?.value}\` before it binds (there is no \`chown-socket\`)`;
    } else if (gidName) {
      // Only `gid`: uWSGI switches group before it binds and stays root: root:<gid>.
      owner = 'root';
      group = gidName;
      how = `${launch.label}: it keeps root as its user but switches to \`gid = ${gid.option?.value}\` before it binds`;
    } else {
      owner = 'root';
      group = 'root';
      how = `${launch.label} and there is neither \`uid\` nor \`chown-socket\``;
    }
    const ownerWrite = owner === worker.user && (mode & 0o200) !== 0;
    const groupWrite = group !== null && (group === worker.group || group === worker.user) && (mode & 0o020) !== 0;
    if ((mode & 0o002) !== 0 || ownerWrite || groupWrite) return doubt ?? { fails: false };
    const fixes: string[] = [];
    if ((mode & 0o020) === 0) fixes.push('`chmod-socket = 660`');
    if (group !== worker.group && group !== worker.user) {
      fixes.push(launch.root ? `\`chown-socket = ${app}:${worker.group}\`${chown.option ? '' : ' (then uWSGI binds before it drops privileges)'}` : groupAdvice(who.launchKind, owner ?? app, worker.group));
    }
    const ownerText = `${owner ?? 'the service user'}:${group ?? 'its group'}`;
    return {
      fails: true, sure: true, short: `the socket is ${ownerText} ${octal}, which ${worker.user} cannot write`,
      message:
        `${how}, so the socket is ${ownerText} with mode ${octal}${modeNote}${typoNote}. ` +
        `nginx's workers run as ${worker.user} and cannot write to it: every request is a 502, nginx logs connect() failed (13: Permission denied). Add ${fixes.join(' and ')}.`,
    };
  };

  const launches = launchesFor(who, uidName, uidName !== null || gidName !== null, worker);
  const outcomes = launches.map(outcome);
  const failed = outcomes.flatMap((o, i) => (o.fails ? [{ o, launch: launches[i] }] : []));
  if (failed.length === outcomes.length && failed.every((f) => f.o.sure)) {
    const first = failed[0].o;
    const message = who.startsAs === 'unknown' && launches.length > 1
      ? `${first.message} Started as a service user it fails too: ${sharedTail(failed.slice(1).map((f) => f.o.short))}.`
      : first.message;
    return { message, ...(first.blame ? { blame: first.blame } : {}), related: typoRelated };
  }
  const uncertain = who.startsAs === 'unknown' ? failed.filter((f) => f.o.sure) : failed;
  if (uncertain.length > 0) {
    const works = launches.filter((_, i) => !outcomes[i].fails).map((l) => l.label);
    const tell = who.startsAs === 'unknown'
      ? `${who.note ? `Here ${who.note}. ` : ''}Tell the linter how uWSGI starts: lint the unit, Dockerfile or compose file that starts it with the configs, or set "uwsgiStartsAs" / "uwsgiUser"`
      : 'Tell the linter the group: systemd `Group=`, `USER app:group`, or fix the launch';
    const o = uncertain[0].o;
    const failing = uncertain.length === 1 && launches.length === 1
      ? o.message
      : `Whether nginx can connect depends on how uWSGI is started${who.startsAs === 'unknown' ? ', which this run does not show' : ''}: ` +
        `${uncertain.map((f) => `${f.launch.label}, ${f.o.short}: 502 (13: Permission denied${f.o.blame ? ' or uWSGI exits' : ''})`).join('; ')}` +
        `${works.length ? `; ${works.join(', or ')}, it works` : ''}.`;
    return { severity: 'warning', message: `${failing} ${tell}.`, ...(o.blame ? { blame: o.blame } : {}), related: typoRelated };
  }
  if ((mode & 0o002) !== 0 && chmod.option) {
    return {
      severity: 'warning',
      blame: chmod.option,
      message:
        `\`chmod-socket = ${chmod.option.value}\` works, but lets every local user connect to the socket${UWSGI_PROTOCOL.has(protocol) ? ` and run code as ${uidName ?? "the app's user"}: the uwsgi protocol has no authentication, and a client that sends \`UWSGI_FILE=exec://<command>\` has uWSGI run the command` : ' and talk to the app directly, bypassing nginx'}. ` +
        (who.startsAs === 'service-user'
          ? `Use \`chmod-socket = 660\` and ${groupAdvice(who.launchKind, app, worker.group)}.`
          : `Use \`chmod-socket = 660\` with \`chown-socket = ${app}:${worker.group}\`.`),
      related: typoRelated,
    };
  }
  return null;
}

/** Misspelled permission options: `chmod_socket`, `chmod-sockets`, `chown_socket` ... */
function misspelled(config: UwsgiConfig): UwsgiOption[] {
  const wanted = ['chmod-socket', 'chown-socket'];
  return config.options.filter((o) => !wanted.includes(o.key) && wanted.some((w) => o.key.replace(/_/g, '-') === w || editDistance(o.key, w) <= 2));
}
