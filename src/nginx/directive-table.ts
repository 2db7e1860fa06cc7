// What nginx knows about each directive, and how it judges one where it stands: the command
// tables of the nginx source (src/nginx/directives-data.json, written by
// scripts/gen-nginx-directives.js from nginx 1.22.1, the version Debian 12 ships), read the way
// ngx_conf_handler() (src/core/ngx_conf_file.c) reads them:
//   for every module that has the name: found; skip it unless its type fits the block (core,
//   event, http, stream, mail; the conf module's `include` fits all) and its context flags
//   include this block; then a `{` where none belongs -> `directive "x" is not terminated by ";"`,
//   none where one belongs -> `directive "x" has no opening "{"`; then the argument count ->
//   `invalid number of arguments in "x" directive`. No module fitting: `"x" directive is not
//   allowed here` when some module has the name, else `unknown directive "x"`.
// The table covers every module of the nginx source, also those a given binary lacks (Debian's
// nginx-light has no stream, mail, geoip, perl, xslt, image_filter): a name of any nginx module
// is known. Which modules nginx-light has is recorded in `builds`, probed with its `nginx -t`.
import data from './directives-data.json' with { type: 'json' };
import type { DirectiveContext } from './context.js';

export interface DirectiveSpec {
  name: string;
  /** The ngx_module_t that defines it, e.g. ngx_http_uwsgi_module. */
  module: string;
  moduleType: string;
  /** Contexts from the flags; `any` for `include` (NGX_ANY_CONF). */
  contexts: string[];
  /** `0`, `1,2` (exact counts), `1+`, `2+`, `flag` (one of on/off), `any`. */
  args: string;
  block: boolean;
  /** The C handler (ngx_conf_set_flag_slot, ...). */
  handler: string;
  /** The handler answers "is duplicate" to a second one at the same level (always, or for some arguments). */
  duplicate?: true | 'some-arguments';
  /** A block read by its own handler (map, types, geo, ...): its lines are not directives. */
  customBlock?: boolean;
}

interface RawDirective {
  name: string;
  module: string;
  contexts: string[];
  args: string;
  block: boolean;
  handler: string;
  duplicate?: boolean | string;
  customBlock?: boolean;
}

const moduleTypes = new Map<string, string>(data.modules.map((m) => [m.name, m.type]));

function spec(raw: RawDirective): DirectiveSpec {
  const moduleType = moduleTypes.get(raw.module) ?? 'NGX_HTTP_MODULE';
  const s: DirectiveSpec = { name: raw.name, module: raw.module, moduleType, contexts: raw.contexts, args: raw.args, block: raw.block, handler: raw.handler };
  if (raw.duplicate === true) s.duplicate = true;
  else if (raw.duplicate === 'some-arguments') s.duplicate = 'some-arguments';
  if (raw.customBlock) s.customBlock = true;
  return s;
}

const byName = new Map<string, DirectiveSpec[]>();
for (const raw of data.directives as RawDirective[]) {
  const list = byName.get(raw.name) ?? [];
  list.push(spec(raw));
  byName.set(raw.name, list);
}
const newerByName = new Map<string, DirectiveSpec[]>();
for (const raw of data.newer.directives as RawDirective[]) {
  const list = newerByName.get(raw.name) ?? [];
  list.push(spec(raw));
  newerByName.set(raw.name, list);
}

/** The nginx version the table describes, and where it comes from. */
export const directivesSource = {
  version: data.nginx.version,
  rev: data.nginx.rev,
  commit: data.nginx.commit,
  newerVersion: data.newer.version,
};

/** The modules compiled into Debian 12's nginx-light (probed with its `nginx -t`). */
export const nginxLightModules: ReadonlySet<string> = new Set(Object.values(data.builds ?? {})[0]?.modules ?? []);

export function directiveSpecs(name: string): readonly DirectiveSpec[] {
  return byName.get(name) ?? [];
}

/** Entries of a newer nginx for a name this version does not know (`http2`, `quic_retry`, ...). */
export function newerDirectiveSpecs(name: string): readonly DirectiveSpec[] {
  return newerByName.get(name) ?? [];
}

export function knownDirectiveNames(): Iterable<string> {
  return byName.keys();
}

const MODULE_TYPE: Record<DirectiveContext, string> = {
  main: 'NGX_CORE_MODULE',
  events: 'NGX_EVENT_MODULE',
  http: 'NGX_HTTP_MODULE',
  server: 'NGX_HTTP_MODULE',
  location: 'NGX_HTTP_MODULE',
  'if-in-server': 'NGX_HTTP_MODULE',
  'if-in-location': 'NGX_HTTP_MODULE',
  limit_except: 'NGX_HTTP_MODULE',
  upstream: 'NGX_HTTP_MODULE',
  stream: 'NGX_STREAM_MODULE',
  'stream-server': 'NGX_STREAM_MODULE',
  'stream-upstream': 'NGX_STREAM_MODULE',
  mail: 'NGX_MAIL_MODULE',
  'mail-server': 'NGX_MAIL_MODULE',
};

/** The module type whose directives a context reads (NGX_HTTP_MODULE for server, ...). */
export function moduleTypeOf(context: DirectiveContext): string {
  return MODULE_TYPE[context];
}

/** Whether `spec` is one nginx would use in `context` (ngx_conf_handler's type and context tests). */
export function fitsContext(s: DirectiveSpec, context: DirectiveContext): boolean {
  if (s.moduleType === 'NGX_CONF_MODULE') return true;
  if (s.moduleType !== MODULE_TYPE[context]) return false;
  return s.contexts.includes(context);
}

