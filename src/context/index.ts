// Context files: what starts uWSGI, read to learn what the two config files alone do not say.
// Which files count (by name, content confirms): Dockerfile, Dockerfile.*, *.dockerfile,
// Containerfile; docker-compose*.yml / compose*.yml (and .yaml); *.service with a [Service]
// section; supervisord.conf, supervisor/*.conf, *.conf and *.ini with a [program:x] section;
// Upstart jobs (init/*.conf, any *.conf whose stanzas say `start on`/`setuid` and `exec uwsgi`).
// Nothing is executed; a fact not written anywhere stays unknown and never becomes an error.
import { posix } from '../posix-path.js';
import { span, type SourceSpan } from '../diagnostic.js';
import { createSourceFile, type SourceFile } from '../source.js';
import { splitConfigName } from '../uwsgi/magic.js';
import type { LaunchOption } from './command-line.js';
import { composeLaunches, parseCompose } from './compose.js';
import { DEBIAN_DEFAULT_INI_PATH, DEBIAN_SPECIFIC_DAEMON_PATH, debianDefaultIni, debianSpecificDaemon } from './debian-data.js';
import { copyMappings, dockerfileLaunches, parseDockerfile, type Dockerfile, type ScriptReader } from './dockerfile.js';
import type { ContextKind, PathMapping, UwsgiLaunch } from './launch.js';
import { isUpstartJob, supervisordLaunches, systemdLaunches, upstartLaunches } from './units.js';

export type { ContextKind, PathMapping, UwsgiLaunch, ContextFile } from './launch.js';
export type { LaunchOption, UwsgiCommand } from './command-line.js';
export { findUwsgiCommands, parseArguments, envOption } from './command-line.js';
export { parseDockerfile, dockerfileLaunches } from './dockerfile.js';
export { parseCompose, composeLaunches } from './compose.js';
export { systemdLaunches, supervisordLaunches, upstartLaunches, isUpstartJob } from './units.js';
export { DEBIAN_DEFAULT_INI_PATH, debianDefaultIni, debianUwsgiVersion } from './debian-data.js';

export type ContextFileKind = Exclude<ContextKind, 'debian'>;

const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.(dockerfile|containerfile)$/i;
const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;
const SYSTEMD_NAME = /\.service(\.j2|\.jinja2?|\.tmpl|\.template)?$/i;
const SUPERVISOR_NAME = /(^|\/)(supervisord?[\w.-]*\.(conf|ini)|supervisor\/.*\.(conf|ini))$/i;
const UPSTART_NAME = /(^|\/)(init|upstart)\/[^/]+\.conf$/i;

/** The context kind a file's name suggests (a walk uses this to pick candidates). */
export function contextKindFromName(path: string): ContextFileKind | null {
  const base = posix.basename(path.replace(/\\/g, '/'));
  if (DOCKERFILE_NAME.test(base)) return 'dockerfile';
  if (COMPOSE_NAME.test(base)) return 'compose';
  if (SYSTEMD_NAME.test(base)) return 'systemd';
  if (SUPERVISOR_NAME.test(path.replace(/\\/g, '/'))) return 'supervisord';
  if (UPSTART_NAME.test(path.replace(/\\/g, '/'))) return 'upstart';
  return null;
}

/** The context kind of a file, by name and content; null for anything else. */
export function contextKindOf(path: string, text: string): ContextFileKind | null {
  const byName = contextKindFromName(path);
  if (byName === 'dockerfile') return /^\s*FROM\s/im.test(text) ? 'dockerfile' : null;
  if (byName === 'compose') return /^services\s*:/m.test(text) || /^\s+(image|build|command)\s*:/m.test(text) ? 'compose' : null;
  if (byName === 'systemd') return /^\s*\[Service\]/m.test(text) ? 'systemd' : null;
  // Every linted .conf is asked this: a plain search rules out most (the regex tried every line of a large nginx.conf).
  if (/\.(conf|ini)$/i.test(path) && text.includes('[program:') && /^\s*\[program:[^\]]+\]/m.test(text) && /^\s*command\s*=/m.test(text)) return 'supervisord';
  // Content decides for an Upstart job, wherever it lies: `start on`/`setuid` stanzas and `exec uwsgi`.
  if (/\.conf$/i.test(path) && isUpstartJob(text)) return 'upstart';
  return null;
}

