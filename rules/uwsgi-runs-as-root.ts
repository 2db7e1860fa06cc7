// uwsgi/runs-as-root: an instance that keeps root: no `uid` (or `uid = root` / `uid = 0`), and a
// launch that starts it as root, or one the run does not show.
// Facts: uWSGI drops privileges only when `uid`/`gid` are set and it starts as root (core/uwsgi.c:
// uwsgi_as_root() under `if (!getuid())`); started by root (init script, a container without USER)
// with no uid, the app runs as root. Who starts it is the one answer of src/uwsgi/starts-as.ts,
// the same pair/socket-permissions reads: a Dockerfile USER, a unit's User=, the settings.
import { BestFindingPerSpan, type Rule } from '../src/rule.js';
import { namesRoot } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/runs-as-root',
    description: 'No `uid` (or `uid = root`): started by root, uWSGI runs the app as root',
    defaultSeverity: 'warning',
    tags: ['security'],
    securitySeverity: 6.5,
    fixable: false,
    precision: 'medium',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    // One finding per line when two launches start one ini: the one that says root first.
    const found = new BestFindingPerSpan();
    for (const config of uwsgi.configs) {
      if (!uwsgi.bindsSomething(config) || uwsgi.last(config, 'emperor')) continue;
      const uid = uwsgi.last(config, 'uid');
      if (uid && !namesRoot(uid.value)) continue;
      const who = uwsgi.startsAs(config);
      if (who.startsAs === 'service-user') continue;
      const at = uid ? uid.valueSpan : uwsgi.sectionSpan(config);
      const what = uid ? `\`uid = ${uid.value}\` is root: uWSGI stays root, as with no \`uid\`` : 'no `uid` (or `gid`): uWSGI keeps the user it was started as';
      const fix = 'Add `uid = app` and `gid = app` (uWSGI drops to them after binding)';
      const root = who.startsAs === 'root';
      found.offer(root ? 1 : 0, {
        span: at,
        message: root
          ? `${what}, and ${who.source} starts it as root: the app runs as root and one bug owns the machine. ${fix}, or start it as a service user.`
          : `${what}${who.note ? ` (${who.note})` : ''}, so started by root (an init script, a container without USER) the app runs as root and one bug owns the machine; started as a service user (systemd User=, docker USER) it does not. ${fix}, or tell the linter how uWSGI starts: lint the unit or Dockerfile that starts it with the configs, or set "uwsgiStartsAs": "service-user".`,
      });
    }
    found.reportTo(context);
  },
};
