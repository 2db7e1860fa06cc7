// Over 400 lines: the service reader and the launches it yields share the YAML
// node helpers and the service model; split them when a second YAML format needs the helpers.
// docker-compose files, read for the services that run uWSGI (Compose specification,
// docs.docker.com/reference/compose-file/services): `command`/`entrypoint` (a string split like
// a shell would, without a shell, or a list), `environment` (map or `K=V` list; a bare `K` comes
// from the host: unknown), `working_dir`, `user`, `volumes` (bind mounts `./src:/dst[:mode]` or
// long syntax), `build` (context directory, `dockerfile`, `target`). A service that builds an
// image combines with that Dockerfile: the service's keys override the image's.
// YAML is read with the `yaml` package (anchors, aliases and `<<` merges are common in compose files).
import { posix } from '../posix-path.js';
import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';

// The YAML library is loaded when a compose file is met: most runs have none, and it costs
// about 20 ms of start-up.
let yamlLibrary: typeof YamlLibrary | undefined;
const yaml = (): typeof YamlLibrary => (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary);
import { span, type SourceSpan } from '../diagnostic.js';
import type { SourceFile } from '../source.js';
import { UNKNOWN } from '../uwsgi/ast.js';
import { envOption, uwsgiCommandIn, type LaunchOption } from './command-line.js';
import { copyMappings, dockerUwsgiCommand, imageLaunch, isLibraryImage, type DockerCommand, type Dockerfile, type DockerStage, type ScriptReader } from './dockerfile.js';
import type { PathMapping, UwsgiLaunch } from './launch.js';
import { shellCommands, type MappedText, type Word } from './shell.js';
import { emptyRecord } from '../own.js';

export interface ComposeService {
  name: string;
  nameSpan: SourceSpan;
  image: string | null;
  imageNode?: Node;
  build: { context: string; dockerfile: string; target?: string } | null;
  command: DockerCommand | null;
  entrypoint: DockerCommand | null;
  environment: Record<string, string>;
  envOptions: LaunchOption[];
  /** Variables passed through from the host: not known. */
  hostEnv: string[];
  envFiles: string[];
  workingDir: string | null;
  user: string | null;
  /** The group of `user: "uid:gid"`, else null. */
  group: string | null;
  /** `group_add:` supplementary groups. */
  groupAdd: string[];
  /** Bind mounts: absolute repository path -> container path. */
  mounts: PathMapping[];
  /** `ports:` entries: what the host publishes of the container. */
  ports: PublishedPort[];
  /** `network_mode:` (`host`, `service:x`, ...), null when the service is on compose networks. */
  networkMode: string | null;
  /** Other names the compose network resolves to this container: `container_name`, network `aliases`. */
  aliases: string[];
}

/** One `ports:` entry (short `[HOST_IP:]HOST:CONTAINER[/PROTO]` or long syntax). */
export interface PublishedPort {
  /** Host address it is published on; null: every interface (the default). */
  hostIp: string | null;
  /** Container ports published (a range); null when not known statically (`${PORT}`). */
  container: { from: number; to: number } | null;
  span: SourceSpan;
}

export interface ComposeFile {
  source: SourceFile;
  services: ComposeService[];
}