/** The launches a set of context files describe; a Dockerfile built by a compose service is read through that service. */
export function collectLaunches(files: { kind: ContextFileKind; source: SourceFile }[], readFile: (path: string) => string | undefined): UwsgiLaunch[] {
  const dockerfiles = new Map<string, Dockerfile>();
  const dockerfile = (path: string): Dockerfile | undefined => {
    const key = posix.normalize(path);
    const known = dockerfiles.get(key);
    if (known) return known;
    const given = files.find((f) => f.source.path === key);
    const text = given?.source.text ?? readFile(key);
    if (text === undefined) return undefined;
    const parsed = parseDockerfile(given?.source ?? createSourceFile(key, text));
    dockerfiles.set(key, parsed);
    return parsed;
  };
  // The scripts an image's command runs, where its COPY/ADD lines (a build context of `bases`) or
  // a compose service's bind mounts put them.
  const scriptsBuiltFrom =
    (bases: string[], mounts: PathMapping[] = []): ScriptReader =>
    (productionPath, stage) => {
      // The check for each candidate reads it: the text of the one that holds is kept, not read again.
      let text: string | undefined;
      const repo = repoPathOf([...copyMappings(stage, bases), ...mounts], productionPath, (p) => (text = readFile(p)) !== undefined);
      return repo === null || text === undefined ? undefined : createSourceFile(repo, text);
    };
  const out: UwsgiLaunch[] = [];
  const builtByCompose = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'compose') continue;
    const compose = parseCompose(file.source);
    for (const service of compose.services) if (service.build) builtByCompose.add(posix.join(service.build.context, service.build.dockerfile));
    out.push(...composeLaunches(compose, dockerfile, scriptsBuiltFrom));
  }
  for (const file of files) {
    if (file.kind === 'dockerfile' && !builtByCompose.has(file.source.path)) out.push(...dockerfileLaunches(dockerfile(file.source.path)!, scriptsBuiltFrom([posix.dirname(file.source.path)])));
    else if (file.kind === 'systemd') out.push(...systemdLaunches(file.source));
    else if (file.kind === 'supervisord') out.push(...supervisordLaunches(file.source));
    else if (file.kind === 'upstart') out.push(...upstartLaunches(file.source));
  }
  return out;
}

const LOADERS = new Set(['ini', 'yaml', 'yml', 'json', 'js', 'xml', 'xmlconfig']);

/** A config file a launch loads. */
export interface LaunchConfig {
  /** Index of the loading option in `launch.options`. */
  index: number;
  option: LaunchOption;
  /** The path as given, section suffix removed. */
  path: string;
  section: string | null;
  /** Absolute production path, or null (relative path, launch directory unknown). */
  productionPath: string | null;
}

export function launchConfigs(launch: UwsgiLaunch): LaunchConfig[] {
  const out: LaunchConfig[] = [];
  launch.options.forEach((option, index) => {
    if (!LOADERS.has(option.key) || option.value.includes('\uFFFC')) return;
    const { path, section } = splitConfigName(option.value);
    if (path === '') return;
    const productionPath = posix.isAbsolute(path) ? posix.normalize(path) : launch.launchDir ? posix.join(launch.launchDir, path) : null;
    out.push({ index, option, path, section, productionPath });
  });
  return out;
}

/**
 * Where a production path comes from in the repository: bind mounts first (they hide the
 * image below them; the longest wins), then COPY/ADD, latest first. Candidates are checked
 * with `exists`; null when none holds.
 */
export function repoPathOf(mappings: PathMapping[], production: string, exists: (path: string) => boolean): string | null {
  const target = posix.normalize(production);
  const candidates = (m: PathMapping): string[] => {
    let rest: string | null = null;
    if (m.directory) {
      if (target === m.production) rest = '';
      else if (target.startsWith(m.production.endsWith('/') ? m.production : m.production + '/')) rest = target.slice(m.production.length).replace(/^\/+/, '');
    } else if (target === m.production) rest = '';
    if (rest === null) return [];
    const bases = posix.isAbsolute(m.repo) ? [''] : m.bases ?? [];
    return bases.map((b) => posix.normalize(posix.join(b, m.repo, rest!)));
  };
  const mounts = mappings.filter((m) => m.mount).sort((a, b) => b.production.length - a.production.length);
  for (const m of mounts) {
    const found = candidates(m);
    if (found.length > 0) return found.find(exists) ?? null;
  }
  const copies = mappings.filter((m) => !m.mount);
  for (let i = copies.length - 1; i >= 0; i--) {
    const hit = candidates(copies[i]).find(exists);
    if (hit) return hit;
  }
  return null;
}

