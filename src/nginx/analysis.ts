// One run's derived view of its nginx configs: the models, the run's directive columns, and every
// answer worked out once per run (listen addresses, unread includes, the servers the TLS rules
// judge, templating per file). The query layer owns one per run; nothing of it is kept in the
// syntax trees, the source files or the scopes.
import { readListenAddress, type ListenAddress } from './address.js';
import type { NginxDirective } from './ast.js';
import { collectRunDirectives } from './collect-run.js';
import { forgetSharedWordTexts } from './word-strings.js';
import { DirectiveList, type RunColumns } from './directive-list.js';
import { buildModel, type NginxModel, type Scope } from './model.js';
import { httpBlockComplete, NOTHING_PAST, pastSyntaxError } from './syntax-reach.js';
import { TemplateFacts } from './templated.js';
import { UnseenIncludes } from './unseen-includes.js';
import type { NginxConfig, Project } from '../project.js';

/** What any `listen` of a run says: whether one listens with ssl, whether one is a default server. */
export interface ListenFlags {
  ssl: boolean;
  defaultServer: boolean;
}

/** Listens by their text: thousands of servers say `listen 80;`; bounded, as a config may have as many distinct ones. */
const LISTEN_TEXTS_KEPT = 10000;

export class NginxAnalysis {
  readonly templates = new TemplateFacts();
  private readonly models = new Map<NginxConfig, NginxModel>();
  private readonly modelsByRoot = new Map<Scope, NginxModel>();
  private columns: { run: RunColumns; scoped: DirectiveList; judged: DirectiveList } | null = null;
  private broken: ((d: NginxDirective) => boolean) | null = null;
  private readonly unseen = new Map<NginxConfig, UnseenIncludes>();
  private readonly judgedServerLists = new Map<NginxConfig, readonly Scope[]>();
  private readonly completeHttp = new Map<NginxConfig, boolean>();
  private readonly listensByText = new Map<string, ListenAddress | null>();
  private readonly listensByDirective = new Map<NginxDirective, ListenAddress | null>();
  private flags: ListenFlags | null | undefined = undefined;

  constructor(private readonly project: Project) {
    // The run has read its files: the parser's table of shared word texts is not kept through
    // the rules, where memory peaks (src/nginx/word-strings.ts).
    forgetSharedWordTexts();
  }

  /** A config's tree with includes inlined, its upstreams and pass targets. */
  model(config: NginxConfig): NginxModel {
    let model = this.models.get(config);
    if (!model) {
      model = buildModel(config, (d) => this.templates.templated(d));
      this.models.set(config, model);
      this.modelsByRoot.set(model.root, model);
    }
    return model;
  }

  /** The model whose top level `root` is, if it is one. */
  modelOfRoot(root: Scope): NginxModel | undefined {
    return this.modelsByRoot.get(root);
  }


  /** Whether the run has no syntax error at all (then nothing is past one). */
  private noSyntaxError(): boolean {
    this.broken ??= pastSyntaxError(this.project);
    return this.broken === NOTHING_PAST;
  }

  /** The run's directives (all, and those the security rules judge), built once. */
  lists(): { run: RunColumns; scoped: DirectiveList; judged: DirectiveList } {
    if (!this.columns) {
      this.broken ??= pastSyntaxError(this.project);
      const run = collectRunDirectives(this.project, (c) => this.model(c), this.templates, this.broken);
      const scoped = new DirectiveList(run, false, 0, run.size);
      this.columns = { run, scoped, judged: run.judged === null ? scoped : new DirectiveList(run, true, 0, run.size) };
    }
    return this.columns;
  }

  /** The address a `listen` binds, as nginx prints it; null when computed or a host name. */
  listen(d: NginxDirective): ListenAddress | null {
    // The answer depends on the words alone: a one-word listen (most) is looked up by its word.
    const args = d.args;
    if (args.length === 1) return this.listenByText(args[0].raw, d);
    let address = this.listensByDirective.get(d);
    if (address === undefined) {
      address = this.listenByText(args.map((a) => a.raw).join('\u0000'), d);
      this.listensByDirective.set(d, address);
    }
    return address;
  }

  private listenByText(key: string, d: NginxDirective): ListenAddress | null {
    let address = this.listensByText.get(key);
    if (address === undefined) {
      address = readListenAddress(d);
      if (this.listensByText.size >= LISTEN_TEXTS_KEPT) this.listensByText.clear();
      this.listensByText.set(key, address);
    }
    return address;
  }

  /**
   * Whether any listen of the run has `ssl` or `default_server`: the rules about TLS and default
   * servers have nothing to say without one. Null when the run has a syntax error: its lists leave
   * out the lines past it, so they cannot tell.
   */
  listenFlags(): ListenFlags | null {
    if (this.flags === undefined) {
      let flags: ListenFlags | null = null;
      if (this.noSyntaxError()) {
        flags = { ssl: false, defaultServer: false };
        const listens = this.lists().scoped.named('listen');
        for (let i = 0; i < listens.length; i++) {
          const address = this.listen(listens[i].directive);
          if (address?.ssl) flags.ssl = true;
          if (address?.defaultServer) flags.defaultServer = true;
        }
      }
      this.flags = flags;
    }
    return this.flags;
  }

  /** Which blocks of a config an unread include may change. */
  unseenIncludes(config: NginxConfig): UnseenIncludes {
    let unseen = this.unseen.get(config);
    if (!unseen) {
      unseen = new UnseenIncludes(config, this.model(config).facts);
      this.unseen.set(config, unseen);
    }
    return unseen;
  }

  /**
   * The `server` blocks of a config whose TLS and listen set-up can be judged: in a server context,
   * not in a templated file, and with no include the run could not read on the way to them.
   */
  judgedServers(config: NginxConfig): readonly Scope[] {
    let servers = this.judgedServerLists.get(config);
    if (!servers) {
      const found: Scope[] = [];
      const unseen = this.unseenIncludes(config);
      for (const s of this.model(config).blocks.get('server') ?? []) {
        if (s.kind === 'server' && s.context === 'server' && s.directive && !this.templates.inTemplatedFile(s.directive) && !unseen.aroundOrAt(s)) found.push(s);
      }
      servers = found;
      this.judgedServerLists.set(config, servers);
    }
    return servers;
  }

  /** Whether nginx reads the config's whole http block before any syntax error. */
  httpBlockComplete(config: NginxConfig): boolean {
    let complete = this.completeHttp.get(config);
    if (complete === undefined) {
      complete = httpBlockComplete(config);
      this.completeHttp.set(config, complete);
    }
    return complete;
  }
}