export function parseCompose(source: SourceFile): ComposeFile {
  const services: ComposeService[] = [];
  let doc: Document;
  try {
    doc = yaml().parseDocument(source.text, { merge: true, uniqueKeys: false, prettyErrors: false });
  } catch {
    return { source, services };
  }
  const root = doc.contents;
  if (!yaml().isMap(root)) return { source, services };
  const servicesNode = get(doc, root, 'services');
  if (!yaml().isMap(servicesNode)) return { source, services };
  const dir = posix.dirname(source.path);
  for (const pair of servicesNode.items) {
    if (!yaml().isScalar(pair.key) || isMergeKey(pair.key) || !yaml().isMap(deref(doc, pair.value))) continue;
    const node = deref(doc, pair.value) as YAMLMap;
    const name = String(pair.key.value);
    const str = (key: string): string | null => {
      const v = get(doc, node, key);
      return yaml().isScalar(v) && v.value !== null ? String(v.value) : null;
    };
    const service: ComposeService = {
      name,
      nameSpan: nodeSpan(source, pair.key),
      image: str('image'),
      ...(get(doc, node, 'image') ? { imageNode: get(doc, node, 'image')! } : {}),
      ports: [],
      networkMode: str('network_mode'),
      aliases: [],
      build: null,
      command: command(doc, source, get(doc, node, 'command')),
      entrypoint: command(doc, source, get(doc, node, 'entrypoint')),
      environment: emptyRecord<string>(),
      envOptions: [],
      hostEnv: [],
      envFiles: [],
      workingDir: str('working_dir'),
      user: str('user')?.split(':')[0] ?? null,
      group: str('user')?.split(':')[1] || null,
      groupAdd: [],
      mounts: [],
    };
    const build = get(doc, node, 'build');
    if (yaml().isScalar(build) && build.value !== null) service.build = { context: posix.join(dir, String(build.value)), dockerfile: 'Dockerfile' };
    else if (yaml().isMap(build)) {
      const context = get(doc, build, 'context');
      const dockerfile = get(doc, build, 'dockerfile');
      const target = get(doc, build, 'target');
      service.build = {
        context: posix.join(dir, yaml().isScalar(context) && context.value !== null ? String(context.value) : '.'),
        dockerfile: yaml().isScalar(dockerfile) && dockerfile.value !== null ? String(dockerfile.value) : 'Dockerfile',
        ...(yaml().isScalar(target) && target.value !== null ? { target: String(target.value) } : {}),
      };
    }
    readEnvironment(doc, source, get(doc, node, 'environment'), service);
    const groupAdd = get(doc, node, 'group_add');
    if (yaml().isSeq(groupAdd)) for (const item of groupAdd.items) if (yaml().isScalar(item) && item.value !== null) service.groupAdd.push(String(item.value));
    readNetwork(doc, source, node, service, str('container_name'));
    const envFile = get(doc, node, 'env_file');
    for (const item of yaml().isSeq(envFile) ? envFile.items : [envFile]) {
      const v = deref(doc, item as Node);
      if (yaml().isScalar(v) && v.value !== null) service.envFiles.push(String(v.value));
      else if (yaml().isMap(v)) {
        const p = get(doc, v, 'path');
        if (yaml().isScalar(p)) service.envFiles.push(String(p.value));
      }
    }
    const volumes = get(doc, node, 'volumes');
    if (yaml().isSeq(volumes)) {
      for (const item of volumes.items) {
        const v = deref(doc, item as Node);
        let from: string | null = null;
        let to: string | null = null;
        if (yaml().isScalar(v) && typeof v.value === 'string') {
          const parts = v.value.split(':');
          if (parts.length >= 2) [from, to] = parts;
        } else if (yaml().isMap(v)) {
          const type = get(doc, v, 'type');
          const s = get(doc, v, 'source');
          const t = get(doc, v, 'target');
          if ((!yaml().isScalar(type) || type.value === 'bind') && yaml().isScalar(s) && yaml().isScalar(t)) [from, to] = [String(s.value), String(t.value)];
        }
        // Named volumes (`data:/var/lib`) hold nothing from the repository.
        if (from === null || to === null || !/^[./~]/.test(from) || from.startsWith('~')) continue;
        service.mounts.push({
          production: posix.normalize(to),
          repo: posix.normalize(posix.isAbsolute(from) ? from : posix.join(dir, from)),
          directory: true,
          span: nodeSpan(source, v as Node),
          mount: true,
        });
        service.mounts.push({
          production: posix.normalize(to),
          repo: posix.normalize(posix.isAbsolute(from) ? from : posix.join(dir, from)),
          directory: false,
          span: nodeSpan(source, v as Node),
          mount: true,
        });
      }
    }
    services.push(service);
  }
  return { source, services };
}

