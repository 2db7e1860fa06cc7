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
import { directiveSpecs, span, type NginxDirective, type RelatedInformation, type Scope } from '../src/query/index.js';

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
    /** What nginx reads the line as, where it reads it (in a known context, accepted there). */
    const specOf = (d: NginxDirective, scope: Scope) => {
      if (scope.context === null) return null;
      const verdict = nginx.verdict(d, scope);
      return verdict.kind === 'ok' ? verdict.spec : null;
    };
    for (const config of nginx.configs) {
      // The query hands out each block's lines of the names asked together, in the order of
      // the text: the rule reads only the names it is about, block by block. Indexed loops: a
      // rule runs once per process, mostly before V8 optimises it, and there a for-of over an
      // array makes an object per step (thousands of blocks here).
      const mine = { config };

      // Single-valued directives: a second one in the same block. `root` and `alias` share a slot.
      const slots = new Map<string, string[]>();
      for (const name of nginx.names(mine)) {
        if (!directiveSpecs(name).some((spec) => spec.duplicate === true)) continue;
        const slot = name === 'alias' ? 'root' : name;
        slots.set(slot, [...(slots.get(slot) ?? []), name]);
      }
      for (const names of slots.values()) {
        const slotBlocks = nginx.repeatedByBlock(names, mine);
        for (let b = 0; b < slotBlocks.length; b++) {
          const { scope, directives } = slotBlocks[b];
          let earlier: NginxDirective | null = null;
          for (let i = 0; i < directives.length; i++) {
            const d = directives[i];
            if (specOf(d, scope)?.duplicate !== true) continue;
            if (earlier === null) earlier = d;
            else if (earlier.name !== d.name) {
              report(d, earlier, `"${d.name}" directive is duplicate, "${earlier.name}" directive was specified earlier; a location takes either root or alias`);
            } else {
              report(d, earlier, `"${d.name}" directive is duplicate; nginx takes it once per block: keep one`);
            }
          }
        }
      }

      // Duplicate locations are found once the http block is read (ngx_http_init_locations).
      if (nginx.httpBlockComplete(config)) {
        const locationBlocks = nginx.repeatedByBlock('location', mine);
        // Exact and prefix locations by path, with the block they are in (one map each for the
        // run, no map per block); regex and named locations may repeat; prefix and `^~` are both inclusive.
        const exact = new Map<string, { d: NginxDirective; scope: Scope }>();
        const prefix = new Map<string, { d: NginxDirective; scope: Scope }>();
        for (let b = 0; b < locationBlocks.length; b++) {
          const { scope, directives } = locationBlocks[b];
          for (let i = 0; i < directives.length; i++) {
            const d = directives[i];
            if (!d.block || !specOf(d, scope)) continue;
            const loc = nginx.location(d);
            if ('invalidModifier' in loc || loc.regex || loc.named) continue;
            const seen = loc.exact ? exact : prefix;
            const earlier = seen.get(loc.name);
            if (earlier && earlier.scope === scope) report(d, earlier.d, `duplicate location "${loc.name}": an earlier location of this block has the same ${loc.exact ? 'exact' : 'prefix'} match, so this one is never used`);
            else seen.set(loc.name, { d, scope });
          }
        }
      }

      // Listens: the same address twice in a server, or two default servers of one address.
      // By address, with the server it was seen in (one map for the run: no map per server).
      const seen = new Map<string, { d: NginxDirective; scope: Scope }>();
      const defaults = new Map<string, NginxDirective>();
      const listenBlocks = nginx.byBlock('listen', mine);
      for (let b = 0; b < listenBlocks.length; b++) {
        const { scope, directives } = listenBlocks[b];
        if (scope.context !== 'server') continue;
        for (let i = 0; i < directives.length; i++) {
          const d = directives[i];
          if (!specOf(d, scope)) continue;
          const address = nginx.listen(d);
          if (!address) continue;
          const earlier = seen.get(address.text);
          if (earlier && earlier.scope === scope) report(d, earlier.d, `a duplicate listen ${address.text}: this server listens there already`, true);
          else seen.set(address.text, { d, scope });
          if (address.defaultServer) {
            const other = defaults.get(address.text);
            if (other && other !== d) report(d, other, `duplicate default server for ${address.text}: only one server may be default_server on an address`, true);
            else defaults.set(address.text, d);
          }
        }
      }

      // Upstream names are unique per http block: the config's top level (a sites-enabled
      // fragment) or its `http` blocks. Upstream lines of a file with template tags are compared
      // too; only one a template fills in is not.
      const upstreamBlocks = nginx.repeatedByBlock('upstream', { config, templated: true });
      for (let b = 0; b < upstreamBlocks.length; b++) {
        const { scope, directives } = upstreamBlocks[b];
        if (scope.context !== 'http') continue;
        const names = new Map<string, NginxDirective>();
        for (let i = 0; i < directives.length; i++) {
          const d = directives[i];
          if (!d.block || !d.args[0] || nginx.filledIn(d)) continue;
          const name = d.args[0].value.toLowerCase();
          const earlier = names.get(name);
          if (earlier) report(d, earlier, `duplicate upstream "${d.args[0].value}": upstream names are unique (case-insensitively) in http`, true);
          else names.set(name, d);
        }
      }
    }
  },
};