/** Debian's namespace for a path below /etc/uwsgi (`apps-enabled/x.ini` -> app), or null. */
export function debianNamespace(productionPath: string): { namespace: string; name: string } | null {
  const m = /(?:^|\/)etc\/uwsgi\/(apps)-(?:enabled|available)\/([^/]+)\.(ini|xml|ya?ml|json|js)$/.exec(productionPath);
  if (!m) return null;
  return { namespace: 'app', name: m[2] };
}

let debianDaemonSource: SourceFile | undefined;

/** The data file Debian's init script is quoted from (spans of the Debian launch point into it). */
export function debianDaemonFile(): SourceFile {
  debianDaemonSource ??= createSourceFile(DEBIAN_SPECIFIC_DAEMON_PATH, debianSpecificDaemon);
  return debianDaemonSource;
}

/**
 * How Debian's init script starts /etc/uwsgi/apps-enabled/NAME.ini: as root, from /, with
 * `UWSGI_DEB_CONFNAMESPACE=app UWSGI_DEB_CONFNAME=NAME` and
 * `--ini /usr/share/uwsgi/conf/default.ini --ini CONFFILE --daemonize /var/log/uwsgi/app/NAME.log`.
 */
export function debianLaunch(productionPath: string): UwsgiLaunch | null {
  const ns = debianNamespace(productionPath);
  if (!ns) return null;
  const source = debianDaemonFile();
  const at = (needle: string) => {
    const i = source.text.indexOf(needle);
    return span(source, Math.max(0, i), Math.max(0, i) + needle.length);
  };
  const conffile = posix.join('/etc/uwsgi/apps-enabled', posix.basename(productionPath));
  const opt = (key: string, value: string, keyText: string, valueText: string, origin: LaunchOption['origin']): LaunchOption => ({ key, value, keySpan: at(keyText), valueSpan: at(valueText), origin });
  return {
    kind: 'debian',
    source,
    name: `uwsgi init.d: ${ns.name}`,
    span: at('start-stop-daemon'),
    options: [
      opt('deb-confnamespace', ns.namespace, 'UWSGI_DEB_CONFNAMESPACE', '"$CONFNAMESPACE"', 'environment'),
      opt('deb-confname', ns.name, 'UWSGI_DEB_CONFNAME', '"$CONFNAME"', 'environment'),
      opt('ini', DEBIAN_DEFAULT_INI_PATH, '--"${INHERITED_OPTION_NAME}"', '"${INHERITED_CONFIG}"', 'argument'),
      opt('ini', conffile, '--"${CONFFILE_OPTION_NAME}"', '"${CONFFILE}"', 'argument'),
      opt('daemonize', `/var/log/uwsgi/${ns.namespace}/${ns.name}.log`, '--daemonize', '"/var/log/uwsgi/${CONFNAMESPACE}/${CONFNAME}.log"', 'argument'),
    ],
    // start-stop-daemon passes the init script's environment: nothing of the app's.
    env: {},
    launchDir: '/',
    user: 'root',
    group: 'root',
    groups: [],
    mappings: [],
    envFiles: [],
  };
}

/** Data files a launch may load that are not in the repository (Debian's default.ini). */
export function dataFile(path: string): string | undefined {
  return path === DEBIAN_DEFAULT_INI_PATH ? debianDefaultIni : undefined;
}

// Images that run nginx's workers as `nginx`: the official image (its nginx.conf says `user nginx;`,
// github.com/nginxinc/docker-nginx, mainline/debian/Dockerfile), nginxinc/nginx-unprivileged (runs
// as uid 101, nginx) and the tiangolo/uwsgi-nginx images (src/context/images.ts).
const NGINX_IMAGE = /^(docker\.io\/)?(library\/)?(nginx|nginxinc\/nginx-unprivileged|tiangolo\/uwsgi-nginx(-flask)?)([:@].*)?$/i;

/** nginx's worker user as an image of the run sets it: a compose service's `image:` or a Dockerfile's FROM. */
export function nginxImageUser(files: { kind: ContextFileKind; source: SourceFile }[]): { user: string; span: SourceSpan } | undefined {
  for (const file of files) {
    if (file.kind === 'compose') {
      for (const service of parseCompose(file.source).services) {
        if (service.image && NGINX_IMAGE.test(service.image) && service.imageNode) {
          const range = (service.imageNode as { range?: [number, number, number] }).range;
          if (range) return { user: 'nginx', span: span(file.source, range[0], range[1]) };
        }
      }
    } else if (file.kind === 'dockerfile') {
      const stages = parseDockerfile(file.source).stages;
      const last = stages[stages.length - 1];
      if (last && NGINX_IMAGE.test(last.baseImage)) return { user: 'nginx', span: last.fromSpan };
    }
  }
  return undefined;
}