function readEnvironment(doc: Document, source: SourceFile, env: Node | null, service: ComposeService): void {
  const add = (name: string, value: string | null, nameSpan: SourceSpan, valueSpan: SourceSpan) => {
    if (value === null) {
      service.hostEnv.push(name);
      value = UNKNOWN;
    }
    service.environment[name] = value;
    const option = envOption(name, value, nameSpan, valueSpan);
    if (option) service.envOptions.push(option);
  };
  if (yaml().isMap(env)) {
    for (const [name, { key, value: v }] of mergedEntries(doc, env)) {
      const value = yaml().isScalar(v) && v.value !== null ? String(v.value) : null;
      add(name, value, nodeSpan(source, key), v ? nodeSpan(source, v) : nodeSpan(source, key));
    }
  } else if (yaml().isSeq(env)) {
    for (const item of env.items) {
      const v = deref(doc, item as Node);
      if (!yaml().isScalar(v) || v.value === null) continue;
      const text = String(v.value);
      const eq = text.indexOf('=');
      const whole = nodeSpan(source, v);
      const quoted = source.text[whole.start] === '"' || source.text[whole.start] === "'" ? 1 : 0;
      if (eq < 0) add(text, null, whole, whole);
      else add(text.slice(0, eq), text.slice(eq + 1), span(source, whole.start + quoted, whole.start + quoted + eq), span(source, whole.start + quoted + eq + 1, whole.end - quoted));
    }
  }
}

/** `ports:`, `container_name` and network `aliases` (docs.docker.com/reference/compose-file/services#ports). */
function readNetwork(doc: Document, source: SourceFile, node: YAMLMap, service: ComposeService, containerName: string | null): void {
  if (containerName) service.aliases.push(containerName);
  const networks = get(doc, node, 'networks');
  if (yaml().isMap(networks)) {
    for (const pair of networks.items) {
      const settings = deref(doc, pair.value as Node);
      const aliases = yaml().isMap(settings) ? get(doc, settings, 'aliases') : null;
      if (!yaml().isSeq(aliases)) continue;
      for (const item of aliases.items) {
        const v = deref(doc, item as Node);
        if (yaml().isScalar(v) && v.value !== null) service.aliases.push(String(v.value));
      }
    }
  }
  const ports = get(doc, node, 'ports');
  if (!yaml().isSeq(ports)) return;
  for (const item of ports.items) {
    const v = deref(doc, item as Node);
    if (yaml().isScalar(v) && v.value !== null) {
      const port = shortPort(String(v.value));
      service.ports.push({ ...port, span: nodeSpan(source, v) });
    } else if (yaml().isMap(v)) {
      const target = get(doc, v, 'target');
      const hostIp = get(doc, v, 'host_ip');
      service.ports.push({
        hostIp: yaml().isScalar(hostIp) && hostIp.value !== null && String(hostIp.value) !== '' ? String(hostIp.value) : null,
        container: yaml().isScalar(target) ? portRange(String(target.value)) : null,
        span: nodeSpan(source, v),
      });
    }
  }
}

/** `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`; IPv6 host addresses may be bracketed. */
function shortPort(text: string): { hostIp: string | null; container: { from: number; to: number } | null } {
  const value = text.replace(/\/[a-z]+$/i, '');
  const colon = value.lastIndexOf(':');
  const container = portRange(value.slice(colon + 1));
  const rest = colon < 0 ? '' : value.slice(0, colon);
  const hostColon = rest.lastIndexOf(':');
  const hostIp = hostColon < 0 ? '' : rest.slice(0, hostColon).replace(/^\[(.*)\]$/, '$1');
  return { hostIp: hostIp === '' ? null : hostIp, container };
}

function portRange(text: string): { from: number; to: number } | null {
  const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const from = Number(m[1]);
  return { from, to: m[2] ? Number(m[2]) : from };
}

/** `command:` / `entrypoint:` as exec-form words; a string is split like a shell would (no shell runs). */
function command(doc: Document, source: SourceFile, node: Node | null): DockerCommand | null {
  if (!node) return null;
  const where = nodeSpan(source, node);
  if (yaml().isScalar(node) && node.value !== null) {
    // Compose interpolates ${VAR} from the host when it reads the file: not known here.
    const words = shellCommands(scalarText(source, node), {}).flat();
    return { form: 'exec', argv: words, span: where, env: {} };
  }
  if (yaml().isSeq(node)) {
    const argv: Word[] = [];
    for (const item of node.items) {
      const v = deref(doc, item as Node);
      if (!yaml().isScalar(v) || v.value === null) continue;
      const text = scalarText(source, v);
      argv.push({ text: text.text, offsets: text.offsets, start: nodeSpan(source, v).start, end: nodeSpan(source, v).end });
    }
    return { form: 'exec', argv, span: where, env: {} };
  }
  return null;
}

