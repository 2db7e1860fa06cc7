// nginx/map-without-default: a `map` with two or more entries, or a `geo`, without `default`.
// A value the block does not list gives the variable the empty string (ngx_http_map_variable,
// ngx_http_geo_variable: the default of an unset `default` is ""), silently. Where the variable
// gates something (`if ($is_allowed)`, a backend name, a header value) every unlisted request
// gets "": an allow list built on a map lets nothing through, a deny list built on it lets
// everything through, a proxy_pass to http://$backend fails. A map of one entry without default
// is the usual way to set a key for some requests only (limit_req zones skip an empty key), so it
// is not judged; for geo, `0.0.0.0/0` (or `::/0`) is a default. Info: whether "" is meant is the
// author's; an explicit `default "";` says it is. Nor judged: a variable read only by add_header,
// proxy_set_header (an empty value sends no header) or limit_req_zone/limit_conn_zone (an empty
// key is not limited), where the empty value is what such a map is for.
import { relatedAt, wordSpan, type NginxDirective } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/**
 * Where an empty value switches the thing off, as the author of such a map means: add_header and
 * proxy_set_header send no header for "", limit_req_zone and limit_conn_zone count no request
 * with an empty key.
 */
const EMPTY_MEANS_OFF = new Set(['add_header', 'more_set_headers', 'proxy_set_header', 'limit_req_zone', 'limit_conn_zone']);

const MAP_PARAMETERS = new Set(['default', 'hostnames', 'volatile', 'include']);
const GEO_PARAMETERS = new Set(['default', 'ranges', 'delete', 'proxy', 'proxy_recursive', 'include']);

export const rule: Rule = {
  meta: {
    id: 'nginx/map-without-default',
    description: 'A map (of two or more entries) or geo without "default": every value it does not list gets ""',
    defaultSeverity: 'info',
    tags: ['security'],
    securitySeverity: 3.1,
    fixable: false,
    precision: 'medium',
    gixy: ['hash_without_default'],
  },
  check(context) {
    const nginx = context.query.nginx;
    // Per lower-case variable name: the names of the directives that read it, in every file of
    // the run (a fragment nobody includes counts too: it may be included where the run cannot see).
    // Read when a map or geo without a default is found (most runs have none).
    let readersByName: Map<string, Set<string>> | null = null;
    const readers = (): Map<string, Set<string>> => {
      if (readersByName) return readersByName;
      const found = new Map<string, Set<string>>();
      const walk = (lines: readonly NginxDirective[]) => {
        for (const d of lines) {
          // A map's or geo's last word is the variable it sets, not a read.
          const read = d.name === 'map' || d.name === 'geo' ? d.args.length - 1 : d.args.length;
          for (let k = 0; k < read; k++) {
            const value = d.args[k].value;
            if (!value.includes('$')) continue;
            for (const m of value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
              const name = m[1].toLowerCase();
              let set = found.get(name);
              if (!set) found.set(name, (set = new Set()));
              set.add(d.name);
            }
          }
          if (d.block) walk(d.block);
        }
      };
      const visited = new Set<unknown>();
      for (const config of nginx.configs) {
        for (const file of config.files) {
          if (visited.has(file)) continue;
          visited.add(file);
          walk(file.directives);
        }
      }
      readersByName = found;
      return found;
    };
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
          // Read only where "" switches a header or a limit off: the missing default is the point.
          const readBy = readers().get(variable.value.replace(/^\$/, '').toLowerCase());
          if (readBy && [...readBy].every((name) => EMPTY_MEANS_OFF.has(name))) continue;
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
