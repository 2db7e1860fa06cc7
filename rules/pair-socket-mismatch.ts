// pair/socket-mismatch: nginx connects where no uWSGI socket of the run listens.
// Facts (test/e2e/pairs.test.ts runs each for real; observed on Debian 12, nginx 1.22 + uWSGI 2.0.21):
// - a unix path that differs between `uwsgi_pass unix:...` and `socket =`: 502, ENOENT;
// - a TCP port or host that differs: 502, ECONNREFUSED;
// - `socket = unix:///abs/path` on the uWSGI side binds TCP, no unix socket appears: 502;
// - a relative `socket` without `chdir` lands in the launch directory: 502;
// - `http =` without the http plugin on a modular uWSGI is silently ignored: 502;
// - an upstream with one wrong and one right server: 200 (nginx retries), the error log fills.
// Unknown targets or sockets (variables, templates, command-line sockets) are never an error here:
// pair/unpaired reports them.
import {
  accepts,
  bindingText,
  describeAddress,
  fileName,
  fittingPass,
  fittingSocket,
  namedAddress,
  nginxAddress,
  optionSpan,
  passText,
  protocolFits,
  span,
  targetSpan,
  uwsgiValue,
  wordSpan,
  type Address,
  type JudgedEndpoint,
  type PairQuery,
  type RelatedInformation,
  type SocketBinding,
  type SourceFile,
  type TargetPairing,
  type UntakenSocket,
  type UwsgiConfig,
} from '../src/query/index.js';
import type { Rule, RuleContext } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/socket-mismatch',
    description: 'nginx passes requests to an address no uWSGI socket of the run listens on: every request is a 502',
    defaultSeverity: 'error',
    tags: ['pair', '502'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const judged = context.query.pair.endpoints();
    const run: Run = { all: judged, byTarget: new Map(), servedByOthers: new Map(), elsewhere: new Map() };
    for (const j of judged) {
      const mine = run.byTarget.get(j.pairing);
      if (mine) mine.push(j);
      else run.byTarget.set(j.pairing, [j]);
    }
    for (const j of judged) {
      if (j.verdict.kind === 'matched') checkMatched(context, j);
      else if (j.verdict.kind === 'miss') checkMiss(context, j, run);
    }
  },
};

/** The endpoints of the run, and what a miss asks of them, worked out once (a site has thousands). */
interface Run {
  all: readonly JudgedEndpoint[];
  /** The endpoints of each pass target, in run order. */
  byTarget: Map<TargetPairing, JudgedEndpoint[]>;
  /** The sockets the other nginx configs reach, by nginx config. */
  servedByOthers: Map<string, Set<SocketBinding>>;
  /** servedElsewhere()'s answer by nginx config and the target's protocol: one walk of the sockets each. */
  elsewhere: Map<string, boolean>;
}

const file = (b: SocketBinding) => fileName(b.option.source.path);

function passRelated(j: JudgedEndpoint): RelatedInformation {
  return { span: targetSpan(j.pairing.target), message: `nginx connects here: ${passText(j.pairing.target)}` };
}

