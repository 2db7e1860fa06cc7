// pair/socket-permissions: nginx's worker user cannot write to the unix socket uWSGI creates.
// Facts (FACTS.md, observed; SEMANTICS.md §7):
// - a unix socket's mode follows the umask (0755 under systemd's 022) unless `chmod-socket` is set:
//   another user gets EACCES, 502;
// - `uid =`/`gid =` without `chown-socket`: uWSGI drops privileges before binding, the socket is the
//   app user's: still EACCES; `chown-socket` makes uWSGI bind first, chmod/chown, then drop;
// - `chown-socket` while uWSGI starts as a non-root user: uWSGI exits at start, chown(): Operation
//   not permitted;
// - `chmod-socket = 660` + `chown-socket = app:www-data`, started as root, works;
// - a typo'd key (`chmod_socket`, `chmod-sockets`) is silently ignored.
// Root (nginx's `user root`, or uWSGI owning the socket as nginx's own user) can always connect.
import type { RelatedInformation } from '../src/diagnostic.js';
import { editDistance } from '../src/suggest.js';
import { intendedBindings, judgeEndpoints, optionSpan, passText, settled, targetSpan, wordSpan, workerUser } from '../src/pair/common.js';
import type { BoundSocket } from '../src/pair.js';
import type { Rule } from '../src/rule.js';
import type { UwsgiConfig, UwsgiOption } from '../src/uwsgi/ast.js';
import type { Settings } from '../src/config.js';
import type { SocketProtocol } from '../src/uwsgi/sockets.js';

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
    const { project } = context;
    const done = new Set<BoundSocket['binding']>();
    for (const j of judgeEndpoints(project)) {
      for (const bound of intendedBindings(j)) {
        const b = bound.binding;
        if (done.has(b) || b.abstract) continue;
        if (!(b.address?.type === 'unix' || b.unixScheme)) continue;
        done.add(b);
        const worker = likelyWorker(workerUser(project, j.pairing.target), bound.config);
        const via: RelatedInformation = { span: targetSpan(j.pairing.target), message: `nginx (workers run as ${worker.user}) connects here: ${passText(j.pairing.target)}` };
        const verdict = judge(bound.config, worker, startingUser(bound.config, project.settings), b.protocol);
        if (!verdict) continue;
        const related = [via, ...verdict.related];
        if (worker.directive) related.push({ span: wordSpan(worker.directive, worker.directive.args[0]), message: `nginx's workers run as ${worker.user}` });
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
function likelyWorker(worker: ReturnType<typeof workerUser>, config: UwsgiConfig): ReturnType<typeof workerUser> {
  if (!worker.assumed) return worker;
  const named: string[] = [];
  const chown = settled(config, 'chown-socket').option?.value;
  if (chown) named.push(...chown.split(':'));
  const gid = settled(config, 'gid').option?.value;
  if (gid) named.push(gid);
  const account = named.find((n) => WORKER_ACCOUNTS.has(n));
  return account && account !== worker.user ? { ...worker, user: account, group: account } : worker;
}

/** Who starts uWSGI: a Dockerfile/unit of the run says so, else the configuration. */
function startingUser(config: UwsgiConfig, settings: Settings): { startsAs: 'root' | 'service-user' | undefined; user: string | null } {
  const user = config.launch?.user ?? settings.uwsgiUser ?? null;
  if (user === 'root' || user === '0') return { startsAs: 'root', user: 'root' };
  if (user) return { startsAs: 'service-user', user };
  return { startsAs: settings.uwsgiStartsAs, user: null };
}

const NUMERIC_USERS: Record<string, string> = { '0': 'root', '33': 'www-data' };
const named = (u: string | null) => (u === null ? null : (NUMERIC_USERS[u] ?? u));

function judge(config: UwsgiConfig, worker: { user: string; group: string }, starter: { startsAs: 'root' | 'service-user' | undefined; user: string | null }, protocol: SocketProtocol): Verdict | null {
  const { startsAs } = starter;
  if (worker.user === 'root') return null;
  const chmod = settled(config, 'chmod-socket');
  const chown = settled(config, 'chown-socket');
  const uid = settled(config, 'uid');
  const gid = settled(config, 'gid');
  if (!chmod.known || !chown.known || !uid.known || !gid.known) return null;
  const uidName = named(uid.option?.value ?? null);
  const gidName = named(gid.option?.value ?? null);
  const typos = misspelled(config);
  const typoRelated = typos.map((o) => ({ span: o.keySpan, message: `\`${o.key}\` is not a uWSGI option: uWSGI ignores it silently (only \`strict = true\` refuses unknown keys)` }));
  const typoNote = typos.length > 0 ? ` (\`${typos[0].key}\` is not an option uWSGI knows: it ignores it without a word)` : '';
  const app = uidName ?? 'app';

  let chownUser: string | null = null;
  let chownGroup: string | null = null;
  if (chown.option?.value) {
    const [u, g] = chown.option.value.split(':');
    chownUser = named(u || null);
    chownGroup = g || null;
  }

  if (startsAs === 'service-user' && chown.option) {
    const toSelf = chownUser !== null && chownUser === uidName && (chownGroup === null || chownGroup === gidName);
    if (!toSelf) {
      return {
        blame: chown.option,
        message:
          `uWSGI starts as a non-root service user ("uwsgiStartsAs": "service-user"), so \`chown-socket = ${chown.option.value}\` fails: uWSGI exits at start ` +
          `with "chown(): Operation not permitted" and leaves a stale socket file, every request is a 502. Remove \`chown-socket\`; give the service the group ` +
          `nginx's workers are in (systemd \`Group=${worker.group}\`, or add ${worker.user} to the app's group) and keep \`chmod-socket = 660\`.`,
        related: typoRelated,
      };
    }
  }

  let mode = 0o755; // umask 022, systemd's default
  if (chmod.option) {
    const v = chmod.option.value ?? '';
    if (v === '1') mode = 0o666;
    else if (/^[0-7]{3}$/.test(v)) mode = Number.parseInt(v, 8);
    else return null; // uWSGI refuses it at start: a uWSGI-side rule reports that
  }
  let owner: string | null;
  let group: string | null;
  let how: string;
  if (startsAs === 'service-user') {
    owner = uidName ?? named(starter.user);
    group = gidName ?? owner;
    how = `uWSGI runs as ${owner ?? 'its service user'}`;
  } else if (chown.option) {
    owner = chownUser;
    group = chownGroup ?? 'root';
    how = `uWSGI binds as root, then chowns the socket to ${chown.option.value}`;
  } else if (uidName) {
    owner = uidName;
    group = gidName ?? uidName;
    how = `uWSGI drops to \`uid = ${uid.option?.value}\` before it binds (there is no \`chown-socket\`)`;
  } else if (gidName) {
    // Only `gid`: uWSGI switches group before it binds and stays root: root:<gid>.
    owner = 'root';
    group = gidName;
    how = `uWSGI keeps root as its user but switches to \`gid = ${gid.option?.value}\` before it binds`;
  } else {
    owner = 'root';
    group = 'root';
    how = 'uWSGI runs as root and there is neither `uid` nor `chown-socket`';
  }
  const octal = '0' + mode.toString(8).padStart(3, '0');
  const othersWrite = (mode & 0o002) !== 0;
  const ownerWrite = owner === worker.user && (mode & 0o200) !== 0;
  const groupWrite = group !== null && (group === worker.group || group === worker.user) && (mode & 0o020) !== 0;

  if (othersWrite) {
    if (!chmod.option) return null;
    return {
      severity: 'warning',
      blame: chmod.option,
      message:
        `\`chmod-socket = ${chmod.option.value}\` works, but lets every local user connect to the socket${UWSGI_PROTOCOL.has(protocol) ? ` and run code as ${uidName ?? "the app's user"}: the uwsgi protocol has no authentication, and a client that sends \`UWSGI_FILE=exec://<command>\` has uWSGI run the command` : ' and talk to the app directly, bypassing nginx'}. ` +
        (startsAs === 'service-user'
          ? `Use \`chmod-socket = 660\` and run the service with nginx's group (systemd \`Group=${worker.group}\`).`
          : `Use \`chmod-socket = 660\` with \`chown-socket = ${app}:${worker.group}\`.`),
      related: typoRelated,
    };
  }
  if (ownerWrite || groupWrite) return null;
  if (owner === null) {
    return {
      severity: 'warning',
      message:
        `${how}, the socket gets mode ${octal}${chmod.option ? '' : ' (umask 022)'}${typoNote}: unless that user is ${worker.user}, nginx's workers cannot write to it: 502, ` +
        `connect() failed (13: Permission denied). Set \`chmod-socket = 660\` and run uWSGI with group ${worker.group}.`,
      related: typoRelated,
    };
  }
  const fixes: string[] = [];
  if ((mode & 0o020) === 0) fixes.push('`chmod-socket = 660`');
  if (group !== worker.group && group !== worker.user) {
    fixes.push(startsAs === 'service-user' ? `run uWSGI with group ${worker.group} (systemd \`Group=${worker.group}\`)` : `\`chown-socket = ${app}:${worker.group}\`${chown.option ? '' : ' (then uWSGI binds before it drops privileges)'}`);
  }
  return {
    message:
      `${how}, so the socket is ${owner}:${group} with mode ${octal}${chmod.option ? '' : ' (no `chmod-socket`: the umask decides, 0755 under the usual 022)'}${typoNote}. ` +
      `nginx's workers run as ${worker.user} and cannot write to it: every request is a 502, nginx logs connect() failed (13: Permission denied). Add ${fixes.join(' and ')}.`,
    related: typoRelated,
  };
}

/** Misspelled permission options: `chmod_socket`, `chmod-sockets`, `chown_socket` ... */
function misspelled(config: UwsgiConfig): UwsgiOption[] {
  const wanted = ['chmod-socket', 'chown-socket'];
  return config.options.filter((o) => !wanted.includes(o.key) && wanted.some((w) => o.key.replace(/_/g, '-') === w || editDistance(o.key, w) <= 2));
}
