// Where a uWSGI socket can be reached from, as the context files of the run tell it: on a host
// (a systemd unit, Debian's init script, a compose service with `network_mode: host`), in a
// container whose port compose publishes, or in a container only its network reaches; and which
// names a compose network resolves (service names, `container_name`, network aliases) to a
// container address, never to loopback (Docker's embedded DNS answers them with the container's
// address on that network).
import type { SourceSpan } from '../diagnostic.js';
import type { Project } from '../project.js';
import type { UwsgiConfig } from '../uwsgi/ast.js';
import { contextKindOf } from './index.js';
import { parseCompose, type ComposeFile, type ComposeService, type PublishedPort } from './compose.js';

/** The compose files among the context files of the run (the query keeps them for the run). */
export function composeFiles(project: Project): ComposeFile[] {
  return (project.contextFiles ?? []).filter((f) => contextKindOf(f.path, f.text) === 'compose').map(parseCompose);
}

/** The compose service a name resolves to on a compose network of the run (service name, container_name, alias). */
export function composeServiceNamed(files: readonly ComposeFile[], name: string): { file: ComposeFile; service: ComposeService } | null {
  const wanted = name.toLowerCase();
  for (const file of files) {
    for (const service of file.services) {
      if (service.name.toLowerCase() === wanted || service.aliases.some((a) => a.toLowerCase() === wanted)) return { file, service };
    }
  }
  return null;
}

export type Exposure =
  /** Listens on the host's own interfaces. */
  | { kind: 'host'; why: string; span: SourceSpan }
  /** In a container whose port the host publishes on every interface, or on one that is not loopback. */
  | { kind: 'published'; why: string; span: SourceSpan }
  /** In a container whose port the host publishes on its loopback only. */
  | { kind: 'published-loopback'; why: string; span: SourceSpan }
  /** In a container compose does not publish that port of: only containers on its networks reach it. */
  | { kind: 'container'; why: string; span: SourceSpan }
  /** In a container started from a Dockerfile: `docker run -p` is not in the run. */
  | { kind: 'container-ports-unknown'; why: string; span: SourceSpan }
  /** Nothing in the run says where uWSGI runs. */
  | { kind: 'unknown' };

const LOOPBACK_IP = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** Who can reach a socket of `config` bound to every interface, on TCP `port` (null: not known). */
export function exposure(files: readonly ComposeFile[], config: UwsgiConfig, port: number | null): Exposure {
  const launch = config.launch;
  if (!launch) return { kind: 'unknown' };
  if (launch.kind === 'systemd') return { kind: 'host', why: `the systemd unit starts it on the host (${launch.name})`, span: launch.span };
  if (launch.kind === 'debian') return { kind: 'host', why: "Debian's init script starts it on the host", span: launch.span };
  if (launch.kind === 'dockerfile') return { kind: 'container-ports-unknown', why: `the Dockerfile starts it in a container (${launch.name})`, span: launch.span };
  if (launch.kind !== 'compose') return { kind: 'unknown' };
  const services = files.flatMap((file) => file.services.filter((s) => s.name === launch.name));
  if (services.length === 0) return { kind: 'unknown' };
  const hostNetwork = services.find((s) => s.networkMode === 'host');
  if (hostNetwork) return { kind: 'host', why: `compose service ${launch.name} has \`network_mode: host\``, span: hostNetwork.nameSpan };
  let loopbackOnly: PublishedPort | undefined;
  for (const s of services) {
    for (const p of s.ports) {
      const covers = p.container === null || port === null || (port >= p.container.from && port <= p.container.to);
      if (!covers) continue;
      const what = `compose service ${launch.name} publishes ${p.container && port !== null ? `port ${port}` : 'ports'} of its container`;
      if (p.hostIp === null || !LOOPBACK_IP.test(p.hostIp)) return { kind: 'published', why: `${what} on ${p.hostIp === null ? "every interface of the host" : `the host's ${p.hostIp}`}`, span: p.span };
      loopbackOnly ??= p;
    }
  }
  if (loopbackOnly) return { kind: 'published-loopback', why: `compose service ${launch.name} publishes it on the host's loopback only (${loopbackOnly.hostIp})`, span: loopbackOnly.span };
  return { kind: 'container', why: `compose service ${launch.name} runs it in a container and does not publish ${port === null ? 'its port' : `port ${port}`}`, span: services[0].nameSpan };
}