/** Matched only by bindings that will not be where the config says: relative without chdir, or a plugin not loaded. */
function checkMatched(context: RuleContext, j: JudgedEndpoint): void {
  const matches = j.endpoint.matches.map((m) => m.binding);
  const real = matches.filter((b) => !b.unanchored && !b.missingPlugin);
  if (real.length > 0) return;
  const b = matches[0];
  const where = describeAddress(j.endpoint.address);
  // The uWSGI line is the one to change, and uwsgi/* rules blame it there; the pair finding sits
  // on the nginx side so one line does not carry two findings for one cause.
  const nginxSide = j.endpoint.server ? wordSpan(j.endpoint.server.directive, j.endpoint.server.directive.args[0]) : targetSpan(j.pairing.target);
  const uwsgiRelated = (message: string): RelatedInformation => ({ span: optionSpan(b.option), message });
  if (b.missingPlugin) {
    context.report({
      span: nginxSide,
      message:
        `\`${b.option.key}\` needs the ${b.missingPlugin} plugin on a modular uWSGI (Debian's uwsgi-core), and this config does not load it: ` +
        `uWSGI silently ignores the option, nothing listens on ${where} and nginx answers 502 (without another socket uWSGI even exits: "The -s/--socket option is missing"). ` +
        `Add it: \`plugins = ${['python3', b.missingPlugin].join(',')}\` (keep your other plugins).`,
      related: [uwsgiRelated(`ignored without the ${b.missingPlugin} plugin: ${bindingText(b)}`)],
    });
    return;
  }
  const target = j.endpoint.address.type === 'unix' ? j.endpoint.address.path : where;
  // Where uWSGI starts is not known (no chdir, no launch directory from a Dockerfile, unit or
  // the configuration): the socket may well land there. uwsgi/relative-socket warns on the ini.
  if (b.unanchored) return;
  context.report({
    span: nginxSide,
    message:
      `\`${bindingText(b)}\` is relative and the config sets no \`chdir\`: uWSGI creates the socket in the directory it is started from ` +
      `(/ under systemd unless WorkingDirectory= says otherwise), not at ${target} where nginx looks, so nginx answers 502 (No such file or directory). ` +
      `Write the absolute path: \`${b.option.key} = ${target.replace(/^\/+/, '/')}\`, or set \`chdir\` (or "uwsgiLaunchDir" in .nginx-uwsgi-lint.json if the launch directory is fixed).`,
    related: [uwsgiRelated(`relative, with no chdir: ${bindingText(b)}`)],
  });
}