/** A scalar's value with the source offset of each character (exact for plain and simple quoted scalars). */
export function scalarText(source: SourceFile, node: Scalar): MappedText {
  const value = String(node.value);
  const [start, end] = node.range ?? [0, 0];
  const written = source.text.slice(start, end);
  const direct = written.indexOf(value);
  if (direct >= 0) return { text: value, offsets: Array.from({ length: value.length }, (_, i) => start + direct + i) };
  // Folded or escaped text: map each line of the value to where it is written, else to the start.
  const offsets: number[] = [];
  let from = start;
  for (const line of value.split('\n')) {
    const at = line === '' ? -1 : source.text.indexOf(line, from);
    const base = at >= 0 && at < end ? at : -1;
    for (let i = 0; i < line.length; i++) offsets.push(base >= 0 ? base + i : start);
    offsets.push(base >= 0 ? base + line.length : start);
    if (base >= 0) from = base + line.length;
  }
  return { text: value, offsets: offsets.slice(0, value.length) };
}

function nodeSpan(source: SourceFile, node: Node): SourceSpan {
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? span(source, range[0], range[1]) : span(source, 0, 0);
}

function deref(doc: Document, node: unknown): Node | null {
  if (yaml().isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return (node as Node | null) ?? null;
}

/** A `<<` merge key (the `yaml` package, asked to merge, reads its value as a symbol). */
function isMergeKey(key: unknown): boolean {
  if (!yaml().isScalar(key)) return false;
  return key.value === '<<' || (typeof key.value === 'symbol' && key.source === '<<');
}

/**
 * A map's entries as YAML's `<<` merge gives them (`environment: { <<: *common, PORT: 8077 }`):
 * the merged maps' keys first, an earlier map winning over a later one, then the map's own keys
 * over both. In the order of first appearance.
 */
function mergedEntries(doc: Document, map: YAMLMap, depth = 0): Map<string, { key: Scalar; value: Node | null }> {
  const out = new Map<string, { key: Scalar; value: Node | null }>();
  const own: Pair[] = [];
  for (const pair of map.items as Pair[]) {
    if (!yaml().isScalar(pair.key)) continue;
    if (!isMergeKey(pair.key)) {
      own.push(pair);
      continue;
    }
    if (depth > 8) continue;
    const value = deref(doc, pair.value);
    const sources = yaml().isSeq(value) ? value.items.map((i) => deref(doc, i)) : [value];
    for (const source of sources) {
      if (!yaml().isMap(source)) continue;
      for (const [name, entry] of mergedEntries(doc, source, depth + 1)) if (!out.has(name)) out.set(name, entry);
    }
  }
  for (const pair of own) out.set(String((pair.key as Scalar).value), { key: pair.key as Scalar, value: deref(doc, pair.value) });
  return out;
}

/** A key of a map, looking through `<<` merge keys. */
function get(doc: Document, map: YAMLMap, key: string, depth = 0): Node | null {
  for (const pair of map.items as Pair[]) {
    if (yaml().isScalar(pair.key) && pair.key.value === key) return deref(doc, pair.value);
  }
  if (depth > 8) return null;
  for (const pair of map.items as Pair[]) {
    if (!yaml().isPair(pair) || !isMergeKey(pair.key)) continue;
    const value = deref(doc, pair.value);
    const sources = yaml().isSeq(value) ? value.items.map((i) => deref(doc, i)) : [value];
    for (const s of sources) {
      if (!yaml().isMap(s)) continue;
      const found = get(doc, s, key, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The services of a compose file that run uWSGI. `dockerfile(path)` returns a parsed Dockerfile
 * for a service's build, when it can be read.
 */
export function composeLaunches(file: ComposeFile, dockerfile: (path: string) => Dockerfile | undefined, scripts?: (bases: string[], mounts: PathMapping[]) => ScriptReader): UwsgiLaunch[] {
  const out: UwsgiLaunch[] = [];
  for (const service of file.services) {
    const built = service.build ? dockerfile(posix.join(service.build.context, service.build.dockerfile)) : undefined;
    const env = { ...service.environment };
    let launch: UwsgiLaunch | null = null;
    if (built) {
      const found = dockerUwsgiCommand(built, {
        ...(service.command ? { command: service.command } : {}),
        ...(service.entrypoint ? { entrypoint: service.entrypoint } : {}),
        ...(service.build?.target ? { target: service.build.target } : {}),
        ...(service.workingDir ? { workdir: service.workingDir } : {}),
        env,
      }, scripts?.([service.build!.context], service.mounts));
      if (found) {
        const library = isLibraryImage(found.stage.from);
        launch = {
          kind: 'compose',
          source: found.script?.source ?? (found.written === service.command || found.written === service.entrypoint ? file.source : built.source),
          name: service.name,
          span: found.command.programSpan,
          options: [...found.stage.envOptions.filter((o) => !(o.key in envKeys(service))), ...service.envOptions, ...found.command.assignmentOptions, ...found.command.options],
          env: { ...found.stage.env, ...env, ...found.command.assignments },
          launchDir: found.script ? found.script.launchDir : service.workingDir ?? found.stage.workdir ?? (library ? '/' : null),
          user: found.command.user ?? service.user ?? found.stage.user ?? (library ? 'root' : null),
          group: found.command.user ? null : service.user ? service.group : found.stage.group ?? (found.stage.user === null && library ? 'root' : null),
          groups: service.groupAdd,
          mappings: [...copyMappings(found.stage, [service.build!.context]), ...service.mounts],
          envFiles: service.envFiles,
        };
      } else {
        const stage = (service.build?.target ? built.stages.find((s) => s.name === service.build!.target) : undefined) ?? built.stages[built.stages.length - 1];
        const image = stage && !service.command && !service.entrypoint
          ? imageLaunch(built.source, stage, [service.build!.context], service.name, { env, envOptions: service.envOptions, user: service.user, group: service.group, workdir: service.workingDir, mounts: service.mounts })
          : null;
        if (image) launch = { ...image, kind: 'compose', groups: service.groupAdd, envFiles: service.envFiles };
      }
    } else {
      const commands = [service.entrypoint, service.command].filter((c): c is DockerCommand => c !== null);
      const argv = commands.flatMap((c) => c.argv ?? []);
      const found = uwsgiCommandIn(file.source, argv, env, 0) ?? (service.command ? uwsgiCommandIn(file.source, service.command.argv ?? [], env, 0) : null);
      if (found) {
        const library = service.image !== null && isLibraryImage(service.image);
        launch = {
          kind: 'compose',
          source: file.source,
          name: service.name,
          span: found.programSpan,
          options: [...service.envOptions, ...found.assignmentOptions, ...found.options],
          env: { ...env, ...found.assignments },
          launchDir: service.workingDir ?? (library ? '/' : null),
          user: found.user ?? service.user ?? (library ? 'root' : null),
          group: found.user ? null : service.user ? service.group : library ? 'root' : null,
          groups: service.groupAdd,
          mappings: service.mounts,
          envFiles: service.envFiles,
        };
      } else if (service.image && commands.length === 0) {
        // `image: tiangolo/uwsgi-nginx-flask` with the app mounted: the image's own start.
        const stage: DockerStage = {
          name: null, from: service.image, baseImage: service.image, fromSpan: nodeSpan(file.source, service.imageNode!), env: emptyRecord<string>(), args: emptyRecord<string>(),
          workdir: null, user: null, group: null, copies: [], cmd: null, entrypoint: null, envOptions: [],
        };
        const image = imageLaunch(file.source, stage, [], service.name, { env, envOptions: service.envOptions, user: service.user, group: service.group, workdir: service.workingDir, mounts: service.mounts });
        if (image) launch = { ...image, kind: 'compose', groups: service.groupAdd, envFiles: service.envFiles };
      }
    }
    if (launch) out.push(launch);
  }
  return out;
}

/** `UWSGI_*` names the service sets itself (they replace the image's ENV). */
function envKeys(service: ComposeService): Record<string, true> {
  const out: Record<string, true> = {};
  for (const o of service.envOptions) out[o.key] = true;
  return out;
}