/** Whether nginx accepts `argc` arguments for `spec` (ngx_conf_handler's argument tests). */
export function argsFit(s: DirectiveSpec, argc: number): boolean {
  switch (s.args) {
    case 'any':
      return true;
    case 'flag':
      return argc === 1;
    case '1+':
      return argc >= 1;
    case '2+':
      return argc >= 2;
    default:
      return argumentCounts(s.args).includes(argc);
  }
}

const countsByArgs = new Map<string, number[]>();

/** `1,2` as [1, 2], parsed once per distinct entry: argsFit runs for every directive. */
function argumentCounts(args: string): number[] {
  let counts = countsByArgs.get(args);
  if (!counts) {
    counts = args.split(',').map(Number);
    countsByArgs.set(args, counts);
  }
  return counts;
}

/** How many arguments `spec` takes, in words: `1`, `1 or 2`, `1 or more`, `on or off`, `none`. */
export function describeArgs(s: DirectiveSpec): string {
  switch (s.args) {
    case 'any':
      return 'any number';
    case 'flag':
      return '1 (on or off)';
    case '1+':
      return '1 or more';
    case '2+':
      return '2 or more';
    case '0':
      return 'none';
    default: {
      const counts = s.args.split(',');
      return counts.length === 1 ? counts[0] : `${counts.slice(0, -1).join(', ')} or ${counts[counts.length - 1]}`;
    }
  }
}

export type Verdict =
  | { kind: 'ok'; spec: DirectiveSpec | null }
  | { kind: 'unknown' }
  | { kind: 'not-allowed'; specs: readonly DirectiveSpec[] }
  | { kind: 'not-terminated'; spec: DirectiveSpec }
  | { kind: 'no-opening'; spec: DirectiveSpec }
  | { kind: 'args'; spec: DirectiveSpec };

/**
 * What nginx says about `name` with `argc` arguments, with or without a block, in `context`.
 * With no known context (a snippet nobody includes) only what holds in every context is said.
 */
export function judge(name: string, context: DirectiveContext | null, argc: number, hasBlock: boolean): Verdict {
  // The same question as the last one: the lines of an included file (`uwsgi_param` fifteen
  // times for each of thousands of `include uwsgi_params`) come one after another.
  if (lastVerdict !== null && lastName === name && lastContext === context && lastArgc === argc && lastHasBlock === hasBlock) return lastVerdict;
  // Few distinct questions, asked for every directive by several rules: answered once each.
  if (argc >= 4096) return judgeOnce(name, context, argc, hasBlock);
  let byName = verdicts.get(name);
  if (!byName) {
    if (verdicts.size >= 10000) verdicts.clear();
    byName = new Map();
    verdicts.set(name, byName);
  }
  const key = (contextId(context) * 4096 + argc) * 2 + (hasBlock ? 1 : 0);
  let verdict = byName.get(key);
  if (!verdict) {
    verdict = judgeOnce(name, context, argc, hasBlock);
    byName.set(key, verdict);
  }
  lastName = name;
  lastContext = context;
  lastArgc = argc;
  lastHasBlock = hasBlock;
  lastVerdict = verdict;
  return verdict;
}

/** The last question judge() answered (in variables, not an object made per question). */
let lastName = '';
let lastContext: DirectiveContext | null = null;
let lastArgc = 0;
let lastHasBlock = false;
let lastVerdict: Verdict | null = null;

/** Verdicts by directive name, then by context, argument count and block. */
const verdicts = new Map<string, Map<number, Verdict>>();
const CONTEXT_IDS: Record<DirectiveContext, number> = {
  main: 1,
  events: 2,
  http: 3,
  server: 4,
  location: 5,
  'if-in-server': 6,
  'if-in-location': 7,
  limit_except: 8,
  upstream: 9,
  stream: 10,
  'stream-server': 11,
  'stream-upstream': 12,
  mail: 13,
  'mail-server': 14,
};

function contextId(context: DirectiveContext | null): number {
  return context === null ? 0 : CONTEXT_IDS[context];
}

function judgeOnce(name: string, context: DirectiveContext | null, argc: number, hasBlock: boolean): Verdict {
  const specs = directiveSpecs(name);
  if (specs.length === 0) return { kind: 'unknown' };
  const one = (s: DirectiveSpec): Verdict => {
    if (!s.block && hasBlock) return { kind: 'not-terminated', spec: s };
    if (s.block && !hasBlock) return { kind: 'no-opening', spec: s };
    if (!argsFit(s, argc)) return { kind: 'args', spec: s };
    return { kind: 'ok', spec: s };
  };
  if (context === null) {
    const verdicts = specs.map(one);
    if (verdicts.every((v) => v.kind === verdicts[0].kind)) return verdicts[0];
    return { kind: 'ok', spec: null };
  }
  const fitting = specs.find((s) => fitsContext(s, context));
  if (!fitting) return { kind: 'not-allowed', specs };
  return one(fitting);
}

/** The contexts a name is allowed in, for messages (`location, if in location`). */
export function allowedContexts(specs: readonly DirectiveSpec[]): string[] {
  const out: string[] = [];
  for (const s of specs) for (const c of s.contexts) if (!out.includes(c)) out.push(c);
  return out.map((c) => c.replace(/-/g, ' '));
}