function checkMiss(context: RuleContext, j: JudgedEndpoint, run: Run): void {
  if (j.verdict.kind !== 'miss') return;
  const { target } = j.pairing;
  const nearest = j.verdict.nearest;
  const address = j.endpoint.address;
  const where = describeAddress(address);
  const server = j.endpoint.server;
  if (server?.down) return;

  // `socket = unix:///x` on the uWSGI side: the uWSGI line is the one to change.
  if (nearest?.binding.unixScheme && address.type === 'unix' && nginxAddress(nearest.binding) === `unix:${uwsgiValue(address)}`) {
    const b = nearest.binding;
    context.report({
      span: server ? wordSpan(server.directive, server.directive.args[0]) : targetSpan(target),
      message:
        `uWSGI does not understand \`unix:\` (that is nginx's spelling): \`${bindingText(b)}\` binds a TCP socket on host "unix", ` +
        `and no unix socket appears at ${uwsgiValue(address)}: nginx answers 502 (No such file or directory). Write \`${b.option.key} = ${uwsgiValue(address)}\`.`,
      related: [{ span: optionSpan(b.option), message: `binds TCP host "unix", not a unix socket: ${bindingText(b)}` }],
    });
    return;
  }

  const siblings = (run.byTarget.get(j.pairing) ?? []).filter((o) => o !== j);
  const partner = siblings.find((o) => o.verdict.kind === 'matched' && o.endpoint.matches.some((m) => protocolFits(target, m.binding.protocol) !== false));
  const errno = address.type === 'unix' ? 'connect() failed (2: No such file or directory)' : 'connect() failed (111: Connection refused)';
  const related: RelatedInformation[] = [];
  if (server) related.push(passRelated(j));
  let suggestion: string;
  if (nearest) {
    const b = nearest.binding;
    const fits = protocolFits(target, b.protocol) !== false;
    const nginxLine = fittingPass(b);
    related.push({ span: optionSpan(b.option), message: `the closest uWSGI socket: ${bindingText(b)} (${file(b)})` });
    const nginxSide = server
      ? `\`server ${nginxAddress(b) ?? '...'};\``
      : fits
        ? `\`${target.directive.name} ${target.scheme && target.module === 'proxy' ? `${target.scheme}://` : ''}${(nginxAddress(b) ?? '') + (target.module === 'proxy' && b.address?.type === 'unix' ? ':' : '')};\``
        : `\`${nginxLine ?? '...'}\``;
    // An upstream's server line cannot change what the pass directive speaks: pointed at a socket
    // of another protocol (an `http =` router for uwsgi_pass) it would trade the 502 for a 504.
    suggestion =
      server && !fits
        ? `The closest uWSGI socket, ${nginxAddress(b)} (\`${bindingText(b)}\` in ${file(b)}), does not speak what \`${target.directive.name}\` sends, so pointing the upstream there would not work either. ` +
          `Make uWSGI listen where nginx looks: \`${fittingSocket(target, uwsgiValue(address))}\`.`
        : `Did you mean ${nginxAddress(b)} (\`${bindingText(b)}\` in ${file(b)})? Write ${nginxSide}, or make uWSGI listen where nginx looks: \`${fittingSocket(target, uwsgiValue(address))}\`.`;
  } else {
    suggestion = `Make uWSGI listen there: \`${fittingSocket(target, uwsgiValue(address))}\`.`;
  }
  if (server) {
    const upstream = target.upstream?.name ?? '';
    if (partner) {
      context.report({
        span: wordSpan(server.directive, server.directive.args[0]),
        severity: 'warning',
        message:
          `No uWSGI socket in this run listens on ${where}, a server of upstream "${upstream}": clients still get answers because nginx retries the next server, ` +
          `but every pass through this one fails first, and the error log fills with ${errno}. ${suggestion}`,
        related,
      });
      return;
    }
    context.report({
      span: wordSpan(server.directive, server.directive.args[0]),
      message: `No uWSGI socket in this run listens on ${where}, the server of upstream "${upstream}": every request is a 502, nginx logs ${errno}. ${suggestion}`,
      related,
    });
    return;
  }
  const debian = debianAppSocket(address);
  if (debian) {
    // Debian's uwsgi package gives every /etc/uwsgi/apps-enabled/NAME.ini this socket through its
    // default.ini: whether the ini is installed there is outside the repository.
    context.report({
      span: targetSpan(target),
      severity: 'warning',
      message:
        `No uWSGI socket in this run listens on ${where}. That is the socket Debian's uwsgi package creates for /etc/uwsgi/apps-enabled/${debian}.ini ` +
        `(its default.ini); if the ini is installed there, map it: "pathMappings": [{"from": "/etc/uwsgi/apps-enabled", "to": "<its directory>"}]. ` +
        `Otherwise every request is a 502. ${suggestion}`,
      related,
    });
    return;
  }
  const elsewhere = servedElsewhere(context.query.pair, j, run);
  // Each socket of the run already has its nginx: this config's uWSGI (a host variant, another
  // deployment of the same app) is most likely started outside the run. And a fragment
  // (sites-enabled/x) is one site of a box the run does not hold: a pass that is not a near miss
  // of the run's sockets may reach a uWSGI whose ini lives elsewhere.
  if (elsewhere || (!j.verdict.near && !inWholeConfig(context, target.directive.source))) {
    context.report({
      span: targetSpan(target),
      severity: 'warning',
      message:
        elsewhere
          ? `No uWSGI socket in this run listens on ${where}, and every uWSGI socket of the run is already reached by another nginx config: ` +
            `this config's uWSGI is likely started outside the run. If it is not, every request is a 502 (nginx logs ${errno}). ` +
            `Tell the linter which uWSGI config serves it: "pairs" in .nginx-uwsgi-lint.json, or lint that uWSGI config too. ${suggestion}`
          : `No uWSGI socket in this run listens on ${where}, and nothing close to it does. If this site is served by the uWSGI of this run, every request is a 502 Bad Gateway (${errno}); ` +
            `if another uWSGI on the box, whose ini this run does not hold, listens there, it works. ${suggestion} If it is another app's, say which configs go together: "pairs" in .nginx-uwsgi-lint.json.`,
      related,
    });
    return;
  }
  // A socket line of an `if-*` block the run's starts skip (`if-not-env = DEV_ENV`, every launch
  // here setting DEV_ENV): another way of starting that ini binds it, for the deployment this
  // config may belong to (micromasters: Compose sets DEV_ENV, Heroku's nginx.conf.erb does not).
  const untaken = untakenSocketAt(context, address);
  if (untaken) {
    const { config, socket } = untaken;
    const condition = socket.inElse ? `the \`else\` of \`${socket.condition}\`` : `\`${socket.condition}\``;
    context.report({
      span: targetSpan(target),
      severity: 'warning',
      message:
        `No uWSGI socket in this run listens on ${where} as the run starts its inis: \`${socket.entry.key} = ${socket.entry.rawValue}\` in ${fileName(socket.entry.source.path)} ` +
        `binds it only under ${condition}, which ${config.launch ? `the way ${fileName(config.file.source.path)} is started here` : 'the environment given to the linter'} does not meet. ` +
        `If the deployment this config belongs to starts uWSGI so that it holds, it works; if not, every request is a 502 (nginx logs ${errno}): start it so, or bind the socket outside the block.`,
      related: [...related, { span: span(socket.entry.source, socket.entry.valueStart, socket.entry.valueEnd), message: `bound only under ${condition}` }],
    });
    return;
  }
  context.report({
    span: targetSpan(target),
    message: `No uWSGI socket in this run listens on ${where}: every request is a 502 Bad Gateway, nginx logs ${errno}. ${suggestion}`,
    related,
  });
}

