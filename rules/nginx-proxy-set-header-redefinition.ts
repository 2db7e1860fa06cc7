// nginx/proxy-set-header-redefinition: a block with its own proxy_set_header loses every
// proxy_set_header of the blocks around it. nginx takes the outer list only when a level sets
// none (ngx_http_proxy_merge_loc_conf: ngx_conf_merge_ptr_value(conf->headers_source,
// prev->headers_source, NULL)), so `proxy_set_header X-Real-IP ...` in a location sends the
// backend no `Host $host` (Host falls back to $proxy_host) and no X-Forwarded-For there. The
// same all-or-nothing merge holds for grpc_set_header (ngx_http_grpc_merge_loc_conf) and for
// fastcgi_param, uwsgi_param, scgi_param (`if (conf->params_source == NULL) conf->params =
// prev->params`): one `fastcgi_param SCRIPT_FILENAME` in a location drops the server's
// `include fastcgi_params`. A header set to "" is not sent (ngx_http_proxy_init_headers skips
// an empty value): losing that line lets the client's own header through to the backend.
// Facts: gixy's proxy_set_header_redefinition (MEDIUM).
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan, type NginxDirective, type NginxQuery, type Scope } from '../src/query/index.js';

/** The directives nginx merges all-or-nothing per level; headers compare case-insensitively. */
const FAMILIES: readonly { name: string; headers: boolean }[] = [
  { name: 'proxy_set_header', headers: true },
  { name: 'grpc_set_header', headers: true },
  { name: 'fastcgi_param', headers: false },
  { name: 'uwsgi_param', headers: false },
  { name: 'scgi_param', headers: false },
];

/** How many lost names a message lists before "and N more". */
const LISTED = 6;

export const rule: Rule = {
  meta: {
    id: 'nginx/proxy-set-header-redefinition',
    description: 'A proxy_set_header (grpc_set_header, fastcgi_param, uwsgi_param, scgi_param) in a nested block drops every one of the outer blocks',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 4.3,
    fixable: false,
    precision: 'very-high',
    gixy: ['proxy_set_header_redefinition'],
    options: {
      headers: {
        type: 'string[]',
        default: [],
        description: 'Report only when one of these names is lost (case-insensitive); empty: any',
        gixy: 'headers',
      },
    },
  },
  check(context) {
    const nginx = context.query.nginx;
    const only = new Set(((context.options.headers as readonly string[] | null) ?? []).map((h) => h.toLowerCase()));
    for (const family of FAMILIES) {
      // Templated lines are asked for too: a level with one is not judged (what it sets is not known).
      for (const { scope, directives: own } of nginx.byBlock(family.name, { templated: true })) {
        if (!scope.parent || (scope.kind !== 'server' && scope.kind !== 'location') || nginx.contextOf(scope) === null) continue;
        const outer = nginx.effective(scope.parent, family.name);
        if (outer.length === 0 || nginx.anyTemplated(own) || nginx.anyTemplated(outer)) continue;
        if (unreadIncludeHere(nginx, scope)) continue;
        const key = (d: NginxDirective) => (family.headers ? d.args[0]?.value.toLowerCase() : d.args[0]?.value);
        const kept = new Set(own.map(key));
        const lost = outer.filter((d) => d.args[0] && !kept.has(key(d)));
        if (lost.length === 0) continue;
        if (only.size > 0 && !lost.some((d) => only.has(d.args[0].value.toLowerCase()))) continue;
        context.report({ span: wordSpan(own[0]), message: messageFor(family, scope, lost), related: lost.map((d) => relatedAt(d, `outer ${d.args[0].value}, not in force here`)) });
      }
    }
  },
};

function messageFor(family: { name: string; headers: boolean }, scope: Scope, lost: readonly NginxDirective[]): string {
  const names = [...new Set(lost.map((d) => d.args[0].value))];
  const listed = names.length > LISTED ? `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more` : names.join(', ');
  const them = names.length === 1 ? 'it' : 'them';
  const what = family.headers ? 'requests it passes upstream go' : 'requests it passes go';
  let message = `${family.name} here drops the outer block's ${listed}: nginx inherits ${family.name} only into blocks that set none, so ${what} without ${them}`;
  if (family.headers && names.some((n) => n.toLowerCase() === 'host')) message += ' (Host falls back to $proxy_host, the upstream\'s name)';
  const blanked = family.headers ? lost.filter((d) => d.args[1] !== undefined && d.args[1].value === '').map((d) => d.args[0].value) : [];
  if (blanked.length > 0) message += `; the outer empty ${blanked.join(', ')} kept the client's own header from the backend, and now it passes through`;
  const hint = scope.kind === 'server' ? 'here' : 'in this location';
  const standard = family.headers ? '' : `, with "include ${family.name}s;" for nginx's standard set`;
  return `${message}; repeat ${them} ${hint}${standard} (or keep the shared lines in one include written at every level that adds its own)`;
}

/** Whether this very level has an include the run could not read: it may repeat the outer lines. */
function unreadIncludeHere(nginx: NginxQuery, scope: Scope): boolean {
  for (const config of nginx.configs) {
    let root: Scope = scope;
    while (root.parent) root = root.parent;
    if (nginx.root(config) !== root) continue;
    return nginx.unseenInclude(scope, config) && !(scope.parent && nginx.unseenInclude(scope.parent, config));
  }
  return false;
}
