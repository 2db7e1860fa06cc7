// nginx/duplicate-directive: a single-valued directive set twice in one block, and the other
// doubles nginx refuses: nginx -t `"root" directive is duplicate`, `duplicate location "/"`,
// `duplicate upstream "app"`, `a duplicate listen 0.0.0.0:80`, `duplicate default server for ...`.
// Facts: a directive is single-valued at one level when its handler (ngx_conf_set_*_slot or
// the module's own) answers "is duplicate" (read from the nginx 1.22.1 source by
// scripts/gen-nginx-directives.js; those that do so only for some arguments, like `limit_req`
// with the same zone, are left out). `root` and `alias` share one slot (ngx_http_core_root).
// Locations: two prefix (or `^~`) locations, or two `=` locations, of one name in one block
// (ngx_http_join_exact_locations). Files with template tags (`{% if %}`) are not judged: their
// lines may not all reach nginx.
import { span, type RelatedInformation } from '../src/diagnostic.js';
import type { NginxDirective } from '../src/nginx/ast.js';
import { contextOf, directiveSpecs, httpBlockComplete, isTemplated, listenAddress, named, namesIn, onceEach, pastSyntaxError, type ScopedDirective } from '../src/nginx/directives.js';
import { judgedDirectives } from '../src/nginx/security/walk.js';
import { locationName } from '../src/nginx/location.js';
import { type Scope } from '../src/nginx/model.js';
import { blocksNamed, nginxModel } from '../src/nginx/directives.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/duplicate-directive',
    description: 'A single-valued directive, location, upstream or listen given twice: nginx -t fails with "is duplicate"',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'directives'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const first = onceEach();
    const broken = pastSyntaxError(context.project);
    const report = (d: NginxDirective, earlier: NginxDirective, message: string, blameArg = false) => {
      const target = blameArg && d.args[0] ? d.args[0] : d.nameWord;
      if (!first(d, target.start, message)) return;
      const related: RelatedInformation[] = [{ span: span(earlier.source, earlier.nameWord.start, earlier.end), message: 'given first here' }];
      context.report({ span: span(d.source, target.start, target.end), message, related });
    };
    /** What nginx reads the item as, when it reads it (in a known context, accepted there). */
    const specOf = (item: ScopedDirective) => (item.context !== null && item.verdict.kind === 'ok' ? item.verdict.spec : null);
    for (const config of context.project.nginx) {
      // The judged list keeps each block's directives together, in the order of the text, and so
      // does its index by name: the rule reads only the names it is about.
      const all = judgedDirectives(context.project, config);

      // Single-valued directives: a second one in the same block. `root` and `alias` share a slot.
      const slots = new Map<string, string[]>();
      for (const name of namesIn(all)) {
        if (!directiveSpecs(name).some((spec) => spec.duplicate === true)) continue;
        const slot = name === 'alias' ? 'root' : name;
        slots.set(slot, [...(slots.get(slot) ?? []), name]);
      }
      for (const names of slots.values()) {
        const items = named(all, names);
        let scope: Scope | null = null;
        let earlier: NginxDirective | null = null;
        for (let i = 0; i < items.length; i++) {
          const item = items[i];
          if (specOf(item)?.duplicate !== true) continue;
          const d = item.directive;
          if (item.scope !== scope || earlier === null) {
            scope = item.scope;
            earlier = d;
          } else if (earlier.name !== d.name) {
            report(d, earlier, `"${d.name}" directive is duplicate, "${earlier.name}" directive was specified earlier; a location takes either root or alias`);
          } else {
            report(d, earlier, `"${d.name}" directive is duplicate; nginx takes it once per block: keep one`);
          }
        }
      }

      // Duplicate locations are found once the http block is read (ngx_http_init_locations).
      if (httpBlockComplete(config)) {
        const locations = named(all, ['location']);
        // Exact and prefix locations by path, with the block they are in: the list keeps each
        // block's lines together, so an entry of another block is simply replaced (no clearing
        // of the maps for each of thousands of servers).
        const exact = new Map<string, ScopedDirective>();
        const prefix = new Map<string, ScopedDirective>();
        for (let i = 0; i < locations.length; i++) {
          const item = locations[i];
          const d = item.directive;
          if (!specOf(item) || !d.block) continue;
          // Regex and named locations may repeat; prefix and `^~` are both inclusive.
          const loc = locationName(d);
          if ('invalidModifier' in loc || loc.regex || loc.named) continue;
          const seen = loc.exact ? exact : prefix;
          const earlier = seen.get(loc.name);
          if (earlier && earlier.scope === item.scope) report(d, earlier.directive, `duplicate location "${loc.name}": an earlier location of this block has the same ${loc.exact ? 'exact' : 'prefix'} match, so this one is never used`);
          else seen.set(loc.name, item);
        }
      }

      // Listens: the same address twice in a server, or two default servers of one address.
      const listens = named(all, ['listen']);
      // By address, with the server they are in (as for locations: no clearing per server).
      const seen = new Map<string, ScopedDirective>();
      const defaults = new Map<string, NginxDirective>();
      for (let i = 0; i < listens.length; i++) {
        const item = listens[i];
        if (!specOf(item) || item.context !== 'server') continue;
        const d = item.directive;
        const address = listenAddress(d);
        if (!address) continue;
        const earlier = seen.get(address.text);
        if (earlier && earlier.scope === item.scope) report(d, earlier.directive, `a duplicate listen ${address.text}: this server listens there already`, true);
        else seen.set(address.text, item);
        if (address.defaultServer) {
          const other = defaults.get(address.text);
          if (other && other !== d) report(d, other, `duplicate default server for ${address.text}: only one server may be default_server on an address`, true);
          else defaults.set(address.text, d);
        }
      }

      // Upstream names are unique per http block: the config's top level (a sites-enabled
      // fragment) or its `http` blocks.
      const root = nginxModel(config).root;
      const upstreams = blocksNamed(root, 'upstream');
      for (const s of [root, ...blocksNamed(root, 'http')]) if (contextOf(s) === 'http') upstreamDoubles(s, upstreams, report, broken);
    }
  },
};

/**
 * Upstream blocks of one http level with the same name. `upstreams` is every upstream block of
 * the config, in the order of the text (blocksNamed): those whose parent is `scope` are its own,
 * found without reading each of its lines (a large http block has thousands).
 */
function upstreamDoubles(scope: Scope, upstreams: readonly Scope[], report: (d: NginxDirective, earlier: NginxDirective, message: string, blameArg?: boolean) => void, broken: (d: NginxDirective) => boolean) {
  const seen = new Map<string, NginxDirective>();
  for (let i = 0; i < upstreams.length; i++) {
    const d = upstreams[i].directive;
    if (upstreams[i].parent !== scope || !d || !d.args[0] || isTemplated(d) || broken(d)) continue;
    const name = d.args[0].value.toLowerCase();
    const earlier = seen.get(name);
    if (earlier) report(d, earlier, `duplicate upstream "${d.args[0].value}": upstream names are unique (case-insensitively) in http`, true);
    else seen.set(name, d);
  }
}