/** A socket line of an `if-*` block some start of the run skips, naming `address` as written. */
function untakenSocketAt(context: RuleContext, address: Address): { config: UwsgiConfig; socket: UntakenSocket } | null {
  for (const config of context.query.uwsgi.configs) {
    for (const socket of config.untakenSockets ?? []) if (namesAddress(socket.entry.value, address)) return { config, socket };
  }
  return null;
}

/**
 * Whether a socket value (`/run/app.sock`, `:8000`, `127.0.0.1:8000`) accepts `address`, as a bound
 * socket line would (pairing's own test); only absolute paths and written ports count.
 */
function namesAddress(value: string, address: Address): boolean {
  const named = namedAddress(value.trim());
  return named !== null && !named.unixScheme && accepts(named, address);
}

/** Whether a file is part of a linted main config (nginx.conf with its includes), not a fragment alone. */
function inWholeConfig(context: RuleContext, source: SourceFile): boolean {
  return context.query.nginx.configs.some((c) => c.root.context === 'main' && c.files.some((f) => f.source === source));
}

/**
 * True when no "pairs" setting names this nginx config and every uWSGI socket of the run that
 * speaks the target's protocol is matched by a pass target of another nginx config.
 */
function servedElsewhere(pair: PairQuery, j: JudgedEndpoint, run: Run): boolean {
  const mine = pair.nginxRoot(j.pairing.target.directive.source.path);
  if (pair.explicitlyPaired(mine)) return false;
  const key = `${mine}\0${j.pairing.target.module}\0${j.pairing.target.scheme ?? ''}`;
  let answer = run.elsewhere.get(key);
  if (answer === undefined) run.elsewhere.set(key, (answer = allServedByOthers(pair, j, run, mine)));
  return answer;
}

function allServedByOthers(pair: PairQuery, j: JudgedEndpoint, run: Run, mine: string): boolean {
  // Only the sockets this target could speak to: an `http =` socket cannot serve a uwsgi_pass.
  const bindings = pair.pairing().bindings.filter((b) => protocolFits(j.pairing.target, b.binding.protocol) !== false);
  if (bindings.length === 0) return false;
  let servedByOthers = run.servedByOthers.get(mine);
  if (!servedByOthers) {
    servedByOthers = new Set<SocketBinding>();
    for (const o of run.all) {
      if (o.endpoint.matches.length === 0 || pair.nginxRoot(o.pairing.target.directive.source.path) === mine) continue;
      for (const m of o.endpoint.matches) servedByOthers.add(m.binding);
    }
    run.servedByOthers.set(mine, servedByOthers);
  }
  return bindings.every((b) => servedByOthers.has(b.binding));
}

/** NAME when `address` is Debian's per-app socket /run/uwsgi/app/NAME/socket. */
function debianAppSocket(address: { type: string; path?: string }): string | null {
  if (address.type !== 'unix' || !address.path) return null;
  const m = /^\/+(?:var\/)?run\/uwsgi\/app\/([^/]+)\/socket$/.exec(address.path);
  return m ? m[1] : null;
}
