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
import type { Rule } from '../src/rule.js';
import { directiveSpecs, span, type NginxDirective, type RelatedInformation, type Scope, type ScopedDirective } from '../src/query/index.js';

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
    const nginx = context.query.nginx;
    const report = (d: NginxDirective, earlier: NginxDirective, message: string, blameArg = false) => {
      const target = blameArg && d.args[0] ? d.args[0] : d.nameWord;
      const related: RelatedInformation[] = [{ span: span(earlier.source, earlier.nameWord.start, earlier.end), message: 'given first here' }];
      context.report({ span: span(d.source, target.start, target.end), message, related });
    };
    /** What nginx reads the item as, when it reads it (in a known context, accepted there). */
    const specOf = (item: ScopedDirective) => (item.context !== null && item.verdict.kind === 'ok' ? item.verdict.spec : null);
    for (const config of nginx.configs) {
      // The query's lists keep each block's directives together, in the order of the text, and
      // so do its lists by name: the rule reads only the names it is about.
      const mine = { config };

      // Single-valued directives: a second one in the same block. `root` and `alias` share a slot.
      const slots = new Map<string, string[]>();
      for (const name of nginx.names(mine)) {
        if (!directiveSpecs(name).some((spec) => spec.duplicate === true)) continue;
        const slot = name === 'alias' ? 'root' : name;
        slots.set(slot, [...(slots.get(slot) ?? []), name]);
      }
      for (const names of slots.values()) {
        const items = nginx.directives(names, mine);
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
      if (nginx.httpBlockComplete(config)) {
        const locations = nginx.directives('location', mine);
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
          const loc = nginx.location(d);
          if ('invalidModifier' in loc || loc.regex || loc.named) continue;
          const seen = loc.exact ? exact : prefix;
          const earlier = seen.get(loc.name);
          if (earlier && earlier.scope === item.scope) report(d, earlier.directive, `duplicate location "${loc.name}": an earlier location of this block has the same ${loc.exact ? 'exact' : 'prefix'} match, so this one is never used`);
          else seen.set(loc.name, item);
        }
      }

      // Listens: the same address twice in a server, or two default servers of one address.
      const listens = nginx.directives('listen', mine);
      // By address, with the server they are in (as for locations: no clearing per server).
      const seen = new Map<string, ScopedDirective>();
      const defaults = new Map<string, NginxDirective>();
      for (let i = 0; i < listens.length; i++) {
        const item = listens[i];
        if (!specOf(item) || item.context !== 'server') continue;
        const d = item.directive;
        const address = nginx.listen(d);
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
      // fragment) or its `http` blocks. Upstream lines of a file with template tags are compared
      // too; only one a template fills in is not.
      const upstreams = nginx.directives('upstream', { config, templated: true });
      // By name, with the block they are in (as for locations: no clearing per block).
      const names = new Map<string, ScopedDirective>();
      for (let i = 0; i < upstreams.length; i++) {
        const item = upstreams[i];
        const d = item.directive;
        if (item.context !== 'http' || !d.block || !d.args[0] || nginx.filledIn(d)) continue;
        const name = d.args[0].value.toLowerCase();
        const earlier = names.get(name);
        if (earlier && earlier.scope === item.scope) report(d, earlier.directive, `duplicate upstream "${d.args[0].value}": upstream names are unique (case-insensitively) in http`, true);
        else names.set(name, item);
      }
    }
  },
};
