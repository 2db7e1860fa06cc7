// nginx/map-without-default: a `map` with two or more entries, or a `geo`, without `default`.
// A value the block does not list gives the variable the empty string (ngx_http_map_variable,
// ngx_http_geo_variable: the default of an unset `default` is ""), silently. Where the variable
// gates something (`if ($is_allowed)`, a backend name, a header value) every unlisted request
// gets "": an allow list built on a map lets nothing through, a deny list built on it lets
// everything through, a proxy_pass to http://$backend fails. A map of one entry without default
// is the usual way to set a key for some requests only (limit_req zones skip an empty key), so it
// is not judged; for geo, `0.0.0.0/0` (or `::/0`) is a default. Info: whether "" is meant is the
// author's; an explicit `default "";` says it is.
import { relatedAt, wordSpan, type NginxDirective } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

const MAP_PARAMETERS = new Set(['default', 'hostnames', 'volatile', 'include']);
const GEO_PARAMETERS = new Set(['default', 'ranges', 'delete', 'proxy', 'proxy_recursive', 'include']);

export const rule: Rule = {
  meta: {
    id: 'nginx/map-without-default',
    description: 'A map (of two or more entries) or geo without "default": every value it does not list gets ""',
    defaultSeverity: 'info',
    tags: ['security'],
    fixable: false,
    precision: 'medium',
    gixy: ['hash_without_default'],
  },
  check(context) {
    const nginx = context.query.nginx;
    for (const config of nginx.configs) {
      for (const kind of ['map', 'geo'] as const) {
        for (const block of nginx.blocks(config, kind)) {
          const d = block.directive as NginxDirective;
          if (nginx.templated(d) || nginx.unseenIncludeWithin(block, config)) continue;
          const entries = block.directives;
          if (entries.some((e) => nginx.templated(e))) continue;
          if (entries.some((e) => e.name === 'default' && e.args.length > 0)) continue;
          const parameters = kind === 'map' ? MAP_PARAMETERS : GEO_PARAMETERS;
          const listed = entries.filter((e) => !parameters.has(e.name));
          if (kind === 'map' && listed.length < 2) continue;
          if (kind === 'geo' && listed.some((e) => e.name === '0.0.0.0/0' || e.name === '::/0')) continue;
          const variable = d.args[d.args.length - 1];
          if (!variable) continue;
          const source = kind === 'map' ? `${d.args[0]?.value ?? 'its value'}` : 'the client address';
          context.report({
            span: wordSpan(d, variable),
            message: `${kind} ${variable.value} has no "default": where ${source} is none of its ${listed.length} entries, ${variable.value} is "" without a word, and whatever it gates (an if, an allow list, a backend name) takes that; add "default <value>;", or "default '';" if the empty value is meant`,
            related: listed[0] ? [relatedAt(listed[0], 'first entry')] : undefined,
          });
        }
      }
    }
  },
};
